import { closeSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One process at a time owns a data folder: the hub serving it, or `antre restore` replacing its
 * database. The owner holds hub.lock there, naming its process; a lock left by a process that is
 * gone (a crash, a power cut) is taken over.
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** Linux's id of the running boot: after a reboot (a power cut) the pid in a lock may belong to anything. */
  boot: string | null;
  purpose: 'hub' | 'restore';
  since: number;
}

export type LockAttempt = { held: true; release(): void } | { held: false; holder: LockHolder };

export const LOCK_FILE = 'hub.lock';

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof holder.pid !== 'number' || typeof holder.host !== 'string') return null;
    return { pid: holder.pid, host: holder.host, boot: typeof holder.boot === 'string' ? holder.boot : null, purpose: holder.purpose === 'restore' ? 'restore' : 'hub', since: Number(holder.since) || 0 };
  } catch {
    return null;
  }
}

/** Whether the holder may still be running: on another machine (a shared folder) nobody can tell, so yes. */
function stillHeld(holder: LockHolder | null): holder is LockHolder {
  if (holder === null) return false;
  if (holder.host !== hostname()) return true;
  const boot = bootId();
  if (boot !== null && holder.boot !== null && holder.boot !== boot) return false;
  return alive(holder.pid);
}

export function acquireDataDirLock(dataDir: string, purpose: LockHolder['purpose'], now: () => number = Date.now): LockAttempt {
  const file = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), boot: bootId(), purpose, since: now() };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (stillHeld(holder)) return { held: false, holder };
      rmSync(file, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      held: true,
      release() {
        if (released) return;
        released = true;
        const holder = readHolder(file);
        if (holder?.pid === me.pid && holder.since === me.since) rmSync(file, { force: true });
      },
    };
  }
  // Another process took over the stale lock between our two attempts.
  const holder = readHolder(file);
  return { held: false, holder: holder ?? me };
}

export function describeHolder(holder: LockHolder): string {
  const what = holder.purpose === 'restore' ? 'a restore (antre restore)' : 'a hub';
  return `${what} is running on this data folder (process ${holder.pid} on ${holder.host} since ${new Date(holder.since).toISOString()})`;
}
