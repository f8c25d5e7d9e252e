import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { BranchSnapshot, StateFrame } from '../../main/wire/schemas.js';
import { BranchSync } from '../../renderer/lib/state/branch-sync.js';
import { API, issue, signIn, STANDARD_SEED, startTestHub, type HubFixture } from '../support/hub-fixture.js';

/** A page's state kept by the stream's frames alone must equal the hub's snapshot at the same sequence. */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const drop = ({ now: _now, ...rest }: BranchSnapshot) => rest;

async function pageStream(hub: HubFixture, token: string | undefined, after: number) {
  const frames: StateFrame[] = [];
  const ws = new WebSocket(`${hub.url.replace(/^http/, 'ws')}${API}/stream?after=${after}&state=1${token ? `&token=${token}` : ''}`);
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.type === 'events') frames.push(m as StateFrame);
  });
  await new Promise((r) => ws.once('open', r));
  return { frames, ws };
}

describe('a page applying frames', () => {
  it('ends at the snapshot of the same sequence, for the lobby and for a console', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED, publicDisplay: true });
    const hub = fx;
    const viewers = [undefined, fx.tokens.console];
    const pages = await Promise.all(
      viewers.map(async (token) => {
        const snapshot = (await hub.api<BranchSnapshot>('GET', '/state', { token })).body;
        const sync = new BranchSync();
        sync.takeSnapshot(snapshot);
        return { token, sync, ...(await pageStream(hub, token, snapshot.seq)) };
      }),
    );
    const positions = ((await fx.api<BranchSnapshot>('GET', '/state', { token: fx.tokens.console })).body.positions).filter((p) => p.active);
    const position = positions[0]!;
    const officer = (await fx.api('GET', '/staff', { token: fx.tokens.supervisor })).body.officers?.[0];
    const a = await issue(fx, position.services[0]);
    await issue(fx, position.services[0]);
    const b = await issue(fx, 'INFO');
    if (officer) await signIn(fx, officer.id, '1234', [position.id]).catch(() => undefined);
    await fx.api('POST', `/positions/${position.id}/call-next`, { token: fx.tokens.console });
    await fx.api('POST', `/tickets/${b.ticket.id}/cancel`, { token: fx.tokens.supervisor, body: { reason: 'pulang' } });
    await fx.api('PUT', '/settings/ticker', { token: fx.tokens.supervisor, body: { text: 'Antrian dibuka' } });
    expect(a.ticket.id).toBeTruthy();

    for (const page of pages) {
      const target = (await hub.api<BranchSnapshot>('GET', '/state', { token: page.token })).body;
      await expect.poll(() => page.frames.at(-1)?.seq, { timeout: 5000 }).toBe(target.seq);
      for (const frame of page.frames) expect(page.sync.takeFrame(frame).kind).toBe('applied');
      expect(drop({ ...page.sync.snapshot!, seq: target.seq })).toEqual(drop(target));
      page.ws.close();
    }
  });

  it('ignores a snapshot older than its state and reports a frame that does not follow on', () => {
    const sync = new BranchSync();
    const base = { seq: 10, now: 0, queues: [], active: [], recentCalls: [], positions: [], sessions: [], ticker: 'baru' } as unknown as BranchSnapshot;
    expect(sync.takeSnapshot(base)).toBe(true);
    expect(sync.takeSnapshot({ ...base, seq: 8, ticker: 'lama' })).toBe(false);
    expect(sync.snapshot!.ticker).toBe('baru');
    expect(sync.takeFrame({ type: 'events', after: 12, seq: 14, events: [] }).kind).toBe('gap');
    expect(sync.takeFrame({ type: 'events', after: 8, seq: 9, events: [] }).kind).toBe('stale');
    expect(sync.takeFrame({ type: 'events', after: 10, seq: 11, events: [], state: { now: 1, ticker: 'lagi' } }).kind).toBe('applied');
    expect(sync.snapshot!.ticker).toBe('lagi');
    // After the hub's reset its log is shorter: the page takes its snapshot all the same.
    expect(sync.takeSnapshot({ ...base, seq: 3 }, true)).toBe(true);
  });
});
