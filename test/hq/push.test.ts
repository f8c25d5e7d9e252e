import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestBranch, eventId, logEvents, startTestHq, type TestHq } from './support/hq-fixture.js';

/** Branch to headquarters: each event stored once, held_through never past a hole (docs/sync-contract.md, section 2). */

let hq: TestHq;
beforeAll(async () => {
  hq = await startTestHq({ processes: 2 });
}, 120_000);
afterAll(async () => hq?.close());

const held = async (branch: string, epoch: string) => {
  const rows = await hq.database.db.query<{ n: number; seqs: number; lo: number | null; hi: number | null }>(
    'SELECT count(*)::int AS n, count(DISTINCT seq)::int AS seqs, min(seq) AS lo, max(seq) AS hi FROM hq_events WHERE branch_id = $1 AND epoch = $2',
    [branch, epoch],
  );
  return rows[0]!;
};

describe('push', () => {
  it('stores a batch and answers the highest seq held without a gap', async () => {
    const b = await addTestBranch(hq, 'push-order');
    const epoch = crypto.randomUUID();
    const first = await b.push(epoch, 1, logEvents(1, 500));
    expect(first).toEqual({ status: 200, body: { epoch, heldThrough: 500, stored: 500 } });
    const next = await b.push(epoch, 1, logEvents(501, 700));
    expect(next.body).toEqual({ epoch, heldThrough: 700, stored: 200 });
    expect(await held('push-order', epoch)).toEqual({ n: 700, seqs: 700, lo: 1, hi: 700 });
  });

  it('takes a duplicate or a retried batch (its answer lost) without storing anything twice', async () => {
    const b = await addTestBranch(hq, 'push-dup');
    const epoch = crypto.randomUUID();
    const batch = logEvents(1, 300);
    await b.push(epoch, 1, batch);
    // The answer was lost: the branch sends the same events again, then a batch overlapping them.
    expect((await b.push(epoch, 1, batch)).body).toEqual({ epoch, heldThrough: 300, stored: 0 });
    expect((await b.push(epoch, 1, logEvents(201, 400))).body).toEqual({ epoch, heldThrough: 400, stored: 100 });
    expect(await held('push-dup', epoch)).toEqual({ n: 400, seqs: 400, lo: 1, hi: 400 });
  });

  it('keeps a reordered batch but does not answer past the hole before it, then closes it', async () => {
    const b = await addTestBranch(hq, 'push-reorder');
    const epoch = crypto.randomUUID();
    // The epoch starts at seq 41 (the log held 40 events before sync began).
    expect((await b.push(epoch, 41, logEvents(141, 240))).body).toEqual({ epoch, heldThrough: 40, stored: 100 });
    expect((await b.push(epoch, 41, logEvents(41, 100))).body).toEqual({ epoch, heldThrough: 100, stored: 60 });
    expect((await b.push(epoch, 41, logEvents(300, 310))).body).toEqual({ epoch, heldThrough: 100, stored: 11 });
    // The missing 101..140 joins both runs held beyond it, up to the next hole at 241.
    expect((await b.push(epoch, 41, logEvents(101, 140))).body).toEqual({ epoch, heldThrough: 240, stored: 40 });
    expect((await b.push(epoch, 41, logEvents(241, 299))).body).toEqual({ epoch, heldThrough: 310, stored: 59 });
    expect(await held('push-reorder', epoch)).toEqual({ n: 270, seqs: 270, lo: 41, hi: 310 });
  });

  it('stores each event once when two headquarters processes take the same batches at the same moment', async () => {
    const b = await addTestBranch(hq, 'push-race');
    const epoch = crypto.randomUUID();
    const [one, two] = hq.urls as [string, string];
    const answers = [];
    for (let round = 0; round < 10; round++) {
      const batch = logEvents(round * 200 + 1, round * 200 + 200);
      // The same batch to both processes, and an overlapping retry of it, all at once.
      answers.push(...(await Promise.all([b.push(epoch, 1, batch, one), b.push(epoch, 1, batch, two), b.push(epoch, 1, batch.slice(100), two)])));
    }
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const stored = answers.reduce((n, a) => n + (a.body.stored as number), 0);
    expect(stored).toBe(2000);
    expect(Math.max(...answers.map((a) => a.body.heldThrough as number))).toBe(2000);
    expect(await held('push-race', epoch)).toEqual({ n: 2000, seqs: 2000, lo: 1, hi: 2000 });
  });

  it('refuses a batch that gives a held seq another event id, storing none of it', async () => {
    const b = await addTestBranch(hq, 'push-conflict');
    const epoch = crypto.randomUUID();
    await b.push(epoch, 1, logEvents(1, 10));
    const rewound = logEvents(9, 12).map((e) => (e.seq === 10 ? { ...e, id: eventId(10, 'restored') } : e));
    const answer = await b.push(epoch, 1, rewound);
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'conflict', reason: 'event_conflict', params: { seq: 10, held: eventId(10), sent: eventId(10, 'restored') } });
    expect(await held('push-conflict', epoch)).toMatchObject({ n: 10, hi: 10 });
  });

  it('accepts a new epoch from the branch and keeps every event of the old one', async () => {
    const b = await addTestBranch(hq, 'push-epoch');
    const old = crypto.randomUUID();
    await b.push(old, 1, logEvents(1, 120));
    // A restored backup: seq rewinds to 81 in a new epoch, with other events under the same seqs.
    const restored = crypto.randomUUID();
    const events = logEvents(81, 150).map((e) => ({ ...e, id: eventId(e.seq, 'restored') }));
    expect((await b.push(restored, 81, events)).body).toEqual({ epoch: restored, heldThrough: 150, stored: 70 });
    expect(await held('push-epoch', old)).toEqual({ n: 120, seqs: 120, lo: 1, hi: 120 });
    expect(await held('push-epoch', restored)).toEqual({ n: 70, seqs: 70, lo: 81, hi: 150 });
    // The old epoch still takes what it had not sent (its file may be pushed by a hub that kept it).
    expect((await b.push(old, 1, logEvents(121, 130))).body).toEqual({ epoch: old, heldThrough: 130, stored: 10 });
  });

  it("refuses an epoch whose firstSeq differs from the one headquarters holds", async () => {
    const b = await addTestBranch(hq, 'push-first');
    const epoch = crypto.randomUUID();
    await b.push(epoch, 1, logEvents(1, 5));
    const answer = await b.push(epoch, 3, logEvents(6, 8));
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ reason: 'epoch_mismatch', field: 'firstSeq', params: { epoch, held: 1, sent: 3 } });
  });

  it('refuses a batch out of seq order, naming the event', async () => {
    const b = await addTestBranch(hq, 'push-invalid');
    const events = logEvents(1, 3);
    const answer = await b.push(crypto.randomUUID(), 1, [events[0], events[2], events[1]]);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid', reason: 'invalid_input', field: 'events.2.seq' });
  });

  it("keeps branches apart: the same epoch and seqs of two branches are two logs", async () => {
    const a = await addTestBranch(hq, 'push-apart-a');
    const b = await addTestBranch(hq, 'push-apart-b');
    const epoch = crypto.randomUUID();
    await a.push(epoch, 1, logEvents(1, 10));
    expect((await b.push(epoch, 1, logEvents(1, 10))).body).toEqual({ epoch, heldThrough: 10, stored: 10 });
  });
});
