/**
 * The status bytes an Epson TM-T88/TM-T82 class printer answers, per condition of the virtual printer.
 *
 * DLE EOT n (real-time, answered at once; bits 1 and 4 are always set):
 *   n = 1 printer status:   bit 3 offline
 *   n = 2 offline cause:    bit 2 cover open, bit 3 paper fed by the FEED button, bit 5 stopped at paper end, bit 6 error
 *   n = 3 error cause:      bit 3 autocutter error, bit 5 unrecoverable error, bit 6 auto-recoverable error
 *   n = 4 roll paper sensor: bits 2+3 near end, bits 5+6 paper end
 * GS r n (answered in order with the other commands; bit 4 is always clear, which tells it from DLE EOT):
 *   n = 1 paper sensor: bits 0+1 near end, bits 2+3 paper end
 *   n = 2 drawer kick-out connector: bit 0 pin 3 level
 *
 * | condition      | EOT 1 | EOT 2 | EOT 3 | EOT 4 | GS r 1 |
 * | ready          | 0x12  | 0x12  | 0x12  | 0x12  | 0x00   |
 * | paper_near_end | 0x12  | 0x12  | 0x12  | 0x1E  | 0x03   |
 * | offline        | 0x1A  | 0x12  | 0x12  | 0x12  | 0x00   |
 * | cover_open     | 0x1A  | 0x16  | 0x12  | 0x12  | 0x00   |
 * | paper_out      | 0x1A  | 0x32  | 0x12  | 0x7E  | 0x0F   |
 * | error          | 0x1A  | 0x52  | 0x32  | 0x12  | 0x00   |
 *
 * A fault (an unknown command) adds 'error' to whatever condition the printer is in; the bytes then
 * carry the bits of both. With the paper out, both roll sensors see no paper, so the near-end bits are set as well as the end
 * bits (0x7E, not 0x72): a client has to test the end bits first. 'offline' is the printer switched
 * offline with no cause the other bytes report (as while it waits for online recovery).
 */

export type PrinterCondition = 'ready' | 'offline' | 'cover_open' | 'paper_near_end' | 'paper_out' | 'error';

export const PRINTER_CONDITIONS: readonly PrinterCondition[] = ['ready', 'offline', 'cover_open', 'paper_near_end', 'paper_out', 'error'];

/**
 * The printer can be in more than one condition at once: a fault (error) with the paper out reports
 * both, each status byte being the bits of all of them.
 */
export type PrinterConditions = PrinterCondition | readonly PrinterCondition[];

function all(conditions: PrinterConditions): readonly PrinterCondition[] {
  return typeof conditions === 'string' ? [conditions] : conditions;
}

/** Whether the printer prints what it receives: only when ready or near the end of the paper. */
export function printsIn(conditions: PrinterConditions): boolean {
  return all(conditions).every((c) => c === 'ready' || c === 'paper_near_end');
}

const FIXED_EOT = 0x12;

function realtimeBits(condition: PrinterCondition, n: 1 | 2 | 3 | 4): number {
  switch (n) {
    case 1:
      return printsIn(condition) ? 0 : 0x08;
    case 2:
      return (condition === 'cover_open' ? 0x04 : 0) | (condition === 'paper_out' ? 0x20 : 0) | (condition === 'error' ? 0x40 : 0);
    case 3:
      return condition === 'error' ? 0x20 : 0;
    case 4:
      return (condition === 'paper_near_end' || condition === 'paper_out' ? 0x0c : 0) | (condition === 'paper_out' ? 0x60 : 0);
  }
}

/** The byte DLE EOT n answers. */
export function realtimeStatus(conditions: PrinterConditions, n: 1 | 2 | 3 | 4): number {
  return all(conditions).reduce((byte, c) => byte | realtimeBits(c, n), FIXED_EOT);
}

/** The byte GS r n answers. */
export function transmittedStatus(conditions: PrinterConditions, n: 1 | 2): number {
  if (n === 2) return 0x00;
  return all(conditions).reduce((byte, c) => byte | (c === 'paper_near_end' || c === 'paper_out' ? 0x03 : 0) | (c === 'paper_out' ? 0x0c : 0), 0);
}
