/**
 * ESC/POS real-time status (DLE EOT n) and the paper sensor status (GS r 1), as Epson documents
 * them for the TM-T88/TM-T82 class. Real-time queries are answered even while the printer is
 * offline or busy; GS r is answered only after everything sent before it was processed, which is
 * what makes it a confirmation that a job has printed.
 */

export const DLE_EOT = (n: 1 | 2 | 4): Uint8Array => Uint8Array.of(0x10, 0x04, n);
export const GS_R_PAPER = Uint8Array.of(0x1d, 0x72, 0x01);

export interface PrinterState {
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  error: boolean;
}

/** A real-time status byte (DLE EOT) has bit 4 set and bit 7 clear; anything else is not one. */
export function isStatusByte(b: number): boolean {
  return (b & 0x90) === 0x10;
}

/** A GS r paper status byte has bits 4 and 7 clear. */
export function isPaperStatusByte(b: number): boolean {
  return (b & 0x90) === 0x00;
}

/** DLE EOT 1: printer status. Bit 3: offline. */
export const parsePrinterStatus = (b: number) => ({ offline: (b & 0x08) !== 0 });

/** DLE EOT 2: offline cause. Bit 2: cover open; bit 5: stopped at paper end; bit 6: error. */
export const parseOfflineCause = (b: number) => ({ coverOpen: (b & 0x04) !== 0, paperOut: (b & 0x20) !== 0, error: (b & 0x40) !== 0 });

/** DLE EOT 4: roll paper sensor. Bits 2-3: near end; bits 5-6: paper end. */
export const parsePaperSensor = (b: number) => ({ paperNearEnd: (b & 0x0c) !== 0, paperOut: (b & 0x60) !== 0 });

/** GS r 1: paper sensor. Bits 0-1: near end; bits 2-3: paper end. */
export const parseGsPaper = (b: number) => ({ paperNearEnd: (b & 0x03) !== 0, paperOut: (b & 0x0c) !== 0 });

export type Blocking = 'offline' | 'cover_open' | 'paper_out' | 'error';

/** Why the printer cannot print now, most specific first; null when it can. */
export function blockingCondition(s: PrinterState): Blocking | null {
  if (s.coverOpen) return 'cover_open';
  if (s.paperOut) return 'paper_out';
  if (s.error) return 'error';
  if (s.offline) return 'offline';
  return null;
}
