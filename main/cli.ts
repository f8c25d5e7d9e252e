import { existsSync } from 'node:fs';
import { appLayout, type AppLayout } from './app-layout.js';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from './db/connection.js';
import { migrate, MigrationError } from './db/migrate.js';
import { checkDatabaseAtStart, prepareDataDir, StartupError } from './db/integrity.js';
import { demoDeviceTokens, startHub, type RunningHub } from './hub/start-hub.js';
import { createHubLog } from './ops/hub-log.js';
import { DATABASE_FILE, hubPaths } from './ops/hub-storage.js';
import { lanAddress } from './ops/lan-address.js';
import { restoreBackup, RestoreError } from './ops/restore.js';
import { runDeviceAgent } from './devices/device-agent.js';
import { filePairingState } from './devices/pairing-state.js';
import { printerMessage } from './hub/printer-messages.js';
import { printWithConfirmation } from './printer/print-ticket.js';
import { sampleTicket } from './printer/sample-ticket.js';
import { encodeTicket } from './printer/ticket-layout.js';
import { openTransport, PrinterAddressError } from './printer/transports.js';
import { createDeviceRegistry } from './pairing/device-registry.js';
import { createFirstSetup } from './pairing/first-setup.js';
import { loadProfile, ProfileError } from './profiles/load-profile.js';
import type { HubSection } from './profiles/profile-schema.js';
import { createBranchQueue } from './queue/branch-queue.js';
import { EXIT_PIN_SETTING } from './hub/routes/shell.js';
import { hashPin } from './hub/pin-hash.js';
import { pinSchema } from './wire/schemas.js';

const USAGE = `antre: the branch queue system

  antre demo [--profile FILE] [--port N]             a whole demo branch on this machine (kiosk-profiles/demo.json);
                                                     phones reach it at this computer's local network address
  antre hub --profile FILE [--port N]                run the branch hub of a profile
  antre setup --profile FILE [--again]               create the branch database and print the one-time
                                                     address that pairs the first supervisor
  antre migrate --db FILE                            bring a branch database to the current schema
  antre restore --profile FILE --from BACKUP         put a backup in place of the branch database
                                                     (checked first; the hub must be stopped)
  antre exit-pin --profile FILE                      set the supervisor's PIN that leaves kiosk mode on the
                                                     app's locked screens (read from standard input)
  antre check-profile FILE...                        validate device profiles
  antre agent --profile FILE                         run a kiosk's printer and scanner for the hub
  antre virtual-printer [--port 9100] [--out DIR] [--paper 80mm|58mm]
                                                     an ESC/POS printer that writes each job as PNG and text
  antre print-test --printer ADDRESS [--paper 80mm|58mm]
                                                     print a test ticket (tcp://HOST:9100, usb:/dev/usb/lp0,
                                                     serial:/dev/ttyUSB0?baud=38400)
  antre hq [add-branch|branches|publish] ...        the headquarters service (antre hq help)
`;

function waitForSignal(hub: { close(): Promise<void> }, after: () => Promise<void> = async () => undefined): void {
  const stop = (signal: string) => {
    console.log(`\n${signal}: closing`);
    hub.close().then(after).then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function describeMigration(hub: RunningHub): string {
  const m = hub.migration;
  if (m.applied.length === 0) return `schema version ${m.to}`;
  return `migrated ${m.from} → ${m.to}${m.backup ? ` (previous database copied to ${m.backup})` : ''}`;
}

/** The lines of USAGE about one command (its own line and the ones continuing it); all of it for an unknown one. */
export function usageOf(command: string | undefined): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((line) => command !== undefined && line.startsWith(`  antre ${command} `));
  if (start < 0) return USAGE;
  const end = lines.findIndex((line, i) => i > start && !/^\s{20,}\S/.test(line));
  return `usage:\n${lines.slice(start, end < 0 ? undefined : end).join('\n')}\n`;
}

/** A command line parseArgs refused (an unknown option, a missing value): said in a sentence, with the command's usage. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Where phones reach the demo: this computer's address on the local network, so the QR codes on
 * its tickets open on a phone (127.0.0.1 opens only on this computer). A profile's own publicUrl,
 * HTTPS or a random port (0) is left as it is, as is a computer with no network.
 */
function demoPublicUrl(hub: HubSection, port: number | undefined): { url: string | null; host?: string } {
  const listenPort = port ?? hub.listen.port;
  if (hub.publicUrl) return { url: hub.publicUrl };
  const address = hub.https || listenPort === 0 ? null : lanAddress();
  // Phones are other computers: the demo listens on the network, not on this computer alone.
  return address === null ? { url: null } : { url: `http://${address}:${listenPort}`, host: '0.0.0.0' };
}

async function main(argv: string[], layout: AppLayout): Promise<void> {
  const [command, ...rest] = argv;
  // "antre demo --help": the command's usage, never a stack trace. hq answers its own help.
  if (command !== 'hq' && (rest.includes('--help') || rest.includes('-h'))) {
    console.log(usageOf(command));
    return;
  }
  try {
    await run(command, rest, layout);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError((err as Error).message, command);
    throw err;
  }
}

async function run(command: string | undefined, rest: string[], layout: AppLayout): Promise<void> {
  switch (command) {
    case 'demo':
    case 'hub': {
      const { values } = parseArgs({ args: rest, options: { profile: { type: 'string' }, port: { type: 'string' } } });
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new ProfileError(`--port ${values.port}: give a port number from 0 to 65535`);
      const file = values.profile ?? (command === 'demo' ? join(layout.profilesDir, 'demo.json') : undefined);
      if (!file) throw new ProfileError('antre hub needs --profile FILE (see kiosk-profiles/hub.json)');
      const profile = loadProfile(file);
      if (profile.role !== 'hub' && profile.role !== 'demo') throw new ProfileError(`${file}: role is "${profile.role}", but antre ${command} needs a hub or demo profile`);
      const phones = profile.role === 'demo' ? demoPublicUrl(profile.hub, port) : { url: profile.hub.publicUrl ?? null };
      const hubSettings = phones.url === null ? profile.hub : { ...profile.hub, publicUrl: phones.url };
      const virtualPrinter = profile.role === 'demo' && profile.virtualPrinter ? await startDemoPrinter(profile.virtualPrinter, profile.dir) : null;
      const hub = await startHub({ layout, hub: hubSettings, baseDir: profile.dir, profileFile: file, port, host: phones.host, logToConsole: true, onError: (err) => console.error(`antre: ${(err as Error).message}`) });
      console.log(`Antre hub for ${profile.hub.branch.name} (${profile.hub.branch.timeZone}) at ${hub.url}: ${describeMigration(hub)}`);
      if (hub.fingerprint) console.log(`HTTPS certificate SHA-256 (each paired app pins it): ${hub.fingerprint}`);
      if (hub.publicHttpUrl) console.log(`Public pages over plain HTTP (phone status page${profile.hub.publicDisplay ? ', lobby display' : ''}): ${hub.publicHttpUrl}`);
      if (profile.role === 'hub' && hub.setup.needed()) {
        if (hub.setup.waiting()) console.log('No supervisor is paired yet: open the setup address antre setup printed, or run antre setup again for a new one.');
        else printSetupAddress(hub.setup.createCode(), profile.hub, hub.url);
      }
      if (profile.role === 'demo') {
        const tokens = demoDeviceTokens(hub, resolve(profile.dir, profile.hub.dataDir), profile.devices);
        // The addresses a phone can open too, so the kiosk screen's QR codes work like the printed ones.
        const base = (phones.url ?? hub.url).replace(/\/$/, '');
        if (phones.url === null) console.log('No local network address found: QR codes point at 127.0.0.1, which only this computer opens (a phone cannot).');
        else if (!profile.hub.publicUrl) console.log(`Phones reach the demo at ${base}, this computer's address on the local network: the QR codes on tickets and on the kiosk screen point there. The demo listens on the network for them.`);
        console.log('Demo devices (open each address in a browser):');
        for (const d of tokens) console.log(`  ${d.role.padEnd(10)} ${d.name.padEnd(18)} ${base}/${d.role}?token=${d.token}`);
        console.log(`API description: ${base}/api/v1/openapi.json`);
        if (virtualPrinter) console.log(`Printed tickets: ${virtualPrinter.outDir} (a PNG and a text file per ticket)`);
      }
      waitForSignal(hub, async () => virtualPrinter?.close());
      return;
    }
    case 'setup': {
      const { values } = parseArgs({ args: rest, options: { profile: { type: 'string' }, again: { type: 'boolean', default: false } } });
      if (!values.profile) throw new ProfileError('antre setup needs --profile FILE (see kiosk-profiles/hub.json)');
      const profile = loadProfile(values.profile);
      if (profile.role !== 'hub') throw new ProfileError(`${values.profile}: role is "${profile.role}", but antre setup needs a hub profile`);
      // The same checks as a hub start; no lock, since a running hub may need a new address too.
      const { dataDir } = hubPaths(profile.hub, profile.dir);
      prepareDataDir(dataDir);
      checkDatabaseAtStart(join(dataDir, DATABASE_FILE), `antre restore --profile ${values.profile} --from BACKUP`);
      const db = openDatabase(join(dataDir, DATABASE_FILE));
      try {
        migrate(db, layout.migrationsDir);
        const queue = createBranchQueue(db, { branch: profile.hub.branch });
        const setup = createFirstSetup(db, queue.store, createDeviceRegistry(db, queue.store, queue.clock), queue.clock);
        if (!setup.needed() && !values.again) {
          console.log(`${profile.hub.branch.name} already has a supervisor: pair more from the supervisor page. To pair a supervisor again without one (all supervisor browsers lost), run antre setup --again.`);
          return;
        }
        printSetupAddress(setup.createCode(), profile.hub, `http://127.0.0.1:${profile.hub.listen.port}`);
      } finally {
        db.close();
      }
      return;
    }
    case 'restore': {
      const { values } = parseArgs({ args: rest, options: { profile: { type: 'string' }, from: { type: 'string' } } });
      if (!values.profile || !values.from) throw new RestoreError('antre restore needs --profile FILE --from BACKUP (backups are in the folder the profile names, DATA_DIR/backups by default)');
      const profile = loadProfile(values.profile);
      if (profile.role !== 'hub' && profile.role !== 'demo') throw new ProfileError(`${values.profile}: role is "${profile.role}", but antre restore needs a hub profile`);
      const { dataDir } = hubPaths(profile.hub, profile.dir);
      const log = createHubLog({ dir: join(dataDir, 'logs') });
      try {
        const report = restoreBackup({ migrationsDir: layout.migrationsDir, dataDir, from: resolve(values.from), log });
        console.log(`restored ${report.restored} (schema version ${report.schemaVersion}) into ${dataDir}${report.previous ? `; the database it replaced is now ${report.previous}` : ''}. Start the hub again.`);
      } finally {
        log.close();
      }
      return;
    }
    case 'migrate': {
      const { values } = parseArgs({ args: rest, options: { db: { type: 'string' } } });
      if (!values.db) throw new MigrationError('antre migrate needs --db FILE');
      if (!existsSync(values.db)) throw new MigrationError(`${values.db}: no such database file (the hub creates a new branch database itself at start)`);
      const db = openDatabase(values.db);
      try {
        const report = migrate(db, layout.migrationsDir);
        console.log(report.applied.length === 0 ? `${values.db}: already at schema version ${report.to}` : `${values.db}: applied ${report.applied.join(', ')}${report.backup ? `; backup at ${report.backup}` : ''}`);
      } finally {
        db.close();
      }
      return;
    }
    case 'agent': {
      const { values } = parseArgs({ args: rest, options: { profile: { type: 'string' } } });
      if (!values.profile) throw new ProfileError('antre agent needs --profile FILE (see kiosk-profiles/kiosk.json)');
      const profile = loadProfile(values.profile);
      if (profile.role !== 'kiosk') throw new ProfileError(`${values.profile}: role is "${profile.role}", but the device agent runs a kiosk profile`);
      const agent = await runDeviceAgent(profile, profile.dir, filePairingState(resolve(profile.dir, profile.stateDir)), (line) => console.log(line));
      waitForSignal({ close: () => agent.stop() });
      return;
    }
    case 'virtual-printer': {
      const { values } = parseArgs({ args: rest, options: { port: { type: 'string', default: '9100' }, out: { type: 'string', default: 'printed' }, paper: { type: 'string', default: '80mm' }, host: { type: 'string', default: '0.0.0.0' } } });
      const paper = paperOf(values.paper);
      const { startVirtualPrinter, PROFILE_58MM, PROFILE_80MM } = await virtualPrinterTool();
      const printer = await startVirtualPrinter({ host: values.host, port: Number(values.port), outDir: resolve(values.out), profile: paper === '58mm' ? PROFILE_58MM : PROFILE_80MM, onJob: (job) => console.log(`job ${job.seq}: ${job.status}${job.pngPath ? ` → ${job.pngPath}` : ''}${job.error ? ` (${job.error.message})` : ''}`) });
      console.log(`Virtual ESC/POS printer on ${values.host}:${printer.port}, ${paper}, writing to ${resolve(values.out)}`);
      waitForSignal(printer);
      return;
    }
    case 'print-test': {
      const { values } = parseArgs({ args: rest, options: { printer: { type: 'string' }, paper: { type: 'string', default: '80mm' } } });
      if (!values.printer) throw new PrinterAddressError('antre print-test needs --printer ADDRESS');
      const transport = openTransport(values.printer);
      const outcome = await printWithConfirmation(transport, encodeTicket(sampleTicket(), { model: 'epson-tm-t88vi', paper: paperOf(values.paper) }));
      await transport.close();
      console.log(outcome.printed ? `printed on ${transport.description}${outcome.warning ? ` (warning: ${outcome.warning})` : ''}` : `not printed: ${printerMessage(transport.description, outcome.reason, null)}`);
      if (!outcome.printed) process.exitCode = 1;
      return;
    }
    case 'exit-pin': {
      const { values } = parseArgs({ args: rest, options: { profile: { type: 'string' } } });
      if (!values.profile) throw new ProfileError('antre exit-pin needs --profile FILE (the hub profile)');
      const profile = loadProfile(values.profile);
      if (profile.role !== 'hub' && profile.role !== 'demo' && !(profile.role === 'station' && profile.hub)) throw new ProfileError(`${values.profile}: role is "${profile.role}", but antre exit-pin needs the hub's profile`);
      const hub = profile.hub!;
      const pin = (await readStdin('PIN for leaving kiosk mode (4 to 8 digits): ')).trim();
      const parsed = pinSchema.safeParse(pin);
      if (!parsed.success) throw new ProfileError(`the PIN: ${parsed.error.issues[0]!.message}`);
      const { dataDir } = hubPaths(hub, profile.dir);
      const db = openDatabase(join(dataDir, DATABASE_FILE));
      try {
        migrate(db, layout.migrationsDir);
        createBranchQueue(db, { branch: hub.branch }).store.setSetting(EXIT_PIN_SETTING, await hashPin(parsed.data));
      } finally {
        db.close();
      }
      console.log('The PIN for leaving kiosk mode is set: the locked screens ask for it from now on.');
      return;
    }
    case 'hq': {
      // Headquarters runs on its own server, not in a branch: loaded only when asked for.
      const { runHqCli } = await import('../hq/hq-cli.js');
      await runHqCli(rest, layout.root);
      return;
    }
    case 'check-profile': {
      for (const file of rest) {
        const p = loadProfile(file);
        console.log(`${file}: ok (${p.role})`);
      }
      return;
    }
    default:
      console.log(USAGE);
      if (command !== undefined && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

/** The one-time setup address, from the hub computer itself and, for a short time, from the branch network. */
function printSetupAddress(setup: { code: string; remoteUntil: number }, hub: HubSection, localUrl: string): void {
  const until = new Intl.DateTimeFormat('en-GB', { timeZone: hub.branch.timeZone, hour: '2-digit', minute: '2-digit' }).format(setup.remoteUntil);
  console.log('Pair the first supervisor: open this address in a browser (it works once):');
  console.log(`  ${localUrl}/setup?code=${setup.code}   on the hub computer itself`);
  if (hub.publicUrl) console.log(`  ${hub.publicUrl.replace(/\/$/, '')}/setup?code=${setup.code}   from another computer on the branch network, until ${until}`);
  else console.log(`  http://<hub address>:${hub.listen.port}/setup?code=${setup.code}   from another computer on the branch network, until ${until}`);
}

async function readStdin(prompt: string): Promise<string> {
  if (process.stdin.isTTY) process.stdout.write(prompt);
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0] ?? '';
}

function paperOf(value: string | undefined): '80mm' | '58mm' {
  if (value === '80mm' || value === '58mm') return value;
  throw new PrinterAddressError(`--paper ${value}: give 80mm or 58mm`);
}

/**
 * The virtual printer is a development and demo tool in tools/, compiled beside main/ but not
 * shipped in the app package: loaded only when asked for, and missing there in words.
 */
async function virtualPrinterTool() {
  try {
    const [printer, document] = await Promise.all([import('../tools/virtual-printer/virtual-printer.js'), import('../tools/virtual-printer/ticket-document.js')]);
    return { startVirtualPrinter: printer.startVirtualPrinter, PROFILE_58MM: document.PROFILE_58MM, PROFILE_80MM: document.PROFILE_80MM };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new PrinterAddressError('the virtual printer is a development tool and is not part of this installation: run it from a clone of the repository');
  }
}

async function startDemoPrinter(settings: { port: number; outDir: string; paper: '80mm' | '58mm' }, baseDir: string) {
  const { startVirtualPrinter, PROFILE_58MM, PROFILE_80MM } = await virtualPrinterTool();
  const outDir = resolve(baseDir, settings.outDir);
  const printer = await startVirtualPrinter({ port: settings.port, outDir, profile: settings.paper === '58mm' ? PROFILE_58MM : PROFILE_80MM });
  return { outDir, close: () => printer.close() };
}

/** The `antre` command (main/bin.mjs): `root` is the installation's folder, for its pages, migrations and profiles. */
export async function runCli(argv: string[], root: string): Promise<void> {
  try {
    await main(argv, appLayout(root));
  } catch (err) {
    reportFailure(err);
  }
}

function reportFailure(err: unknown): never {
  if (err instanceof UsageError) {
    console.error(`antre: ${err.message}\n\n${usageOf(err.command)}`);
    process.exit(2);
  }
  if (err instanceof ProfileError || err instanceof MigrationError || err instanceof PrinterAddressError || err instanceof StartupError || err instanceof RestoreError) {
    console.error(`antre: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
}
