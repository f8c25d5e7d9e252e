import { toString as renderQr, type QRCodeToStringOptions } from 'qrcode';

/** The address a ticket's QR code opens: the phone status page, under an unguessable code. */
export function statusUrl(origin: string, statusCode: string): string {
  return `${origin}/t/${statusCode}`;
}

/** Black on white with a quiet zone, so a phone reads it off a screen in lobby light. */
export const QR_OPTIONS: QRCodeToStringOptions = { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } };

export function qrSvg(url: string): Promise<string> {
  return renderQr(url, QR_OPTIONS);
}
