// Where Electron's binary is, without loading the `electron` package: its index.js downloads the
// binary when it is missing, which this machine cannot do. Used by npm start and the _electron tests.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const pkg = resolve(import.meta.dirname, '..', 'node_modules', 'electron');

/** @returns {{ path: string } | { missing: string }} */
export function electronBinary() {
  const pathFile = join(pkg, 'path.txt');
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  if (!existsSync(pathFile) && !process.env.ELECTRON_OVERRIDE_DIST_PATH) return { missing: `no ${pathFile}: the binary was never downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, or no network)` };
  const path = join(dist, existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron');
  return existsSync(path) ? { path } : { missing: `${path} does not exist` };
}
