import QRCode from 'qrcode';
import type { QrErrorCorrection } from './command-reader.js';

/**
 * The modules of a QR code as the printer would encode stored data: the smallest version that holds
 * it, in the modes that suit it. Model 1 is drawn as model 2, which is all the `qrcode` package makes.
 * Null when the data does not fit a QR code at that error correction level.
 */
export function qrSymbol(data: Uint8Array, text: string, errorCorrection: QrErrorCorrection): { size: number; modules: Uint8Array } | null {
  const ascii = data.every((b) => b >= 0x20 && b < 0x7f);
  try {
    const code = QRCode.create(ascii ? text : [{ mode: 'byte', data }], { errorCorrectionLevel: errorCorrection });
    return { size: code.modules.size, modules: code.modules.data };
  } catch {
    return null;
  }
}
