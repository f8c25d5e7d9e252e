// A second writer process for the concurrency tests: opens its OWN connection to the branch file
// (better-sqlite3 connections cannot be shared between processes or threads), waits for the
// parent's "go" so that all writers start together, then issues tickets as fast as it can.
//
// Started with child_process.fork(); the TypeScript sources are loaded through tsx, the same way
// main/bin.mjs does it. Arguments arrive as one JSON string in argv[2]:
//   { file, timeZone, at, serviceCode, count, label }
// Messages to the parent: { type: 'ready' }, then { type: 'done', numbers, errors }.
import { register } from 'tsx/esm/api';

register();

const { openDatabase } = await import('../../main/db/connection.ts');
const { createBranchQueue } = await import('../../main/queue/branch-queue.ts');

const options = JSON.parse(process.argv[2]);
const db = openDatabase(options.file);
const queue = createBranchQueue(db, {
  branch: { id: 'test-branch', name: 'Test', timeZone: options.timeZone },
  clock: () => options.at,
});

process.once('message', (message) => {
  if (message !== 'go') return;
  const numbers = [];
  const errors = [];
  for (let i = 0; i < options.count; i++) {
    try {
      numbers.push(queue.issueTicket({ serviceCode: options.serviceCode, requestId: `${options.label}-${i}` }).ticket.number);
    } catch (error) {
      errors.push(String(error && error.message ? `${error.code ?? error.name}: ${error.message}` : error));
    }
  }
  db.close();
  process.send({ type: 'done', numbers, errors }, () => process.exit(0));
});

process.send({ type: 'ready' });
