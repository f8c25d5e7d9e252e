import { afterEach, describe, expect, it } from 'vitest';
import type { BranchEvent } from '../../main/queue/events.js';
import { issue, STANDARD_SEED, startTestHub, type HubFixture, type StreamClient } from '../support/hub-fixture.js';

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const seqs = (events: readonly BranchEvent[]) => events.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const issuedIds = (events: readonly BranchEvent[]) =>
  events.filter((e) => e.type === 'ticket.issued').map((e) => (e.payload as { ticket: { id: string } }).ticket.id);

async function lastSeq(hub: HubFixture): Promise<number> {
  const health = await hub.api('GET', '/health');
  expect(health.status).toBe(200);
  return health.body.seq as number;
}

describe('the realtime stream', () => {
  it('from after=0 a supervisor gets hello, then every event in order without gaps, then live ones', async () => {
    fx = await startTestHub({ seed: { ...STANDARD_SEED, ticker: 'Selamat datang' } });
    const seqAtConnect = await lastSeq(fx);
    expect(seqAtConnect).toBeGreaterThan(10);

    const stream = await fx.openStream(fx.tokens.supervisor, 0);
    expect(await stream.next()).toEqual({ type: 'hello', seq: seqAtConnect, role: 'supervisor' });
    await stream.sync();
    expect(seqs(stream.events())).toEqual(range(1, seqAtConnect));
    expect(stream.events().map((e) => e.type)).toEqual(expect.arrayContaining(['service.updated', 'position.updated', 'officer.updated', 'device.approved', 'settings.updated']));

    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push((await issue(fx, i % 2 ? 'JKK' : 'JHT')).ticket.id);
    await fx.api('PUT', '/settings/ticker', { token: fx.tokens.supervisor, body: { text: 'Antrian dibuka' } });
    const end = await lastSeq(fx);
    await stream.next((m) => m.type === 'event' && m.event.seq === end);

    const events = stream.events();
    expect(seqs(events)).toEqual(range(1, end));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(issuedIds(events)).toEqual(tickets);
    expect(events.at(-1)).toMatchObject({ type: 'settings.updated', payload: { key: 'ticker', value: 'Antrian dibuka' } });
    expect(stream.messages[0]!.type).toBe('hello');
  });

  it('a display resuming with after=N gets exactly the events it missed, then live ones', async () => {
    fx = await startTestHub();
    const first = await fx.openStream(fx.tokens.display, 0);
    await issue(fx);
    await first.nextEvent('ticket.issued');
    await first.sync();
    const seen = first.events().at(-1)!.seq;
    await first.close();

    const missed = [];
    for (let i = 0; i < 4; i++) missed.push((await issue(fx, 'INFO')).ticket.id);
    // Each kiosk ticket is two events: the ticket and its print job.
    const resumed = await fx.openStream(fx.tokens.display, seen);
    expect(await resumed.next()).toMatchObject({ type: 'hello', seq: seen + 8 });
    await resumed.sync();
    expect(seqs(resumed.events())).toEqual(range(seen + 1, seen + 8));
    expect(issuedIds(resumed.events())).toEqual(missed);

    const live = await issue(fx, 'JHT');
    const event = await resumed.nextEvent('ticket.issued');
    expect((event.payload as { ticket: { id: string } }).ticket.id).toBe(live.ticket.id);
    await resumed.sync();
    expect(seqs(resumed.events())).toEqual(range(seen + 1, seen + 10));
  });

  it('resumes across a hub restart on the same data folder', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const before = await fx.openStream(fx.tokens.supervisor, 0);
    const a001 = await issue(fx);
    await before.nextEvent('ticket.issued');
    await before.sync();
    const seen = before.events().at(-1)!.seq;

    await fx.restart();
    await before.closed;

    const meanwhile = [await issue(fx, 'JHT'), await issue(fx, 'JKK')];
    expect(meanwhile.map((t) => t.ticket.displayNumber)).toEqual(['A002', 'B001']);

    const after = await fx.openStream(fx.tokens.supervisor, seen);
    expect(await after.next()).toMatchObject({ type: 'hello', seq: seen + 4 });
    await after.sync();
    expect(seqs(after.events())).toEqual(range(seen + 1, seen + 4));
    expect(issuedIds(after.events())).toEqual(meanwhile.map((t) => t.ticket.id));

    // The restarted hub kept everything: the first ticket is still there and the token still works.
    const status = await fx.api('GET', `/tickets/status/${a001.statusCode}`);
    expect(status.body).toMatchObject({ displayNumber: 'A001', status: 'waiting' });
    const live = await issue(fx, 'JHT');
    expect((await after.nextEvent('ticket.issued')).payload).toMatchObject({ ticket: { id: live.ticket.id, displayNumber: 'A003' } });
  });

  it('a hub shutting down tells open streams why (1001 "hub shutting down"), so devices reconnect', async () => {
    fx = await startTestHub();
    const stream = await fx.openStream(fx.tokens.display);
    await stream.sync();
    await fx.hub.close();
    const closed = await stream.closed;
    expect(closed, 'the close frame the hub sends on shutdown').toEqual({ code: 1001, reason: 'hub shutting down' });
  });

  it('after beyond the last sequence (a replaced hub) answers reset, then carries on live', async () => {
    fx = await startTestHub();
    const last = await lastSeq(fx);
    const stream = await fx.openStream(fx.tokens.display, last + 500);
    expect(await stream.next()).toEqual({ type: 'hello', seq: last, role: 'display' });
    const reset = await stream.next();
    expect(reset).toMatchObject({ type: 'reset', seq: last });
    expect((reset as { reason: string }).reason).toMatch(/reload/);
    await stream.sync();
    expect(stream.events()).toEqual([]);

    const { ticket } = await issue(fx);
    const event = await stream.nextEvent('ticket.issued');
    expect(event.seq).toBe(last + 1);
    expect((event.payload as { ticket: { id: string } }).ticket.id).toBe(ticket.id);
  });

  it('after equal to the last sequence replays nothing', async () => {
    fx = await startTestHub();
    const last = await lastSeq(fx);
    const stream = await fx.openStream(fx.tokens.display, last);
    expect(await stream.next()).toEqual({ type: 'hello', seq: last, role: 'display' });
    await stream.sync();
    expect(stream.messages.map((m) => m.type)).toEqual(['hello', 'pong']);
  });

  it('50 concurrent displays all receive an issued ticket', async () => {
    fx = await startTestHub({ publicDisplay: true });
    const hub = fx;
    const last = await lastSeq(fx);
    const clients: StreamClient[] = await Promise.all(Array.from({ length: 50 }, (_, i) => hub.openStream(i % 2 ? hub.tokens.display : null, last)));
    await Promise.all(clients.map((c) => c.sync()));
    expect(fx.hub.stream.clientCount).toBe(50);

    const { ticket } = await issue(fx, 'JP');
    const received = await Promise.all(clients.map((c) => c.nextEvent('ticket.issued')));
    for (const event of received) {
      expect(event.seq).toBe(last + 1);
      expect((event.payload as { ticket: { id: string; displayNumber: string } }).ticket).toMatchObject({ id: ticket.id, displayNumber: 'D001' });
    }
  });

  it('a bad after is refused before the upgrade', async () => {
    fx = await startTestHub();
    const url = `${fx.url.replace('http', 'ws')}/api/v1/stream?after=-1&token=${fx.tokens.display}`;
    const { WebSocket } = await import('ws');
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.on('error', () => undefined);
      ws.on('open', () => {
        ws.close();
        reject(new Error('after=-1 was accepted'));
      });
    });
    expect(status).toBe(400);
  });
});
