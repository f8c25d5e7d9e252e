/**
 * vitest globalSetup: tests that start `node main/bin.mjs` run the compiled code in build/, so it is
 * compiled again here when a source is newer than the last build (npm test has just built it; a
 * single test file run by hand after an edit would otherwise run yesterday's code). Type errors
 * are the type check's business: tsc still writes the JavaScript.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const STAMP = join(ROOT, 'build', '.tsbuildinfo');
const LOCK = join(ROOT, 'build', '.compiling');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.c?ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const builtAt = (): number => {
  try {
    return statSync(STAMP).mtimeMs;
  } catch {
    return 0;
  }
};

const stale = () => Math.max(newestSource(join(ROOT, 'main')), newestSource(join(ROOT, 'tools')), statSync(join(ROOT, 'tsconfig.build.json')).mtimeMs) > builtAt();

export default async function compileMain(): Promise<void> {
  if (!stale()) return;
  mkdirSync(join(ROOT, 'build'), { recursive: true });
  // Two test runs at once compile once: the second waits for the first's lock to go.
  for (let waited = 0; ; waited += 500) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (waited > 180_000) rmdirSync(LOCK);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!stale()) return;
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    } catch {
      console.warn('build/: compiled with type errors (npx tsc --noEmit -p tsconfig.json names them)');
    }
    // An incremental build with nothing to write leaves its stamp alone: mark it as checked now.
    const now = new Date();
    if (existsSync(STAMP)) utimesSync(STAMP, now, now);
  } finally {
    rmdirSync(LOCK);
  }
}
