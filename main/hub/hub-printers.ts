import type { HubSection } from '../profiles/profile-schema.js';
import { createPrintRunner, type PrintRunner } from '../printer/print-runner.js';
import { printerProfile } from '../printer/printer-profile.js';
import { openTransport } from '../printer/transports.js';
import type { DeviceRegistry } from '../pairing/device-registry.js';
import type { BranchQueue } from '../queue/branch-queue.js';
import type { EventStream } from './event-stream.js';
import { localJobSource } from './local-job-source.js';

/**
 * The network printers the hub runs itself. Each prints the jobs of the kiosk its profile names,
 * found by name among the paired devices when its first job arrives, so a printer may be listed
 * before its kiosk is paired.
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
  const runners = new Map<string, PrintRunner>();
  // Kiosk names resolved once; pairing changes forget them, since a name may then mean another device.
  const resolved = new Map<string, string | undefined>();
  const deviceIdOf = (name: string) => {
    if (!resolved.has(name)) resolved.set(name, options.devices.devices().find((d) => d.name === name && d.status === 'active')?.id);
    return resolved.get(name);
  };

  const runnerFor = (printer: HubSection['printers'][number], deviceId: string): PrintRunner => {
    let runner = runners.get(deviceId);
    if (!runner) {
      runner = createPrintRunner({
        source: localJobSource(options.queue, deviceId, options.baseUrl),
        transport: openTransport(printer.address),
        profile: printerProfile(printer, options.baseDir),
        onError: options.onError,
      });
      runners.set(deviceId, runner);
      void runner.start();
    }
    return runner;
  };

  const wake = () => {
    for (const printer of options.printers) {
      const deviceId = deviceIdOf(printer.device);
      if (deviceId) void runnerFor(printer, deviceId).kick();
    }
  };
  const unsubscribe = options.stream.subscribe((events) => {
    if (events.some((e) => e.type.startsWith('device.'))) resolved.clear();
    if (events.some((e) => e.type === 'print.queued' || e.type === 'device.approved' || e.type === 'device.claimed')) wake();
  });
  wake();
  return {
    async stop() {
      unsubscribe();
      await Promise.all([...runners.values()].map((r) => r.stop()));
    },
  };
}
