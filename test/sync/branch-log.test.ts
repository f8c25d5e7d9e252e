/**
 * The branch log as headquarters' outbox: every event is a checked fact with a version, calls and
 * finishes name the officer and the position, scans never enter it, and the file knows which
 * branch wrote it and which life (epoch) of the file each event belongs to.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../../main/hub/start-hub.js';
import { createHubLog } from '../../main/ops/hub-log.js';
import { restoreBackup } from '../../main/ops/restore.js';
import { hubSection } from '../../main/profiles/profile-schema.js';
import { EventPayloadError } from '../../main/queue/queue-store.js';
import { epochsOf } from '../../main/sync/log-identity.js';
import { createTestBranch, type TestBranch } from '../support/branch-fixture.js';
import { issue, signIn, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';
import { MIGRATIONS_DIR, repoLayout } from '../support/app-layout.js';

let branch: TestBranch | undefined;
let fx: HubFixture | undefined;
const dirs: string[] = [];
afterEach(async () => {
  branch?.close();
  branch = undefined;
  await fx?.close();
  fx = undefined;
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('an event entering the log', () => {
  it('is refused with its command when its payload does not match the wire schema', () => {
    const b = (branch = createTestBranch({ start: '2025-03-10T09:00:00+07:00' }));
    const before = b.eventCount();
    const store = b.queue.store;
    expect(() =>
      store.transaction(() => {
        store.setSetting('ticker', 'half a command');
        store.appendEvent('ticket.called', { ticketId: 't1', positionId: 'booth-1' } as never, b.clock.now());
      }),
    ).toThrow(EventPayloadError);
    expect(b.eventCount()).toBe(before);
    expect(store.setting('ticker')).toBeUndefined();
    expect(() => store.transaction(() => store.appendEvent('ticket.done', { ticketId: 't1', serviceCode: 'JHT', positionId: 'booth-1', officerId: 'siti', outcome: 'lost', serviceSeconds: 60 } as never, 0))).toThrow(
      /ticket\.done event with a bad payload was refused: outcome/,
    );
  });

  it('keeps only what its schema names: a field slipped into a payload never reaches the log', () => {
    const b = (branch = createTestBranch({ start: '2025-03-10T09:00:00+07:00' }));
    const { ticket } = b.queue.issueTicket({ serviceCode: 'JHT' });
    const issued = b.events().at(-1)!;
    b.queue.store.transaction(() => b.queue.store.appendEvent('ticket.issued', { ticket: { ...(issued.payload as { ticket: object }).ticket, statusCode: ticket.statusCode } as never }, 0));
    const row = b.db.prepare('SELECT payload FROM events ORDER BY seq DESC LIMIT 1').pluck().get() as string;
    expect(row).toContain(ticket.id);
    expect(row).not.toContain(ticket.statusCode);
  });

  it('names the officer and the position on every call, recall, start, finish and no-show, with the payload version', () => {
    const b = (branch = createTestBranch({ start: '2025-03-10T09:00:00+07:00' }));
    const staff = b.staffCounter({ services: ['JHT', 'INFO'], positionId: 'loket-1', officerId: 'rina' });
    const first = b.queue.issueTicket({ serviceCode: 'JHT' }).ticket;
    b.clock.advance(60_000);
    const second = b.queue.issueTicket({ serviceCode: 'INFO' }).ticket;
    b.queue.callNext(staff.acting, 'loket-1');
    b.queue.recall(staff.acting, first.id);
    b.queue.startServing(staff.acting, first.id);
    b.clock.advance(7 * 60_000);
    b.queue.finishTicket(staff.acting, first.id, 'completed');
    b.queue.callNext(staff.acting, 'loket-1');
    b.queue.markNoShow(staff.acting, second.id);

    const facts = b.events().filter((e) => e.type.startsWith('ticket.') && e.type !== 'ticket.issued').map(({ type, v, payload }) => ({ type, v, payload }));
    const here = { positionId: 'loket-1', officerId: 'rina' };
    expect(facts).toEqual([
      { type: 'ticket.called', v: 2, payload: expect.objectContaining({ ticketId: first.id, ...here, positionLabel: 'loket-1', reason: 'arrival' }) },
      { type: 'ticket.recalled', v: 2, payload: expect.objectContaining({ ticketId: first.id, ...here, recallCount: 1 }) },
      { type: 'ticket.serving', v: 2, payload: { ticketId: first.id, ...here } },
      { type: 'ticket.done', v: 2, payload: { ticketId: first.id, serviceCode: 'JHT', ...here, outcome: 'completed', serviceSeconds: 420 } },
      { type: 'ticket.called', v: 2, payload: expect.objectContaining({ ticketId: second.id, ...here }) },
      { type: 'ticket.no_show', v: 2, payload: { ticketId: second.id, ...here, reason: 'officer' } },
    ]);
    expect(b.events().find((e) => e.type === 'ticket.issued')?.v).toBe(1);
  });

  it('shows the lobby the position of a call, and only staff the officer', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED, publicDisplay: true });
    const lobby = await fx.openStream(undefined);
    const supervisor = await fx.openStream(fx.tokens.supervisor);
    await issue(fx, 'JHT');
    await signIn(fx, 'siti', '1234', ['booth-1']);
    expect((await fx.api('POST', '/positions/booth-1/call-next', { token: fx.tokens.console })).status).toBe(200);
    const seen = (await lobby.nextEvent('ticket.called')).payload as Record<string, unknown>;
    expect(seen).toMatchObject({ positionId: 'booth-1', positionLabel: 'Bilik 1' });
    expect(seen).not.toHaveProperty('officerId');
    expect((await supervisor.nextEvent('ticket.called')).payload).toMatchObject({ positionId: 'booth-1', officerId: 'siti' });
  });
});

describe("a kiosk's scan", () => {
  it("reaches that kiosk's page at once and nobody else, and is never stored or replayed", async () => {
    fx = await startTestHub();
    const other = fx.hub.devices.preparePaired('Kiosk 2', 'kiosk');
    const page = await fx.openStream(fx.tokens.kiosk);
    const otherPage = await fx.openStream(other.token);
    const supervisor = await fx.openStream(fx.tokens.supervisor, 0);
    const seq = fx.hub.queue.store.lastSeq();
    const events = fx.eventCount();

    const sent = await fx.api('POST', '/scans', { token: fx.tokens.kiosk, body: { code: 'BK-0930' } });
    expect(sent).toMatchObject({ status: 202, body: { accepted: true, delivered: 1 } });
    expect(await page.next((m) => m.type === 'scan')).toEqual({ type: 'scan', code: 'BK-0930' });
    await Promise.all([otherPage.sync(), supervisor.sync()]);
    for (const stream of [otherPage, supervisor]) expect(JSON.stringify(stream.messages)).not.toContain('BK-0930');
    expect(fx.hub.queue.store.lastSeq()).toBe(seq);
    expect(fx.eventCount()).toBe(events);

    // A page that connects later gets the log from the start, and the scan is not in it.
    const later = await fx.openStream(fx.tokens.kiosk, 0);
    await later.sync();
    expect(JSON.stringify(later.messages)).not.toContain('BK-0930');
    // With its page closed, the kiosk's agent learns the scan went nowhere.
    await page.close();
    await later.close();
    expect((await fx.api('POST', '/scans', { token: fx.tokens.kiosk, body: { code: 'BK-1000' } })).body).toEqual({ accepted: true, delivered: 0 });
  });
});

describe("the log's identity", () => {
  const hubAt = (baseDir: string, branchId: string) =>
    startHub({ layout: repoLayout, hub: hubSection.parse({ branch: { id: branchId, name: `Cabang ${branchId}`, timeZone: 'Asia/Jakarta' }, dataDir: 'data' }), baseDir, host: '127.0.0.1', port: 0 });

  it("refuses to start on another branch's database, naming both, and changes nothing", async () => {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-identity-'));
    dirs.push(baseDir);
    const first = await hubAt(baseDir, 'jakarta-selatan');
    const epoch = epochsOf(first.db);
    await first.close();

    await expect(hubAt(baseDir, 'makassar')).rejects.toThrow(
      /branch\.db is the database of branch "jakarta-selatan", but this profile is for branch "makassar": start the hub with that branch's profile/,
    );
    const again = await hubAt(baseDir, 'jakarta-selatan');
    expect(epochsOf(again.db)).toEqual(epoch);
    await again.close();
    expect(fs.readFileSync(path.join(baseDir, 'data', 'logs', 'hub.log'), 'utf8')).toContain('is the database of branch');
  });

  it('starts a new epoch in a restored backup, after the events the backup holds', async () => {
    fx = await startTestHub();
    const f = fx;
    await issue(f);
    const [created] = epochsOf(f.hub.db);
    expect(created).toMatchObject({ firstSeq: 1, reason: 'created' });
    const backup = await f.hub.backups.backupNow();
    const backedUpSeq = f.hub.queue.store.lastSeq();
    for (let i = 0; i < 3; i++) await issue(f);

    await f.hub.close();
    restoreBackup({ migrationsDir: MIGRATIONS_DIR, dataDir: f.dataDir, from: backup.file, log: createHubLog({ dir: null }) });
    await f.restart();
    const epochs = epochsOf(f.hub.db);
    expect(epochs.map((e) => e.reason)).toEqual(['created', 'backup', 'restored']);
    expect(new Set(epochs.map((e) => e.epoch)).size).toBe(3);
    expect(epochs.at(-1)).toMatchObject({ firstSeq: backedUpSeq + 1 });
    const { ticket } = f.hub.queue.issueTicket({ serviceCode: 'JHT' });
    const issued = f.hub.queue.store.eventsAfter(backedUpSeq, 10).find((e) => e.type === 'ticket.issued')!;
    expect((issued.payload as { ticket: { id: string } }).ticket.id).toBe(ticket.id);
    expect(issued.seq).toBeGreaterThanOrEqual(epochs.at(-1)!.firstSeq);
  });

  it('gives every backup copy an epoch of its own, so a copy put in place by hand starts a new life too', async () => {
    fx = await startTestHub();
    const f = fx;
    await issue(f);
    const one = await f.hub.backups.backupNow();
    f.clock.advance(60_000);
    const two = await f.hub.backups.backupNow();
    await f.hub.close();
    fs.copyFileSync(two.file, path.join(f.dataDir, 'branch.db'));
    for (const side of ['-wal', '-shm']) fs.rmSync(path.join(f.dataDir, `branch.db${side}`), { force: true });
    await f.restart();
    const live = epochsOf(f.hub.db);
    expect(live.map((e) => e.reason)).toEqual(['created', 'backup']);
    expect(live.at(-1)!.firstSeq).toBe(f.hub.queue.store.lastSeq() + 1);
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(one.file, { readonly: true });
    expect(epochsOf(other).at(-1)!.epoch).not.toBe(live.at(-1)!.epoch);
    other.close();
  });
});
