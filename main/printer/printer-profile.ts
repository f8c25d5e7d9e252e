import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import type { PrinterProfile } from './ticket-layout.js';

export interface PrinterSettings {
  paper: '80mm' | '58mm';
  model: PrinterProfile['model'];
  logo?: string | undefined;
}

/** Turns a profile's printer settings into the layout's profile, decoding the logo PNG once. */
export function printerProfile(settings: PrinterSettings, baseDir: string): PrinterProfile {
  const profile: PrinterProfile = { model: settings.model, paper: settings.paper };
  if (settings.logo) {
    const png = PNG.sync.read(readFileSync(resolve(baseDir, settings.logo)));
    profile.logo = { width: png.width, height: png.height, data: png.data };
  }
  return profile;
}
