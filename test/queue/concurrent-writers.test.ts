import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBranch, type TestBranch } from '../support/branch-fixture.js';

/**
 * Two kiosks' writers at once: each in its own process with its own connection to the same
 * branch file, issuing tickets of the same service as fast as they can. The numbers must come
 * out 1..N without duplicates or gaps, with one ticket.issued event per ticket.
 */

const WORKER = fileURLToPath(new URL('../support/issue-worker.mjs', import.meta.url));
const AT = Date.parse('2025-03-10T09:00:00+07:00');

interface WorkerResult {
  numbers: number[];
  errors: string[];
}

let branch: TestBranch | undefined;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill();
  branch?.close();
  branch = undefined;
});

function startWriter(file: string, opts: { serviceCode: string; count: number; label: string }) {
  const child = fork(WORKER, [JSON.stringify({ file, timeZone: 'Asia/Jakarta', at: AT, ...opts })], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const ready = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`writer ${opts.label} exited with ${code} before it was ready`)));
    child.on('message', (m: { type: string }) => {
      if (m.type === 'ready') resolve();
    });
  });
  const done = new Promise<WorkerResult>((resolve, reject) => {
    child.on('message', (m: { type: string } & WorkerResult) => {
      if (m.type === 'done') resolve({ numbers: m.numbers, errors: m.errors });
    });
    child.once('exit', (code) => reject(new Error(`writer ${opts.label} exited with ${code} without a result`)));
  });
  // The exit handler of `ready` must not turn into an unhandled rejection once `done` settled.
  ready.catch(() => undefined);
  return { child, ready, done };
}

async function runTogether(file: string, writers: { serviceCode: string; count: number; label: string }[]): Promise<WorkerResult[]> {
  const started = writers.map((w) => startWriter(file, w));
  await Promise.all(started.map((s) => s.ready));
  for (const s of started) s.child.send('go');
  return Promise.all(started.map((s) => s.done));
}

function setUp(): TestBranch {
  branch = createTestBranch({ timeZone: 'Asia/Jakarta', start: AT });
  branch.queue.setTodaysQuota('JHT', 999);
  branch.queue.setTodaysQuota('INFO', 999);
  return branch;
}

describe('two writers on one branch file', () => {
  it('issue 600 distinct numbers 1..600 without gaps, with exactly 600 ticket.issued events', async () => {
    const b = setUp();
    const eventsBefore = b.eventCount();
    const [one, two] = await runTogether(b.file, [
      { serviceCode: 'JHT', count: 300, label: 'kiosk-1' },
      { serviceCode: 'JHT', count: 300, label: 'kiosk-2' },
    ]);

    expect(one!.errors).toEqual([]);
    expect(two!.errors).toEqual([]);
    expect(one!.numbers).toHaveLength(300);
    expect(two!.numbers).toHaveLength(300);
    // Each writer saw its own numbers rising.
    for (const w of [one!, two!]) expect(w.numbers).toEqual([...w.numbers].sort((x, y) => x - y));

    const all = [...one!.numbers, ...two!.numbers].sort((x, y) => x - y);
    expect(new Set(all).size).toBe(600);
    expect(all).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));

    const rows = b.db.prepare("SELECT number, display_number AS display FROM tickets WHERE business_day = '2025-03-10' AND prefix = 'A' ORDER BY number").all() as {
      number: number;
      display: string;
    }[];
    expect(rows.map((r) => r.number)).toEqual(all);
    expect(new Set(rows.map((r) => r.display)).size).toBe(600);
    expect(rows.at(-1)!.display).toBe('A600');

    const issued = b.events().filter((e) => e.type === 'ticket.issued');
    expect(issued).toHaveLength(600);
    expect(b.eventCount() - eventsBefore).toBe(600);
    const numbersInEvents = issued.map((e) => (e.payload as { ticket: { displayNumber: string } }).ticket.displayNumber);
    expect(new Set(numbersInEvents).size).toBe(600);

    // The counter and the next ticket agree with what was handed out.
    expect(b.queue.issueTicket({ serviceCode: 'JHT' }).ticket.displayNumber).toBe('A601');
  });

  it('retrying the same requests from two processes at once issues each ticket once', async () => {
    const b = setUp();
    const [one, two] = await runTogether(b.file, [
      { serviceCode: 'INFO', count: 150, label: 'kiosk-9' },
      { serviceCode: 'INFO', count: 150, label: 'kiosk-9' },
    ]);
    expect(one!.errors).toEqual([]);
    expect(two!.errors).toEqual([]);
    // Request i got the same ticket in both processes.
    expect(two!.numbers).toEqual(one!.numbers);
    expect([...one!.numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(b.ticketCount()).toBe(150);
    expect(b.events().filter((e) => e.type === 'ticket.issued')).toHaveLength(150);
  });

  it('count each prefix on its own when the writers issue different services', async () => {
    const b = setUp();
    const [jht, info] = await runTogether(b.file, [
      { serviceCode: 'JHT', count: 60, label: 'kiosk-a' },
      { serviceCode: 'INFO', count: 60, label: 'kiosk-e' },
    ]);
    expect(jht!.numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(info!.numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });
});
