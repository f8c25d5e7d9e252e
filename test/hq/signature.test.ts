import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingText } from '../../main/wire/sync.js';
import { addTestBranch, logEvents, signedRequest, startTestHq, type TestHq } from './support/hq-fixture.js';

/** Every request is signed by its branch; headquarters refuses, changing nothing, what is old, replayed, another's or altered. */

let hq: TestHq;
let jkt: Awaited<ReturnType<typeof addTestBranch>>;
let mks: Awaited<ReturnType<typeof addTestBranch>>;
beforeAll(async () => {
  hq = await startTestHq({ processes: 2 });
  jkt = await addTestBranch(hq, 'sig-jkt');
  mks = await addTestBranch(hq, 'sig-mks', 'Asia/Makassar');
}, 120_000);
afterAll(async () => hq?.close());

const path = (branch: string) => `/api/v1/branches/${branch}/events`;
const batch = (branch: string, epoch: string, from: number, to: number) => ({ branch, epoch, firstSeq: 1, events: logEvents(from, to) });
const storedFor = async (branch: string) =>
  (await hq.database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hq_events WHERE branch_id = $1', [branch]))[0]!.n;

describe('signed requests', () => {
  it('accepts a request signed with the branch secret', async () => {
    const epoch = crypto.randomUUID();
    const answer = await signedRequest(hq.url, jkt.id, jkt.secret, 'POST', path(jkt.id), batch(jkt.id, epoch, 1, 3));
    expect(answer).toEqual({ status: 200, body: { epoch, heldThrough: 3, stored: 3 } });
  });

  it('refuses a request signed more than five minutes ago, or as far ahead', async () => {
    const before = await storedFor(jkt.id);
    const old = await signedRequest(hq.url, jkt.id, jkt.secret, 'POST', path(jkt.id), batch(jkt.id, crypto.randomUUID(), 1, 3), { time: Date.now() - 6 * 60_000 });
    expect(old.status).toBe(401);
    expect(old.body.error).toMatchObject({ code: 'unauthorized', reason: 'signature_expired', field: 'x-antre-time' });
    expect(old.body.error.params.skewSeconds).toBeGreaterThanOrEqual(360);
    const ahead = await signedRequest(hq.url, jkt.id, jkt.secret, 'GET', `/api/v1/branches/${jkt.id}/bookings`, undefined, { time: Date.now() + 6 * 60_000 });
    expect(ahead.body.error).toMatchObject({ reason: 'signature_expired' });
    expect(await storedFor(jkt.id)).toBe(before);
  });

  it('refuses a replayed request, also when it is replayed to the other headquarters process', async () => {
    const nonce = crypto.randomUUID();
    const time = Date.now();
    const body = batch(jkt.id, crypto.randomUUID(), 1, 2);
    const first = await signedRequest(hq.urls[0]!, jkt.id, jkt.secret, 'POST', path(jkt.id), body, { nonce, time });
    expect(first.status).toBe(200);
    for (const url of hq.urls) {
      const again = await signedRequest(url, jkt.id, jkt.secret, 'POST', path(jkt.id), body, { nonce, time });
      expect(again.status).toBe(401);
      expect(again.body.error).toMatchObject({ reason: 'signature_replayed', field: 'x-antre-nonce' });
    }
  });

  it("refuses a branch signing with another branch's secret, and a branch acting for another", async () => {
    const before = await storedFor(mks.id);
    // Makassar's request signed with Jakarta's secret.
    const wrongSecret = await signedRequest(hq.url, mks.id, jkt.secret, 'POST', path(mks.id), batch(mks.id, crypto.randomUUID(), 1, 2));
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toMatchObject({ reason: 'signature_invalid', field: 'x-antre-signature' });
    // Jakarta, correctly signed as itself, pushing into Makassar's log.
    const otherPath = await signedRequest(hq.url, jkt.id, jkt.secret, 'POST', path(mks.id), batch(mks.id, crypto.randomUUID(), 1, 2));
    expect(otherPath.status).toBe(403);
    expect(otherPath.body.error).toMatchObject({ code: 'forbidden', reason: 'branch_mismatch', params: { branch: jkt.id, path: mks.id } });
    // Jakarta, on its own path, with a body naming Makassar.
    const otherBody = await signedRequest(hq.url, jkt.id, jkt.secret, 'POST', path(jkt.id), batch(mks.id, crypto.randomUUID(), 1, 2));
    expect(otherBody.status).toBe(403);
    expect(otherBody.body.error).toMatchObject({ reason: 'branch_mismatch', field: 'branch' });
    // Reading Makassar's bookings as Jakarta.
    const pull = await signedRequest(hq.url, jkt.id, jkt.secret, 'GET', `/api/v1/branches/${mks.id}/bookings`);
    expect(pull.body.error).toMatchObject({ reason: 'branch_mismatch' });
    expect(await storedFor(mks.id)).toBe(before);
  });

  it('refuses a body changed after signing, and a query changed after signing', async () => {
    const before = await storedFor(jkt.id);
    const signed = batch(jkt.id, crypto.randomUUID(), 1, 2);
    const tampered = JSON.stringify({ ...signed, events: logEvents(1, 3) });
    const answer = await signedRequest(hq.url, jkt.id, jkt.secret, 'POST', path(jkt.id), signed, { sentBody: tampered });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({ reason: 'signature_invalid' });
    expect(await storedFor(jkt.id)).toBe(before);

    const nonce = crypto.randomUUID();
    const time = Date.now();
    const empty = createHash('sha256').update('').digest('hex');
    const signature = createHmac('sha256', jkt.secret).update(signingText('GET', `/api/v1/branches/${jkt.id}/bookings?after=5`, time, nonce, empty)).digest('hex');
    const res = await fetch(`${hq.url}/api/v1/branches/${jkt.id}/bookings?after=0`, {
      headers: { 'x-antre-branch': jkt.id, 'x-antre-time': String(time), 'x-antre-nonce': nonce, 'x-antre-signature': signature },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe('signature_invalid');
  });

  it('refuses an unsigned request and an unknown branch, naming the header', async () => {
    const bare = await fetch(`${hq.url}${path(jkt.id)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch(jkt.id, crypto.randomUUID(), 1, 1)) });
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { error: unknown }).error).toMatchObject({ reason: 'signature_missing', field: 'x-antre-branch' });
    const stranger = await signedRequest(hq.url, 'sig-nowhere', jkt.secret, 'GET', '/api/v1/branches/sig-nowhere/catalogue');
    expect(stranger.body.error).toMatchObject({ reason: 'branch_unknown', params: { branch: 'sig-nowhere' } });
  });

  it('stops taking an old secret once the branch is given a new one', async () => {
    const branch = await addTestBranch(hq, 'sig-renew');
    const { secret } = await hq.hq.registry.renewSecret(branch.id);
    const old = await signedRequest(hq.url, branch.id, branch.secret, 'GET', `/api/v1/branches/${branch.id}/catalogue`);
    expect(old.body.error).toMatchObject({ reason: 'signature_invalid' });
    const renewed = await signedRequest(hq.url, branch.id, secret, 'GET', `/api/v1/branches/${branch.id}/catalogue`);
    expect(renewed).toEqual({ status: 200, body: { items: [], cursor: '0', more: false } });
  });

  it('keeps branch secrets sealed in the database', async () => {
    const rows = await hq.database.db.query<{ secret_box: Uint8Array }>('SELECT secret_box FROM hq_branches WHERE branch_id = $1', [jkt.id]);
    const box = Buffer.from(rows[0]!.secret_box);
    expect(box.includes(Buffer.from(jkt.secret))).toBe(false);
    expect(hq.key.openSecret(box)).toBe(jkt.secret);
  });
});
