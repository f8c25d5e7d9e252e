import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Headquarters' own key. Branch secrets must be readable by headquarters (an HMAC is checked with
 * the secret itself, so a hash of it would not do): they are sealed with AES-256-GCM under a key
 * derived from this one, and a copy of the database alone reveals none. NIKs are stored only as
 * a keyed hash, since a plain hash of a 16-digit number is undone by trying them all.
 */
export interface HqKey {
  sealSecret(secret: string): Buffer;
  openSecret(box: Buffer): string;
  nikHash(nik: string): string;
}

export class HqKeyError extends Error {
  override name = 'HqKeyError';
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function hqKeyFrom(material: Buffer): HqKey {
  if (material.length !== 32) throw new HqKeyError(`the headquarters key is ${material.length} bytes; it must be 32 (64 hex digits or 44 base64 characters)`);
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), `antre-hq ${purpose}`, 32));
  const secretKey = derive('branch secrets');
  const nikKey = derive('nik');
  return {
    sealSecret(secret) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv);
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
    },
    openSecret(box) {
      const decipher = createDecipheriv('aes-256-gcm', secretKey, box.subarray(0, IV_BYTES));
      decipher.setAuthTag(box.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(box.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new HqKeyError('a branch secret does not open with this headquarters key: start headquarters with the key the branches were added with');
      }
    },
    nikHash: (nik) => createHmac('sha256', nikKey).update(nik).digest('base64url'),
  };
}

/** A key as written in ANTRE_HQ_KEY or a key file: 64 hex digits or base64 of 32 bytes. */
export function parseHqKey(text: string, where: string): HqKey {
  const t = text.trim();
  const material = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  try {
    return hqKeyFrom(material);
  } catch (err) {
    throw new HqKeyError(`${where}: ${(err as Error).message}`);
  }
}

/** A new random key, as a key file holds it. */
export const newHqKeyText = (): string => randomBytes(32).toString('hex');

/**
 * The key from ANTRE_HQ_KEY, else from `file`; a missing file is created with a new key when
 * `create` (PGlite in its own folder: the key lives beside the data it protects), else refused.
 */
export function loadHqKey(options: { env: string | undefined; file: string; create: boolean }): HqKey {
  if (options.env !== undefined && options.env !== '') return parseHqKey(options.env, 'ANTRE_HQ_KEY');
  if (!existsSync(options.file)) {
    if (!options.create) {
      throw new HqKeyError(`no headquarters key: set ANTRE_HQ_KEY (64 hex digits, e.g. from "openssl rand -hex 32") or give --key-file FILE; keep it safe, branch secrets cannot be read without it`);
    }
    mkdirSync(dirname(options.file), { recursive: true });
    writeFileSync(options.file, `${newHqKeyText()}\n`, { mode: 0o600, flag: 'wx' });
  }
  return parseHqKey(readFileSync(options.file, 'utf8'), options.file);
}
