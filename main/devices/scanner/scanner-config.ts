/**
 * Which scanner to read and how: the part of a kiosk's device profile for its scanner. Validated with
 * one message naming the bad field, because the person reading it is at the kiosk.
 */
import { z } from 'zod';
import { HID_POS_LAYOUTS } from './hid-pos-decoder.js';
import { DEFAULT_MAX_SCAN_LENGTH, DEFAULT_PARTIAL_TIMEOUT_MS } from './scan-types.js';

/** A 16-bit USB or HID number: 3118, or "0x0c2e" as `lsusb` prints it. */
const usb16 = z.union(
  [
    z.number().int().min(0).max(0xffff),
    z
      .string()
      .regex(/^0x[0-9a-fA-F]{1,4}$/)
      .transform((hex) => Number.parseInt(hex, 16)),
  ],
  { error: 'a number from 0 to 65535, or hexadecimal such as "0x0c2e"' },
);

export const scannerConfigSchema = z.strictObject({
  vendorId: usb16,
  productId: usb16,
  /** Picks one collection of a composite scanner: 0x8C for HID-POS, 0x01 (with usage 0x06) for its keyboard. */
  usagePage: usb16.optional(),
  usage: usb16.optional(),
  /** The USB interface number, for platforms that list it. */
  interface: z.number().int().min(-1).max(255).optional(),
  /** Tells two scanners of the same model apart. */
  serialNumber: z.string().min(1).max(128).optional(),
  /** 'auto' decides by the collection's usage page: 0x8C is HID-POS, 0x01/0x06 is keyboard. */
  mode: z.enum(['auto', 'hid-pos', 'keyboard']).default('auto'),
  hidPosLayout: z.enum(HID_POS_LAYOUTS).default('aim-header'),
  hidPosReportId: z.number().int().min(1).max(255).default(0x02),
  /** Only for a keyboard interface that numbers its reports (a report id before the 8 boot bytes). */
  keyboardReportId: z.number().int().min(1).max(255).optional(),
  /** The longest scan accepted; longer ones are dropped whole. */
  maxLength: z.number().int().min(1).max(4096).default(DEFAULT_MAX_SCAN_LENGTH),
  /** Silence after which a scan that has not ended is dropped, in milliseconds. */
  partialTimeoutMs: z.number().int().min(50).max(10_000).default(DEFAULT_PARTIAL_TIMEOUT_MS),
  /** How often to look for the scanner while it is away, and check it is still there while it is open. */
  pollMs: z.number().int().min(100).max(60_000).default(2000),
});

export type ScannerConfigInput = z.input<typeof scannerConfigSchema>;
export type ScannerConfig = z.output<typeof scannerConfigSchema>;

export class ScannerConfigError extends Error {
  override name = 'ScannerConfigError';
}

/** The validated config, or a ScannerConfigError naming each bad field under `where`. */
export function parseScannerConfig(input: unknown, where = 'scanner'): ScannerConfig {
  const result = scannerConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const field = [where, ...issue.path.map(String)].join('.');
    return `  ${field}: ${issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message}`;
  });
  throw new ScannerConfigError(`invalid scanner settings\n${lines.join('\n')}`);
}

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

/** "0c2e:0b8f" with the filters, for status messages. */
export function describeScanner(config: ScannerConfig): string {
  const filters = [
    config.usagePage !== undefined ? `usage page ${hex4(config.usagePage)}` : null,
    config.usage !== undefined ? `usage ${hex4(config.usage)}` : null,
    config.interface !== undefined ? `interface ${config.interface}` : null,
    config.serialNumber !== undefined ? `serial ${config.serialNumber}` : null,
  ].filter((f) => f !== null);
  const id = `${config.vendorId.toString(16).padStart(4, '0')}:${config.productId.toString(16).padStart(4, '0')}`;
  return filters.length > 0 ? `${id} (${filters.join(', ')})` : id;
}
