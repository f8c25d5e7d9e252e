import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES } from '../../main/hub/hub-server.js';
import type { BoothView, ServerMessage, TicketDocuments } from '../../main/wire/schemas.js';
import { expectError, issue, signIn, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/**
 * A booth screen is bound to its booth and reads only what the participant sitting there may see:
 * their own call, never another ticket, an ID number, the officer's notes or a ticket id. A
 * ticket's captured documents are read only by the console serving it and the supervisor.
 */

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const DAY = 86_400_000;
const NIK = '3171234567890001';
const NOTES = 'Rekening atas nama istri; cek paklaring asli';

/** The routes a booth screen may call, besides the public ones; any other answers it 403. */
const BOOTH_ROUTES = [
  'GET /state', 'GET /services', 'GET /devices/current',
  'GET /calls/settings', 'GET /booth/current', 'POST /booth/consent', 'POST /booth/captures', 'POST /booth/rating',
  'POST /devices/current/exit-check', 'POST /devices/current/window-faults',
];

/** A JPEG as the hub reads it (start of image, frame header with its size, end of image): the hub checks these, it does not decode pixels. */
function jpeg(width: number, height: number): string {
  const frame = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, ...frame, 0xff, 0xd9]).toString('base64');
}

/** Booth 1 and booth 2 with their screens, Siti at the console serving both, and a JHT ticket with a NIK called to booth 1. */
async function calledToBooth1() {
  fx = await startTestHub({ seed: STANDARD_SEED });
  const booth1 = fx.hub.devices.preparePaired('Layar Bilik 1', 'booth', { positionId: 'booth-1' });
  const booth2 = fx.hub.devices.preparePaired('Layar Bilik 2', 'booth', { positionId: 'booth-2' });
  await signIn(fx, 'siti', '1234', ['booth-1', 'booth-2']);
  const { ticket } = await issue(fx, 'JHT', { nik: NIK });
  expect((await fx.api('POST', '/positions/booth-1/call-next', { token: fx.tokens.console })).body.ticket.id).toBe(ticket.id);
  return { fx, booth1, booth2, ticket };
}

const view = async (fx: HubFixture, token: string) => (await fx.api('GET', '/booth/current', { token })).body.booth as BoothView;

describe('what a booth screen may call', () => {
  it('every route of the API: a booth reaches the public ones and its own, and is refused every other', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const booth = fx.hub.devices.preparePaired('Layar Bilik 1', 'booth', { positionId: 'booth-1' });
    const { ticket } = await issue(fx, 'JHT');
    const sample: Record<string, string> = {
      ticketId: ticket.id, positionId: 'booth-1', code: 'JHT', officerId: 'siti', deviceId: fx.deviceIds.kiosk,
      jobId: '9d2f1c4e-7b3a-4e8f-a1d6-0c5b2e9f7a31', captureId: '4f8e2a1c-3b7d-4c9e-8a2f-6d1b0e5c9a72', statusCode: 'abcdefghjkmnpqrs',
    };
    const allowed: string[] = [];
    for (const route of ROUTES) {
      const name = `${route.method} ${route.url}`;
      const path = route.url.replace(/:(\w+)/g, (_m, key: string) => sample[key]!);
      const res = await fx.api(route.method, path, { token: booth.token, body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
      if (route.access === 'public') continue;
      if (route.access === 'read' || route.access.includes('booth')) {
        allowed.push(name);
        expect([401, 403], `${name}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
      } else {
        expect(expectError(res, 403, 'forbidden', 'token').reason, name).toBe('role_forbidden');
      }
    }
    expect(allowed.sort()).toEqual([...BOOTH_ROUTES].sort());
  });

  it('no ticket through GET /tickets/:id: not its masked NIK, not the notes; a console still reads both', async () => {
    const { fx, booth1, ticket } = await calledToBooth1();
    expect(expectError(await fx.api('GET', `/tickets/${ticket.id}`, { token: booth1.token }), 403, 'forbidden').reason).toBe('role_forbidden');
    const staff = await fx.api('GET', `/tickets/${ticket.id}`, { token: fx.tokens.console });
    expect(staff.body).toMatchObject({ nikMasked: '************0001' });
  });

  it("no ticket id, NIK or notes on its stream or in its state, and nobody else's call: only its own view", async () => {
    fx = await startTestHub({ seed: STANDARD_SEED });
    const booth1 = fx.hub.devices.preparePaired('Layar Bilik 1', 'booth', { positionId: 'booth-1' });
    const booth2 = fx.hub.devices.preparePaired('Layar Bilik 2', 'booth', { positionId: 'booth-2' });
    const screen1 = await fx.openStream(booth1.token, 0);
    const screen2 = await fx.openStream(booth2.token, 0);
    expect(((await screen1.next((m) => m.type === 'booth')) as Extract<ServerMessage, { type: 'booth' }>).booth).toEqual({ position: { id: 'booth-1', label: 'Bilik 1' }, phase: 'idle', visit: null });
    await signIn(fx, 'siti', '1234', ['booth-1', 'booth-2']);
    const first = await issue(fx, 'JHT', { nik: NIK });
    await fx.api('POST', '/positions/booth-1/call-next', { token: fx.tokens.console });
    const second = await issue(fx, 'JKK');
    const called = (await screen1.next((m) => m.type === 'booth' && m.booth.phase === 'called')) as Extract<ServerMessage, { type: 'booth' }>;
    expect(called.booth.visit).toMatchObject({ displayNumber: first.ticket.displayNumber, service: { code: 'JHT' }, consentAt: null, outcome: null });
    expect(called.booth.visit!.documents.map((d) => d.state)).toEqual(Array(called.booth.visit!.documents.length).fill('missing'));
    await fx.api('POST', `/tickets/${first.ticket.id}/start`, { token: fx.tokens.console });
    await fx.api('POST', `/tickets/${first.ticket.id}/finish`, { token: fx.tokens.console, body: { outcome: 'completed', notes: NOTES } });
    await fx.api('POST', '/positions/booth-2/call-next', { token: fx.tokens.console });
    await screen2.next((m) => m.type === 'booth' && m.booth.phase === 'called');
    await Promise.all([screen1.sync(), screen2.sync()]);

    const seen1 = JSON.stringify(screen1.messages);
    for (const secret of [first.ticket.id, second.ticket.id, '0001', NOTES, 'Siti Rahmawati']) expect(seen1).not.toContain(secret);
    expect(screen1.events()).toEqual([]);
    // Booth 1 never heard of the call to booth 2.
    expect(seen1).not.toContain(second.ticket.displayNumber);
    expect(JSON.stringify(screen2.messages)).not.toContain(first.ticket.displayNumber);

    const state = JSON.stringify((await fx.api('GET', '/state', { token: booth1.token })).body);
    for (const secret of [first.ticket.id, second.ticket.id, 'Siti']) expect(state).not.toContain(secret);
    expect(JSON.stringify((await fx.api('GET', '/state', { token: fx.tokens.console })).body)).toContain(second.ticket.id);
  });
});

describe('captured documents', () => {
  it('a still is kept only after consent, as a whole JPEG of a required document of the ticket the booth holds; nothing is kept otherwise', async () => {
    const { fx, booth1, booth2 } = await calledToBooth1();
    const still = { requestId: crypto.randomUUID(), documentId: 'ktp', jpeg: jpeg(1920, 1080) };
    const captures = () => (fx.hub.db.prepare('SELECT count(*) AS n FROM document_captures').get() as { n: number }).n;

    expect(expectError(await fx.api('POST', '/booth/captures', { token: booth1.token, body: still }), 409, 'conflict', 'consent').reason).toBe('booth_no_consent');
    expect((await fx.api('POST', '/booth/consent', { token: booth1.token })).body.booth.visit.consentAt).toBe(fx.clock.now());
    expect(expectError(await fx.api('POST', '/booth/captures', { token: booth1.token, body: { ...still, jpeg: Buffer.from('not a photo').toString('base64') } }), 400, 'invalid', 'jpeg').reason).toBe('capture_not_jpeg');
    const cut = Buffer.from(still.jpeg, 'base64').subarray(0, 20).toString('base64');
    expect(expectError(await fx.api('POST', '/booth/captures', { token: booth1.token, body: { ...still, jpeg: cut } }), 400, 'invalid', 'jpeg').reason).toBe('capture_not_jpeg');
    expect(expectError(await fx.api('POST', '/booth/captures', { token: booth1.token, body: { ...still, documentId: 'akta_kematian' } }), 400, 'invalid', 'documentId').reason).toBe('document_not_required');
    expect(expectError(await fx.api('POST', '/booth/captures', { token: booth2.token, body: still }), 409, 'conflict').reason).toBe('booth_no_visit');
    expect(expectError(await fx.api('POST', '/booth/captures', { token: fx.tokens.booth, body: still }), 409, 'conflict').reason).toBe('booth_not_bound');
    expect(expectError(await fx.api('POST', '/booth/captures', { token: booth1.token, body: { ...still, requestId: 'x' } }), 400, 'invalid', 'requestId').reason).toBe('invalid_input');
    expect(captures()).toBe(0);

    const kept = await fx.api('POST', '/booth/captures', { token: booth1.token, body: still });
    expect(kept.status).toBe(201);
    expect(kept.body.capture).toEqual({ id: expect.any(String), documentId: 'ktp', width: 1920, height: 1080 });
    // A retried upload of the same request keeps one.
    expect((await fx.api('POST', '/booth/captures', { token: booth1.token, body: still })).body.capture.id).toBe(kept.body.capture.id);
    expect(captures()).toBe(1);
    expect((await view(fx, booth1.token)).visit!.documents.find((d) => d.id === 'ktp')!.state).toBe('captured');
  });

  it('reaches the console serving the ticket and the supervisor, full size; never a display, a booth or another officer', async () => {
    const { fx, booth1, ticket } = await calledToBooth1();
    const console = await fx.openStream(fx.tokens.console);
    await fx.api('POST', '/booth/consent', { token: booth1.token });
    const still = jpeg(3840, 2160);
    const { capture } = (await fx.api('POST', '/booth/captures', { token: booth1.token, body: { requestId: crypto.randomUUID(), documentId: 'ktp', jpeg: still } })).body;
    const pushed = (await console.next((m) => m.type === 'documents' && m.documents.captures.length > 0)) as Extract<ServerMessage, { type: 'documents' }>;
    expect(pushed.documents.captures[0]).toMatchObject({ id: capture.id, ticketId: ticket.id, documentId: 'ktp', width: 3840, height: 2160, review: 'pending' });

    const documents = (await fx.api('GET', `/tickets/${ticket.id}/documents`, { token: fx.tokens.console })).body.documents as TicketDocuments;
    expect(documents).toMatchObject({ ticketId: ticket.id, positionId: 'booth-1', consentAt: expect.any(Number), captures: [{ id: capture.id }] });
    for (const token of [fx.tokens.console, fx.tokens.supervisor]) {
      const image = await fx.api('GET', `/captures/${capture.id}/image`, { token });
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/jpeg');
      expect(image.headers.get('cache-control')).toBe('no-store');
    }
    const raw = await fetch(`${fx.url}/api/v1/captures/${capture.id}/image`, { headers: { authorization: `Bearer ${fx.tokens.console}` } });
    expect(Buffer.from(await raw.arrayBuffer()).toString('base64')).toBe(still);

    const budi = fx.hub.devices.preparePaired('Konsol Budi', 'console');
    await signIn(fx, 'budi', '2345', ['counter-1'], budi.token);
    for (const path of [`/captures/${capture.id}/image`, `/tickets/${ticket.id}/documents`]) {
      expect(expectError(await fx.api('GET', path, { token: budi.token }), 403, 'forbidden', 'ticketId').reason).toBe('ticket_not_served_here');
      for (const token of [fx.tokens.display, booth1.token, fx.tokens.kiosk]) expect(expectError(await fx.api('GET', path, { token }), 403, 'forbidden').reason).toBe('role_forbidden');
    }
    expect(expectError(await fx.api('PUT', `/captures/${capture.id}/review`, { token: budi.token, body: { review: 'accepted' } }), 403, 'forbidden').reason).toBe('ticket_not_served_here');
  });

  it("the officer's review reaches the booth's checklist; a finished visit shows its outcome and missing documents, is rated once, then the booth is idle", async () => {
    const { fx, booth1, ticket } = await calledToBooth1();
    await fx.api('POST', '/booth/consent', { token: booth1.token });
    const take = async (documentId: string) => (await fx.api('POST', '/booth/captures', { token: booth1.token, body: { requestId: crypto.randomUUID(), documentId, jpeg: jpeg(1920, 1080) } })).body.capture.id as string;
    const ktp = await take('ktp');
    const kpj = await take('kpj');
    expect((await fx.api('PUT', `/captures/${ktp}/review`, { token: fx.tokens.console, body: { review: 'accepted' } })).body.capture.review).toBe('accepted');
    await fx.api('PUT', `/captures/${kpj}/review`, { token: fx.tokens.console, body: { review: 'redo' } });
    expect(expectError(await fx.api('PUT', `/captures/${kpj}/review`, { token: fx.tokens.console, body: { review: 'maybe' } }), 400, 'invalid', 'review').reason).toBe('invalid_input');
    const states = Object.fromEntries((await view(fx, booth1.token)).visit!.documents.map((d) => [d.id, d.state]));
    expect(states).toMatchObject({ ktp: 'accepted', kpj: 'redo', termination: 'missing' });

    await fx.api('POST', `/tickets/${ticket.id}/start`, { token: fx.tokens.console });
    await fx.api('POST', `/tickets/${ticket.id}/finish`, { token: fx.tokens.console, body: { outcome: 'documents_incomplete', notes: NOTES } });
    const ended = await view(fx, booth1.token);
    expect(ended).toMatchObject({ phase: 'ended', visit: { displayNumber: ticket.displayNumber, outcome: 'documents_incomplete', rating: null } });
    expect(JSON.stringify(ended)).not.toContain(NOTES);
    expect(expectError(await fx.api('POST', '/booth/rating', { token: booth1.token, body: { rating: 6 } }), 400, 'invalid', 'rating').reason).toBe('invalid_input');
    expect((await fx.api('POST', '/booth/rating', { token: booth1.token, body: { rating: 4 } })).body.booth).toMatchObject({ phase: 'idle', visit: null });
    expect(expectError(await fx.api('POST', '/booth/rating', { token: booth1.token, body: { rating: 5 } }), 409, 'conflict', 'rating').reason).toBe('booth_nothing_to_rate');
    expect(fx.hub.db.prepare('SELECT rating FROM booth_visits WHERE ticket_id = ?').get(ticket.id)).toEqual({ rating: 4 });
  });

  it('an unrated visit leaves the booth after a few minutes', async () => {
    const { fx, booth1, ticket } = await calledToBooth1();
    await fx.api('POST', `/tickets/${ticket.id}/finish`, { token: fx.tokens.console, body: { outcome: 'completed' } });
    expect((await view(fx, booth1.token)).phase).toBe('ended');
    fx.clock.advance(4 * 60_000);
    expect(await view(fx, booth1.token)).toMatchObject({ phase: 'idle', visit: null });
  });

  it('are deleted, file and row, once the retention of the hub profile has passed', async () => {
    const { fx, booth1, ticket } = await calledToBooth1();
    await fx.api('POST', '/booth/consent', { token: booth1.token });
    const { capture } = (await fx.api('POST', '/booth/captures', { token: booth1.token, body: { requestId: crypto.randomUUID(), documentId: 'ktp', jpeg: jpeg(1920, 1080) } })).body;
    const capturesDir = join(fx.dataDir, 'captures');
    const files = () => readdirSync(capturesDir, { recursive: true }).filter((f) => String(f).endsWith('.jpg'));
    expect(files()).toHaveLength(1);

    // A hub sweeps at start (and hourly): restarted after 29 days it keeps the capture, after 31 it does not.
    const restart = async () => {
      await fx.restart();
      // The test's fetch keeps a pooled socket to the stopped hub, which the first request drops.
      await fx.api('GET', '/health').catch(() => undefined);
    };
    fx.clock.advance(29 * DAY);
    await restart();
    expect((await fx.api('GET', `/captures/${capture.id}/image`, { token: fx.tokens.supervisor })).status).toBe(200);
    fx.clock.advance(2 * DAY);
    await restart();
    expect(expectError(await fx.api('GET', `/captures/${capture.id}/image`, { token: fx.tokens.supervisor }), 404, 'not_found').reason).toBe('capture_unknown');
    expect((await fx.api('GET', `/tickets/${ticket.id}/documents`, { token: fx.tokens.supervisor })).body.documents.captures).toEqual([]);
    expect(existsSync(capturesDir) ? files() : []).toEqual([]);
  });
});
