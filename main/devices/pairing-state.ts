import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a paired device keeps the token the supervisor's approval gave it: a file only its user
 * may read for `antre agent`, the OS keychain (Electron's safeStorage) in the app. The token is
 * never taken from the environment, where every child process and crash report would see it.
 */
export interface PairingState {
  /** Says where the token lives, for messages ("delete … to pair again"). */
  readonly where: string;
  load(): string | null;
  save(token: string): void;
  forget(): void;
}

export function filePairingState(stateDir: string): PairingState {
  const file = join(stateDir, 'device-token');
  return {
    where: file,
    load: () => (existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null),
    save(token) {
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(file, token, { mode: 0o600 });
    },
    forget: () => rmSync(file, { force: true }),
  };
}
