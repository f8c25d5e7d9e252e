/**
 * The branch hub inside the app: the entry of the utility process the main process forks
 * (utilityProcess), so better-sqlite3's synchronous calls never block a window. It starts the hub
 * of the profile named in its arguments, tells the main process its address and certificate, and
 * exits when the hub cannot start (the main process reports why and does not retry).
 * Arguments: the installation's folder, the profile file.
 */
import type {} from 'electron';
import { appLayout } from '../app-layout.js';
import { demoDeviceTokens, startHub } from '../hub/start-hub.js';
import { loadProfile } from '../profiles/load-profile.js';
import { hubPaths } from '../ops/hub-storage.js';
import type { HubChildMessage } from './policy/hub-supervisor.js';

const [root, profileFile] = process.argv.slice(2);
const tell = (message: HubChildMessage) => process.parentPort.postMessage(message);

try {
  if (!root || !profileFile) throw new Error('the hub process needs the installation folder and the profile file');
  const profile = loadProfile(profileFile);
  if (!('hub' in profile) || !profile.hub) throw new Error(`${profileFile}: this profile runs no hub`);
  const hub = await startHub({ layout: appLayout(root), hub: profile.hub, baseDir: profile.dir, profileFile, onError: (err) => console.error(`hub: ${(err as Error).message}`) });
  const demoDevices = profile.role === 'demo' ? demoDeviceTokens(hub, hubPaths(profile.hub, profile.dir).dataDir, profile.devices) : undefined;
  // A new branch: this PC's supervisor window opens the one-time setup page, as antre setup's
  // address would (a fresh code at every start until a supervisor is paired: this PC is the hub).
  const setupCode = profile.role !== 'demo' && hub.setup.needed() ? hub.setup.createCode().code : undefined;
  tell({ type: 'ready', url: hub.url, fingerprint: hub.fingerprint, demoDevices, setupCode });
  const stop = () => void hub.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.parentPort.on('message', (e) => {
    if ((e.data as { type?: string } | null)?.type === 'stop') stop();
  });
} catch (err) {
  tell({ type: 'failed', message: (err as Error).message });
  process.exit(1);
}
