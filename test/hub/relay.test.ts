import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayBody, RelayPeer, ServerMessage } from '../../main/wire/schemas.js';
import { signIn, startTestHub, STANDARD_SEED, type HubFixture, type StreamClient } from '../support/hub-fixture.js';

/**
 * The device relay on the stream: a booth screen and the console serving its booth signal each
 * other through the hub, which checks every message, names its sender, and keeps nothing.
 */

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const CALL = '0b7d9a3e-2f61-4c1e-9d38-5a0e6c2b7f10';
/** Something a database or a log would show if a relayed message were kept. */
const MARKER = 'a=ice-ufrag:RelayMarker7Q';
const offer: RelayBody = { kind: 'offer', callId: CALL, sdp: `v=0\r\n${MARKER}\r\n` };
const answer: RelayBody = { kind: 'answer', callId: CALL, sdp: `v=0\r\n${MARKER}\r\n` };
const candidate: RelayBody = { kind: 'candidate', callId: CALL, candidate: `candidate:1 1 udp 2122260223 192.168.1.23 50000 typ host ${MARKER}`, sdpMid: '0', sdpMLineIndex: 0 };

type Relayed = Extract<ServerMessage, { type: 'relay' }>;
type Refused = Extract<ServerMessage, { type: 'relay_refused' }>;

const relay = (stream: StreamClient, to: string, body: RelayBody) => stream.send(JSON.stringify({ type: 'relay', to, body }));
const nextRelay = async (stream: StreamClient) => (await stream.next((m) => m.type === 'relay')) as Relayed;
const nextRefusal = async (stream: StreamClient) => (await stream.next((m) => m.type === 'relay_refused')) as Refused;
const nextPeers = async (stream: StreamClient, until: (peers: RelayPeer[]) => boolean = () => true) =>
  ((await stream.next((m) => m.type === 'peers' && until(m.peers))) as Extract<ServerMessage, { type: 'peers' }>).peers;
const relayed = (stream: StreamClient) => stream.messages.filter((m) => m.type === 'relay');

/** Two booth screens, each bound to its booth, and Siti signed in on the console to both booths. */
async function boothBranch() {
  fx = await startTestHub({ seed: STANDARD_SEED });
  const booth1 = fx.hub.devices.preparePaired('Layar Bilik 1', 'booth', { positionId: 'booth-1' });
  const booth2 = fx.hub.devices.preparePaired('Layar Bilik 2', 'booth', { positionId: 'booth-2' });
  await signIn(fx, 'siti', '1234', ['booth-1', 'booth-2']);
  return { fx, booth1, booth2 };
}

describe('the device relay', () => {
  it('tells a booth screen and its console about each other, and passes signals both ways with the sender named by the hub', async () => {
    const { fx, booth1, booth2 } = await boothBranch();
    const console = await fx.openStream(fx.tokens.console);
    expect(await nextPeers(console)).toEqual([
      { deviceId: booth1.deviceId, positionId: 'booth-1', online: false },
      { deviceId: booth2.deviceId, positionId: 'booth-2', online: false },
    ]);
    const screen = await fx.openStream(booth1.token);
    expect(await nextPeers(screen)).toEqual([{ deviceId: fx.deviceIds.console, positionId: 'booth-1', online: true }]);
    expect((await nextPeers(console)).find((p) => p.positionId === 'booth-1')?.online).toBe(true);

    relay(screen, fx.deviceIds.console, offer);
    expect(await nextRelay(console)).toEqual({ type: 'relay', from: booth1.deviceId, body: offer });
    relay(console, booth1.deviceId, answer);
    expect(await nextRelay(screen)).toEqual({ type: 'relay', from: fx.deviceIds.console, body: answer });
    relay(screen, fx.deviceIds.console, candidate);
    expect((await nextRelay(console)).body).toEqual(candidate);
  });

  it('refuses a message to a peer that is offline, and tells the sender when it comes back', async () => {
    const { fx, booth2 } = await boothBranch();
    const console = await fx.openStream(fx.tokens.console);
    const screen = await fx.openStream(booth2.token);
    await nextPeers(console, (peers) => peers.some((p) => p.positionId === 'booth-2' && p.online));
    await screen.close();
    await nextPeers(console, (peers) => peers.some((p) => p.positionId === 'booth-2' && !p.online));

    relay(console, booth2.deviceId, answer);
    const refused = await nextRefusal(console);
    expect(refused).toMatchObject({ to: booth2.deviceId, kind: 'answer', error: { code: 'not_found', reason: 'relay_peer_offline', params: {} } });

    const back = await fx.openStream(booth2.token);
    await nextPeers(console, (peers) => peers.some((p) => p.positionId === 'booth-2' && p.online));
    relay(console, booth2.deviceId, { kind: 'restart', callId: null });
    expect((await nextRelay(back)).body).toEqual({ kind: 'restart', callId: null });
  });

  it('refuses a forged sender: a message naming its own sender is not a stream message, and nothing reaches the peer', async () => {
    const { fx, booth1, booth2 } = await boothBranch();
    const console = await fx.openStream(fx.tokens.console);
    const screen1 = await fx.openStream(booth1.token);
    const screen2 = await fx.openStream(booth2.token);
    // Booth 2's screen pretends to be booth 1's.
    screen2.send(JSON.stringify({ type: 'relay', to: fx.deviceIds.console, from: booth1.deviceId, body: offer }));
    expect(await screen2.next((m) => m.type === 'error')).toMatchObject({ message: expect.stringMatching(/from/) });
    // What it may send arrives under its own name.
    relay(screen2, fx.deviceIds.console, offer);
    expect((await nextRelay(console)).from).toBe(booth2.deviceId);
    await Promise.all([console.sync(), screen1.sync()]);
    expect(relayed(console)).toHaveLength(1);
    expect(relayed(screen1)).toHaveLength(0);
  });

  it('lets a booth talk only to the console serving its booth: not to another booth, and no display, kiosk or other officer joins in', async () => {
    const { fx, booth1, booth2 } = await boothBranch();
    const budi = fx.hub.devices.preparePaired('Konsol Budi', 'console');
    await signIn(fx, 'budi', '2345', ['counter-1'], budi.token);
    const console = await fx.openStream(fx.tokens.console);
    const screen1 = await fx.openStream(booth1.token);
    const screen2 = await fx.openStream(booth2.token);
    const others = { display: await fx.openStream(fx.tokens.display), kiosk: await fx.openStream(fx.tokens.kiosk), budi: await fx.openStream(budi.token) };

    relay(screen2, booth1.deviceId, offer);
    expect((await nextRefusal(screen2)).error).toMatchObject({ code: 'forbidden', reason: 'relay_not_peer' });
    for (const stream of Object.values(others)) {
      relay(stream, booth1.deviceId, answer);
      expect((await nextRefusal(stream)).error.reason).toMatch(/^relay_(not_peer|kind_forbidden)$/);
      relay(stream, fx.deviceIds.console, candidate);
      expect((await nextRefusal(stream)).error.reason).toMatch(/^relay_(not_peer|kind_forbidden)$/);
    }
    // The booth offers and the console answers, never the other way round.
    relay(console, booth1.deviceId, offer);
    expect((await nextRefusal(console)).error).toMatchObject({ reason: 'relay_kind_forbidden', params: { role: 'console', kind: 'offer' } });
    relay(screen1, fx.deviceIds.console, { kind: 'focus', focused: true });
    expect((await nextRefusal(screen1)).error.reason).toBe('relay_kind_forbidden');

    await Promise.all([console.sync(), screen1.sync()]);
    expect(relayed(console)).toHaveLength(0);
    expect(relayed(screen1)).toHaveLength(0);
  });

  it('refuses the token-free lobby display', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED, publicDisplay: true });
    const lobby = await fx.openStream(undefined);
    relay(lobby, fx.deviceIds.console, offer);
    expect((await nextRefusal(lobby)).error).toMatchObject({ code: 'unauthorized', reason: 'relay_not_paired' });
  });

  it('follows the officer: signing out leaves the booth without a peer, signing in at another console pairs it with that one', async () => {
    const { fx, booth1 } = await boothBranch();
    const screen = await fx.openStream(booth1.token);
    expect(await nextPeers(screen)).toEqual([{ deviceId: fx.deviceIds.console, positionId: 'booth-1', online: false }]);
    expect((await fx.api('DELETE', '/sessions/current', { token: fx.tokens.console })).status).toBe(200);
    expect(await nextPeers(screen)).toEqual([]);
    relay(screen, fx.deviceIds.console, offer);
    expect((await nextRefusal(screen)).error.reason).toBe('relay_not_peer');

    const other = fx.hub.devices.preparePaired('Konsol 2', 'console');
    await signIn(fx, 'siti', '1234', ['booth-1'], other.token);
    expect(await nextPeers(screen)).toEqual([{ deviceId: other.deviceId, positionId: 'booth-1', online: false }]);
  });

  it('keeps nothing: the event log, the database and the hub log never see a relayed message', async () => {
    const { fx, booth1 } = await boothBranch();
    const console = await fx.openStream(fx.tokens.console, fx.hub.queue.store.lastSeq());
    const screen = await fx.openStream(booth1.token);
    await nextPeers(console, (peers) => peers.some((p) => p.online));
    const events = fx.eventCount();
    for (let i = 0; i < 20; i++) relay(screen, fx.deviceIds.console, candidate);
    relay(screen, fx.deviceIds.console, offer);
    relay(console, booth1.deviceId, answer);
    for (let i = 0; i < 21; i++) await nextRelay(console);
    await nextRelay(screen);

    expect(fx.eventCount()).toBe(events);
    expect(console.events()).toEqual([]);
    fx.hub.db.pragma('wal_checkpoint(TRUNCATE)');
    const files = ['branch.db', 'branch.db-wal', join('logs', 'hub.log')].map((f) => join(fx!.dataDir, f));
    for (const file of files) {
      let bytes = '';
      try {
        bytes = readFileSync(file, 'latin1');
      } catch {
        continue;
      }
      expect(bytes.includes('RelayMarker7Q'), file).toBe(false);
    }
  });
});
