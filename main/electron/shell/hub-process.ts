import { utilityProcess } from 'electron';
import type { HubChild, HubChildMessage } from '../policy/hub-supervisor.js';

/** The hub's utility process as the supervisor sees it. */
export function forkHub(entry: string, root: string, profileFile: string): HubChild {
  const child = utilityProcess.fork(entry, [root, profileFile], { serviceName: 'Antre hub', stdio: 'inherit' });
  return {
    onMessage: (listener) => void child.on('message', (message: HubChildMessage) => listener(message)),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => {
      child.postMessage({ type: 'stop' });
      // A hub that does not close within ten seconds is ended: the database stays consistent (WAL).
      setTimeout(() => child.kill(), 10_000).unref();
    },
  };
}
