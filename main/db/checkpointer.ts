import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { BranchDatabase } from './connection.js';

/**
 * Moves WAL checkpoints off the hub's event loop. SQLite checkpoints inside whichever commit
 * crosses the threshold, so one ticket in a hundred would wait for a whole checkpoint; a worker
 * with its own connection checkpoints passively instead, without blocking the writer. The
 * in-line threshold stays as a safety net, raised, in case the worker falls behind.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage(String(err));
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

const SAFETY_NET_PAGES = 20_000;

export function startCheckpointer(db: BranchDatabase, intervalMs = 1000, onError: (message: string) => void = () => {}): { stop(): Promise<void> } {
  db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: db.name, intervalMs } });
  worker.on('message', (m) => onError(String(m)));
  worker.on('error', (err) => onError(String(err)));
  worker.unref();
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        // Held while stopping, so a process with nothing else to do waits for the last checkpoint.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      })),
  };
}
