import { createPrintRunner, type PrintRunner } from '../printer/print-runner.js';
import { printerProfile } from '../printer/printer-profile.js';
import { openTransport } from '../printer/transports.js';
import type { Profile } from '../profiles/profile-schema.js';
import { createHubLink, pairDevice, type HubTransport } from './hub-link.js';
import type { PairingState } from './pairing-state.js';
import { nodeHidAccess } from './scanner/node-hid-access.js';
import { ScannerReader } from './scanner/scanner-reader.js';

/** What the agent runs: a kiosk profile's hardware, or the kiosk part of a combined one. */
export type AgentSettings = Pick<Extract<Profile, { role: 'kiosk' }>, 'name' | 'hubUrl' | 'printer' | 'scanner'>;

/**
 * The device agent of a kiosk: runs the hardware that belongs to the kiosk (its printer and its
 * scanner) for the hub. Prints the kiosk's tickets as their jobs arrive, reports the printer's
 * condition, and passes scanned codes to the kiosk's page through the hub.
 */
export async function runDeviceAgent(profile: AgentSettings, baseDir: string, pairing: PairingState, log: (line: string) => void, transport?: HubTransport): Promise<{ stop(): Promise<void> }> {
  let token = pairing.load();
  if (!token) {
    token = await pairDevice(profile.hubUrl, profile.name, log);
    pairing.save(token);
  }
  const link = createHubLink(profile.hubUrl, token, transport);
  const me = (await link.whoAmI()).device;
  if (!me || me.role !== 'kiosk') throw new Error(`the token in ${pairing.where} is not a kiosk's (it is ${me?.role ?? 'unknown'}): delete it to pair again`);
  log(`Paired as ${me.name} (${me.id}) with ${profile.hubUrl}`);

  let printer: PrintRunner | null = null;
  if (profile.printer) {
    printer = createPrintRunner({
      source: link.jobs,
      transport: openTransport(profile.printer.address),
      profile: printerProfile(profile.printer, baseDir),
      onError: (err) => log(`printer: ${(err as Error).message}`),
    });
    await printer.start();
    log(`Printing to ${profile.printer.address}`);
  }

  const stream = link.follow(
    (event) => {
      if (event.type === 'print.queued' && event.payload.deviceId === me.id) void printer?.kick();
    },
    (connected) => {
      log(connected ? 'Connected to the hub' : 'Hub connection lost: retrying');
      if (connected) void printer?.kick();
    },
  );

  let scanner: ScannerReader | null = null;
  if (profile.scanner) {
    scanner = new ScannerReader({
      hid: nodeHidAccess,
      config: profile.scanner,
      onScan: (code) => void link.sendScan(code).catch((err: Error) => log(`scanner: could not pass on a scan: ${err.message}`)),
      onStatus: (status) => log(status.state === 'connected' ? 'Scanner connected' : `Scanner: ${status.reason}`),
    });
    scanner.start();
  }

  return {
    async stop() {
      stream.close();
      scanner?.stop();
      await printer?.stop();
    },
  };
}
