import { safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PairingState } from '../../devices/pairing-state.js';

/** What a window's device keeps: its token and the hub certificate it pinned, both encrypted. */
interface Entry {
  token?: string;
  pinPem?: string;
  pinFingerprint?: string;
}

/**
 * Device tokens and pinned certificates, encrypted with the OS keychain (safeStorage: DPAPI on
 * Windows, the Secret Service or kwallet on Linux) in one file of the app's data folder. Refuses
 * to store a token in the clear when no keychain is available.
 */
export function openDeviceKeychain(file: string) {
  const read = (): Record<string, string> => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {});
  const entry = (name: string): Entry => {
    const sealed = read()[name];
    if (!sealed) return {};
    try {
      return JSON.parse(safeStorage.decryptString(Buffer.from(sealed, 'base64'))) as Entry;
    } catch {
      return {};
    }
  };
  const write = (name: string, value: Entry) => {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('the OS keychain is not available: the device token is not stored (install gnome-keyring or kwallet)');
    const all = read();
    all[name] = safeStorage.encryptString(JSON.stringify(value)).toString('base64');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(all), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  return {
    /** The pairing state of one window's device, for its cookie and the kiosk's agent. */
    pairing(name: string): PairingState {
      return {
        where: `${file} (${name})`,
        load: () => entry(name).token ?? null,
        save: (token) => write(name, { ...entry(name), token }),
        forget: () => write(name, { ...entry(name), token: undefined }),
      };
    },
    pinned(name: string): { pem: string; fingerprint: string } | null {
      const e = entry(name);
      return e.pinPem && e.pinFingerprint ? { pem: e.pinPem, fingerprint: e.pinFingerprint } : null;
    },
    pin(name: string, pem: string, fingerprint: string): void {
      write(name, { ...entry(name), pinPem: pem, pinFingerprint: fingerprint });
    },
  };
}

export type DeviceKeychain = ReturnType<typeof openDeviceKeychain>;
