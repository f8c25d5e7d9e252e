// `npm start`: the Antre app in Electron when Electron's binary is installed on this machine; where
// it is not (npm installs its package but could not download the binary), the whole demo branch in
// Node, as `antre demo`. Either way it says which mode it is in.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { electronBinary } from './electron-binary.mjs';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);

const electron = process.env.ANTRE_NO_ELECTRON ? { missing: 'ANTRE_NO_ELECTRON is set' } : electronBinary();
const child =
  'path' in electron
    ? (console.log(`antre: starting the Electron app (${electron.path}) with the demo profile; ANTRE_NO_ELECTRON=1 npm start runs the demo in Node instead`),
      spawn(electron.path, [root, '--profile', resolve(root, 'kiosk-profiles', 'demo.json'), ...args], { stdio: 'inherit' }))
    : (console.log(`antre: Electron's binary is not installed here (${electron.missing}); running the demo branch in Node, pages in any browser`),
      spawn(process.execPath, [resolve(root, 'main', 'bin.mjs'), 'demo', ...args], { stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
