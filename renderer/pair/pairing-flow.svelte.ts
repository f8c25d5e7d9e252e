import type { DeviceRole } from '../../main/wire/schemas.js';
import { claimPairing, requestPairing, savedPairing, type PendingPairing } from './pairing-service.js';

export type PairingPhase = 'requesting' | 'waiting' | 'approved' | 'unreachable';

const POLL_MS = 2000;
const RETRY_MS = 3000;

/**
 * An unpaired screen: asks the hub for a code, shows it, and asks every two seconds whether the
 * supervisor approved it. A refused or expired code is replaced by a new one by itself, so the
 * screen is never a dead end; once approved it opens the page of the role it was given.
 */
export class PairingFlow {
  phase = $state<PairingPhase>('requesting');
  pending = $state<PendingPairing | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    private readonly role: DeviceRole,
    private readonly deviceName: string,
    private readonly open: (role: DeviceRole) => void,
  ) {}

  start(): void {
    this.pending = savedPairing(this.role);
    void this.#step();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async #step(): Promise<void> {
    if (this.#stopped) return;
    try {
      if (!this.pending) {
        this.phase = 'requesting';
        this.pending = await requestPairing(this.role, this.deviceName);
      }
      const outcome = await claimPairing(this.pending);
      if (outcome.status === 'active') {
        this.phase = 'approved';
        this.open(outcome.role);
        return;
      }
      if (outcome.status === 'gone') this.pending = null;
      this.phase = this.pending ? 'waiting' : 'requesting';
      this.#later(outcome.status === 'gone' ? 0 : POLL_MS);
    } catch {
      this.phase = 'unreachable';
      this.#later(RETRY_MS);
    }
  }

  #later(ms: number): void {
    if (!this.#stopped) this.#timer = setTimeout(() => void this.#step(), ms);
  }
}
