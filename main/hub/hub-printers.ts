import type { HubSection } from '../profiles/profile-schema.js';
import { createPrintRunner, type PrintRunner } from '../printer/print-runner.js';
import { printerProfile } from '../printer/printer-profile.js';
import { openTransport } from '../printer/transports.js';
import type { DeviceRegistry } from '../pairing/device-registry.js';
import type { BranchQueue } from '../queue/branch-queue.js';
import type { EventStream } from './event-stream.js';
import { localJobSource } from './local-job-source.js';

/**
 * The network printers the hub runs itself. Each prints the jobs of the kiosk the supervisor bound
 * to it (a kiosk's printer 'hub:<name>'), so a printer may be listed before its kiosk is paired.
 */
export function startHubPrinters(options: {
  printers: HubSection['printers'];
  queue: BranchQueue;
  devices: DeviceRegistry;
  stream: EventStream;
  baseUrl: string;
  baseDir: string;
  onError: (err: unknown) => void;
}): { stop(): Promise<void> } {
  // One runner per printer, so a printer only ever has one conversation at a time.
  const runners = new Map<string, { deviceId: string; runner: PrintRunner }>();
  // Bindings resolved once; pairing changes forget them, since a printer may then serve another kiosk.
  const resolved = new Map<string, string | undefined>();
  const deviceIdOf = (name: string) => {
    if (!resolved.has(name)) resolved.set(name, options.devices.devices().find((d) => d.printer === `hub:${name}` && d.status === 'active')?.id);
    return resolved.get(name);
  };

  /** Starts the printer's runner for this kiosk; a printer moved to another kiosk lets go of the old one first. */
  const serve = (printer: HubSection['printers'][number], deviceId: string): void => {
    const previous = runners.get(printer.name);
    const runner = createPrintRunner({
      source: localJobSource(options.queue, deviceId, options.baseUrl),
      transport: openTransport(printer.address),
      profile: printerProfile(printer, options.baseDir),
      onError: options.onError,
    });
    runners.set(printer.name, { deviceId, runner });
    // Starting recovers interrupted jobs and prints what is queued.
    void (previous ? previous.runner.stop() : Promise.resolve()).then(() => runner.start()).catch(options.onError);
  };

  const wake = () => {
    for (const printer of options.printers) {
      const deviceId = deviceIdOf(printer.name);
      if (!deviceId) continue;
      const current = runners.get(printer.name);
      if (current?.deviceId === deviceId) void current.runner.kick();
      else serve(printer, deviceId);
    }
  };
  const unsubscribe = options.stream.subscribe((events) => {
    if (events.some((e) => e.type.startsWith('device.'))) resolved.clear();
    if (events.some((e) => e.type === 'print.queued' || e.type === 'device.approved' || e.type === 'device.claimed' || e.type === 'device.bound')) wake();
  });
  wake();
  return {
    async stop() {
      unsubscribe();
      await Promise.all([...runners.values()].map((r) => r.runner.stop()));
    },
  };
}
