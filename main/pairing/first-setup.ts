import { timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { QueueError } from '../queue/errors.js';
import type { QueueStore } from '../queue/queue-store.js';
import type { DeviceRegistry } from './device-registry.js';
import { randomCode, sha256 } from './device-registry.js';

/**
 * The first supervisor of a new branch. Approving a device needs a supervisor, so the very first
 * one is paired with a one-time code that `antre setup` (or the hub's first start) prints on the
 * hub machine. From the hub machine itself the code works until it is used; from another machine
 * only for a short time, so a code left on a screen does not stay a way in. Only its hash is kept.
 */

/** From another machine on the LAN the code works this long after it was made. */
export const SETUP_REMOTE_WINDOW_MS = 15 * 60_000;
const SETTING = 'setup_code';

interface StoredSetup {
  hash: string;
  createdAt: number;
}

/** The code people type: ten characters in two groups, without letters that look alike. */
const normalise = (code: string) => code.trim().toUpperCase().replace('-', '');

export function createFirstSetup(db: Database.Database, store: QueueStore, devices: DeviceRegistry, clock: () => number) {
  const q = {
    read: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
    write: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    spend: db.prepare('DELETE FROM settings WHERE key = ?'),
  };
  const stored = (): StoredSetup | null => {
    const value = q.read.get(SETTING) as string | undefined;
    return value ? (JSON.parse(value) as StoredSetup) : null;
  };

  return {
    /** Makes a new setup code, replacing any earlier one, and returns it: it is shown once and never stored. */
    createCode(): { code: string; createdAt: number; remoteUntil: number } {
      const raw = randomCode(10);
      const createdAt = clock();
      q.write.run(SETTING, JSON.stringify({ hash: sha256(raw), createdAt } satisfies StoredSetup));
      return { code: `${raw.slice(0, 5)}-${raw.slice(5)}`, createdAt, remoteUntil: createdAt + SETUP_REMOTE_WINDOW_MS };
    },

    /** A branch needs its setup address while no supervisor is paired. */
    needed(): boolean {
      return !devices.hasActiveSupervisor();
    },

    /** A code made earlier (by antre setup) is still unused: a hub start keeps it rather than replace it. */
    waiting(): boolean {
      return stored() !== null;
    },

    /** Pairs the browser that presents the code as the branch's first supervisor; the code is spent. */
    claim(code: string, name: string, fromLoopback: boolean): { deviceId: string; token: string } {
      return store.transaction(() => claimOnce(code, name, fromLoopback));
    },
  };

  function claimOnce(code: string, name: string, fromLoopback: boolean): { deviceId: string; token: string } {
    const setup = stored();
    if (!setup) throw new QueueError('conflict', 'this branch is already set up: ask a supervisor to pair this browser', { field: 'code', reason: 'setup_spent', params: {} });
    const given = Buffer.from(sha256(normalise(code)));
    if (!timingSafeEqual(given, Buffer.from(setup.hash))) {
      throw new QueueError('invalid', 'this is not the setup code: copy it from the hub again, or run antre setup for a new one', { field: 'code', reason: 'setup_code_invalid', params: {} });
    }
    if (!fromLoopback && clock() > setup.createdAt + SETUP_REMOTE_WINDOW_MS) {
      throw new QueueError('conflict', `the setup code works from another computer for ${SETUP_REMOTE_WINDOW_MS / 60_000} minutes only: open it on the hub, or run antre setup again`, {
        field: 'code',
        reason: 'setup_code_expired',
        params: { minutes: SETUP_REMOTE_WINDOW_MS / 60_000 },
      });
    }
    const paired = devices.preparePaired(name, 'supervisor');
    q.spend.run(SETTING);
    return paired;
  }
}

export type FirstSetup = ReturnType<typeof createFirstSetup>;
