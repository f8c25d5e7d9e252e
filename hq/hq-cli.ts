import { readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createBranchRegistry } from './branches/branch-registry.js';
import type { HqDatabase } from './db/hq-database.js';
import { migrateHq } from './db/migrate-hq.js';
import { openPgDatabase } from './db/pg-database.js';
import { openPgliteDatabase } from './db/pglite-database.js';
import { createFeedWriter, publication } from './feeds/feed-writer.js';
import { consoleHqLog } from './hq-log.js';
import { HqError } from './http/hq-error.js';
import { HqKeyError, loadHqKey, type HqKey } from './secrets/hq-key.js';
import { startHq } from './start-hq.js';

const USAGE = `antre hq: the headquarters service (docs/sync-contract.md, hq/README.md)

  antre hq [--port 8600] [--host 0.0.0.0]          serve branches, the booking site and the national view
  antre hq add-branch --id ID --name NAME [--zone Asia/Jakarta] [--new-secret]
                                                    register a branch (or give it a new secret) and print
                                                    its secret once, for the hub profile's hq section
  antre hq branches                                 list the registered branches
  antre hq publish --branch ID|--all --file FILE    publish services, quotas and booking slots (JSON:
                                                    { "services": [...], "quotas": [...], "slots": [...] })

  DATABASE_URL            PostgreSQL (postgres://user@host:5432/db); without it, PGlite in --data-dir
  ANTRE_HQ_KEY            the key that seals branch secrets (64 hex digits); or --key-file FILE; with
                          PGlite a key file is made in the data folder on first start
  ANTRE_HQ_BOOKING_TOKEN  the booking site's bearer token (the booking API is closed without it)
  ANTRE_HQ_VIEW_TOKEN     the national view's bearer token (closed without it)
`;

export class HqCliError extends Error {
  override name = 'HqCliError';
}

const LOCK_FILE = 'hq.pid';

interface Opened {
  db: HqDatabase;
  key: HqKey;
  /** For PGlite: the folder only one process may open. */
  dataDir: string | null;
}

/** PostgreSQL when DATABASE_URL is set, else PGlite in its folder; migrated, with the key that opens its secrets. */
async function openHq(values: { 'data-dir'?: string | undefined; 'key-file'?: string | undefined }, serving: boolean, migrationsDir: string): Promise<Opened> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const key = loadHqKey({ env: process.env.ANTRE_HQ_KEY, file: resolve(values['key-file'] ?? 'hq.key'), create: false });
    const db = openPgDatabase({ url });
    await migrateHq(db, migrationsDir);
    return { db, key, dataDir: null };
  }
  const dataDir = resolve(values['data-dir'] ?? 'hq-data');
  const lock = join(dataDir, LOCK_FILE);
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (pidAlive(pid)) {
      throw new HqCliError(
        serving
          ? `headquarters is already running on ${dataDir} (process ${pid}); PGlite serves one process: for more, use PostgreSQL (DATABASE_URL)`
          : `headquarters is running on ${dataDir} (process ${pid}): stop it first (PGlite opens in one process at a time), or run headquarters on PostgreSQL (DATABASE_URL)`,
      );
    }
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(lock, String(process.pid));
  const key = loadHqKey({ env: process.env.ANTRE_HQ_KEY, file: values['key-file'] ? resolve(values['key-file']) : join(dataDir, 'hq.key'), create: !values['key-file'] });
  const db = await openPgliteDatabase(join(dataDir, 'pgdata'));
  await migrateHq(db, migrationsDir);
  return { db, key, dataDir };
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function closeHq(opened: Opened): Promise<void> {
  await opened.db.close();
  if (opened.dataDir) rmSync(join(opened.dataDir, LOCK_FILE), { force: true });
}

const common = { 'data-dir': { type: 'string' }, 'key-file': { type: 'string' } } as const;

async function run(argv: string[], migrationsDir: string, print: (line: string) => void): Promise<void> {
  const [command, ...rest] = argv[0] && !argv[0].startsWith('-') ? argv : ['serve', ...argv];
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { ...common, port: { type: 'string', default: '8600' }, host: { type: 'string', default: '0.0.0.0' } } });
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HqCliError(`--port ${values.port}: give a port number from 0 to 65535`);
      const opened = await openHq(values, true, migrationsDir);
      const hq = await startHq({ db: opened.db, key: opened.key, host: values.host, port, bookingToken: process.env.ANTRE_HQ_BOOKING_TOKEN || undefined, viewToken: process.env.ANTRE_HQ_VIEW_TOKEN || undefined, log: consoleHqLog });
      print(`Antre headquarters at http://${values.host}:${new URL(hq.url).port} on ${opened.db.description}`);
      if (!process.env.ANTRE_HQ_BOOKING_TOKEN) print('The booking API is closed: set ANTRE_HQ_BOOKING_TOKEN to open it to the booking site.');
      if (!process.env.ANTRE_HQ_VIEW_TOKEN) print('The national view is closed: set ANTRE_HQ_VIEW_TOKEN to open it.');
      const stop = (signal: string) => {
        print(`${signal}: closing`);
        void hq.close().then(() => closeHq(opened)).then(() => process.exit(0));
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
      return;
    }
    case 'add-branch': {
      const { values } = parseArgs({ args: rest, options: { ...common, id: { type: 'string' }, name: { type: 'string' }, zone: { type: 'string' }, 'new-secret': { type: 'boolean', default: false } } });
      if (!values.id) throw new HqCliError('antre hq add-branch needs --id ID (the hub profile\'s hub.branch.id)');
      const opened = await openHq(values, false, migrationsDir);
      try {
        const registry = createBranchRegistry(opened.db, opened.key);
        if (values['new-secret']) {
          const { secret } = await registry.renewSecret(values.id);
          print(`New secret for branch ${values.id} (the old one no longer works; shown this once):\n  ${secret}`);
        } else {
          if (!values.name) throw new HqCliError('antre hq add-branch needs --name NAME (the branch\'s name as headquarters shows it)');
          const { secret } = await registry.add({ id: values.id, name: values.name, ...(values.zone ? { timeZone: values.zone } : {}) });
          print(`Branch ${values.id} added. Its secret (shown this once; put it in the hub's secret file, readable by the hub's user only):\n  ${secret}`);
        }
      } finally {
        await closeHq(opened);
      }
      return;
    }
    case 'branches': {
      const { values } = parseArgs({ args: rest, options: common });
      const opened = await openHq(values, false, migrationsDir);
      try {
        for (const b of await createBranchRegistry(opened.db, opened.key).list()) print(`${b.id.padEnd(20)} ${b.timeZone.padEnd(16)} ${b.disabled ? 'disabled ' : ''}${b.name}`);
      } finally {
        await closeHq(opened);
      }
      return;
    }
    case 'publish': {
      const { values } = parseArgs({ args: rest, options: { ...common, branch: { type: 'string' }, all: { type: 'boolean', default: false }, file: { type: 'string' } } });
      if (!values.file || (!values.branch && !values.all)) throw new HqCliError('antre hq publish needs --file FILE and --branch ID or --all');
      let input: unknown;
      try {
        input = JSON.parse(readFileSync(resolve(values.file), 'utf8'));
      } catch (err) {
        throw new HqCliError(`${values.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      const checked = publication.safeParse(input);
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        throw new HqCliError(`${values.file}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
      }
      const opened = await openHq(values, false, migrationsDir);
      try {
        const registry = createBranchRegistry(opened.db, opened.key);
        const branches = values.all ? (await registry.list()).map((b) => b.id) : [values.branch!];
        const writer = createFeedWriter(opened.db);
        for (const branch of branches) {
          if (!(await registry.keysOf(branch))) throw new HqCliError(`no branch ${branch}: add it first with antre hq add-branch`);
          const done = await writer.publish(branch, checked.data);
          print(`${branch}: ${done.services} services, ${done.quotas} quotas, ${done.slots} slots published`);
        }
      } finally {
        await closeHq(opened);
      }
      return;
    }
    default:
      print(USAGE);
      if (command !== 'help' && command !== '--help') throw new HqCliError(`unknown command antre hq ${command}`);
  }
}

/**
 * `antre hq ...`; `root` is the installation's folder, which holds hq/migrations. Refusals are
 * printed as one line and set a failing exit code.
 */
export async function runHqCli(argv: string[], root: string, print: (line: string) => void = console.log): Promise<void> {
  try {
    await run(argv, join(root, 'hq', 'migrations'), print);
  } catch (err) {
    if (err instanceof HqCliError || err instanceof HqKeyError || err instanceof HqError || err instanceof z.ZodError) {
      const message = err instanceof z.ZodError ? `${err.issues[0]!.path.join('.')}: ${err.issues[0]!.message}` : err.message;
      console.error(`antre hq: ${message}`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
