import type { DeviceRegistry } from '../pairing/device-registry.js';
import type { BranchQueue } from '../queue/branch-queue.js';
import type { BranchEvent } from '../queue/events.js';

/**
 * Who may talk to whom over the device relay: a booth screen and the console whose officer
 * session holds that screen's booth, both ways. Nothing else pairs up yet. Worked out from the
 * sessions and the screens' bindings, and kept until an event may have changed them.
 */

export interface BoothPair {
  deviceId: string;
  positionId: string;
}

/** Events after which a booth screen may have another console, or a console other booths. */
const CHANGES_PAIRS = new Set<BranchEvent['type']>(['officer.signed_in', 'officer.signed_out', 'device.approved', 'device.claimed', 'device.bound', 'device.revoked', 'position.updated']);

export function createBoothPairs(queue: BranchQueue, devices: DeviceRegistry) {
  let pairs: Map<string, BoothPair[]> | null = null;

  const build = (): Map<string, BoothPair[]> => {
    const built = new Map<string, BoothPair[]>();
    const add = (deviceId: string, pair: BoothPair) => built.set(deviceId, [...(built.get(deviceId) ?? []), pair]);
    const sessions = queue.store.activeSessions();
    for (const screen of devices.devices()) {
      if (screen.role !== 'booth' || screen.status !== 'active' || !screen.positionId) continue;
      const positionId = screen.positionId;
      const session = sessions.find((s) => s.deviceId !== null && s.positions.includes(positionId));
      if (!session?.deviceId) continue;
      add(screen.id, { deviceId: session.deviceId, positionId });
      add(session.deviceId, { deviceId: screen.id, positionId });
    }
    return built;
  };

  return {
    /** The devices this one may relay to now; none for a device that is neither a booth screen nor a console serving booths. */
    peersOf(deviceId: string): readonly BoothPair[] {
      pairs ??= build();
      return pairs.get(deviceId) ?? [];
    },

    /** The console serving a booth position now, if its officer signed in from one. */
    consoleOf(positionId: string): string | null {
      return queue.store.activeSessions().find((s) => s.positions.includes(positionId))?.deviceId ?? null;
    },

    /** The booth screen bound to a position, if one is paired. */
    screenOf(positionId: string): string | null {
      return devices.devices().find((d) => d.role === 'booth' && d.status === 'active' && d.positionId === positionId)?.id ?? null;
    },

    /** Forgets the pairs when a batch of events may have changed them; true when it did. */
    noteEvents(events: readonly BranchEvent[]): boolean {
      if (!events.some((e) => CHANGES_PAIRS.has(e.type))) return false;
      pairs = null;
      return true;
    },
  };
}

export type BoothPairs = ReturnType<typeof createBoothPairs>;
