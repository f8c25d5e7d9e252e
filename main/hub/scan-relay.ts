import type { EventStream } from './event-stream.js';

/**
 * A kiosk's scanner reads (a booking QR, usually) passed from its device agent to its own page
 * and to no other device. A scan is input, not a fact: it is never stored, never replayed after a
 * reconnect (the person has walked on by then) and never reaches headquarters.
 */
export function createScanRelay(stream: Pick<EventStream, 'sendToDevice'>) {
  return {
    /** Hands the code to the kiosk's open streams; returns how many received it (0: its page is not connected). */
    relay(kioskId: string, code: string): number {
      return stream.sendToDevice(kioskId, { type: 'scan', code });
    },
  };
}

export type ScanRelay = ReturnType<typeof createScanRelay>;
