import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { profileSchema, type Profile } from './profile-schema.js';

export class ProfileError extends Error {
  override name = 'ProfileError';
}

/**
 * Reads and validates a device profile. A bad profile stops start-up with one message that names
 * the file, the field and what is allowed, because the person reading it is at the device.
 */
export function loadProfile(file: string): Profile & { file: string; dir: string } {
  const path = resolve(file);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ProfileError(`${file}: cannot read the profile (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ProfileError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const result = profileSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.') || '(top level)';
      const allowed = issue.code === 'invalid_union' && issue.path.length === 0 ? 'role must be one of hub, demo, kiosk, display, booth, console, supervisor, station' : issue.message;
      return `  ${field}: ${issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : allowed}`;
    });
    throw new ProfileError(`${file}: invalid profile\n${lines.join('\n')}`);
  }
  return { ...result.data, file: path, dir: dirname(path) };
}
