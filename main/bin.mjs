#!/usr/bin/env node
// The package's `antre` command. It runs the compiled code in build/ (npm run build:main, part of
// npm start and npm test), plain JavaScript that Node 20 and Electron's Node 22 both run; the
// installation's folder is passed down so no module has to guess where pages and migrations are.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'build', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error(`antre: ${cli} is missing: run npm run build first (it compiles main/ to build/)`);
  process.exit(1);
}
const { runCli } = await import(new URL(`file://${cli}`).href);
await runCli(process.argv.slice(2), root);
