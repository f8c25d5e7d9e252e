// `npm run lint:electron` (part of npm test): Doyensec's electronegativity over main/electron.
// Fails on any finding above LOW, unless the line of the finding or the line above it carries
//   // electronegativity: accepted (CHECK_NAME): why
// so every accepted finding is explained where it is.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const input = join(root, 'main', 'electron');
const csv = join(mkdtempSync(join(tmpdir(), 'antre-eneg-')), 'findings.csv');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const bin = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
execFileSync(process.execPath, [bin, '-i', input, '-r', '-v', 'false', '-e', electronVersion, '-o', csv], { stdio: ['ignore', 'ignore', 'ignore'], timeout: 240_000 });

const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1);
const field = (row) => [...row.matchAll(/"([^"]*)"|([^,]+)/g)].map((m) => m[1] ?? m[2]);
let open = 0;
let accepted = 0;
for (const row of rows) {
  const [check, severity, , file, location] = field(row);
  if (severity === 'LOW' || severity === 'INFORMATIONAL') continue;
  const line = Number(location.split(':')[0]);
  const lines = readFileSync(join(input, file), 'utf8').split('\n');
  const note = [lines[line - 1], lines[line - 2]].some((l) => l?.includes(`electronegativity: accepted (${check})`));
  if (note) accepted++;
  else {
    open++;
    console.error(`electronegativity: ${severity} ${check} at main/electron/${file}:${location}`);
  }
}
console.log(`electronegativity: ${rows.length} findings, ${accepted} accepted above LOW with a comment at their place, ${open} open`);
if (open > 0) process.exit(1);
