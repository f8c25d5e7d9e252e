import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestHub, type HubFixture } from '../support/hub-fixture.js';

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

/** The title of the built pairing app (renderer/pair/index.html). */
const PAIRING_PAGE = 'Pemasangan layar';

const page = (hub: HubFixture, path: string, headers: Record<string, string> = {}) => fetch(hub.url + path, { redirect: 'manual', headers });

describe('device pages', () => {
  it('the lobby display page is served without a token, even when the API needs one', async () => {
    fx = await startTestHub({ publicDisplay: false });
    const res = await page(fx, '/display');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toMatch(/^<!doctype html>/i);
  });

  it('/ sends a browser to the display', async () => {
    fx = await startTestHub();
    const res = await page(fx, '/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/display');
  });

  it('an unpaired screen gets the pairing page at its own address, never a dead end', async () => {
    fx = await startTestHub();
    for (const path of ['/kiosk', '/display', '/booth', '/console', '/supervisor', '/setup']) {
      const res = await page(fx, path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text(), path).toContain(PAIRING_PAGE);
    }
    // The pairing app has no address of its own.
    expect((await page(fx, '/pair')).status).toBe(404);
  });

  it('?token= becomes a cookie and leaves the address bar; the page then opens with the cookie', async () => {
    fx = await startTestHub();
    const token = fx.tokens.kiosk;
    const redirect = await page(fx, `/kiosk?token=${encodeURIComponent(token)}`);
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe('/kiosk');
    const setCookie = redirect.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^antre_token=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);

    const cookie = setCookie.split(';')[0]!;
    const opened = await page(fx, '/kiosk', { cookie });
    expect(opened.status).toBe(200);
    expect(await opened.text()).toMatch(/kiosk/);

    // The same cookie lets the page's own API calls through.
    const issued = await fetch(`${fx.url}/api/v1/tickets`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ serviceCode: 'JHT' }) });
    expect(issued.status).toBe(201);
  });

  it("the page's stream authenticates with the same cookie when the display is not public", async () => {
    fx = await startTestHub({ publicDisplay: false });
    const redirect = await page(fx, `/display?token=${encodeURIComponent(fx.tokens.display)}`);
    expect(redirect.status).toBe(303);
    const cookie = (redirect.headers.get('set-cookie') ?? '').split(';')[0]!;
    const wsUrl = `${fx.url.replace('http', 'ws')}/api/v1/stream?after=0`;
    const first = await new Promise<unknown>((resolve, reject) => {
      const ws = new WebSocket(wsUrl, { headers: { cookie } });
      ws.once('message', (data) => {
        resolve(JSON.parse(data.toString()));
        ws.close();
      });
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
      ws.once('error', reject);
    });
    expect(first).toMatchObject({ type: 'hello', role: 'display' });
  });

  it("a device's cookie opens its own page (and a supervisor's any page), not another role's", async () => {
    fx = await startTestHub();
    const cookie = (role: keyof HubFixture['tokens']) => ({ cookie: `antre_token=${encodeURIComponent(fx!.tokens[role])}` });
    expect((await page(fx, '/console', cookie('console'))).status).toBe(200);
    expect((await page(fx, '/booth', cookie('booth'))).status).toBe(200);
    expect((await page(fx, '/supervisor', cookie('supervisor'))).status).toBe(200);
    expect((await page(fx, '/console', cookie('supervisor'))).status).toBe(200);
    expect(await (await page(fx, '/console', cookie('console'))).text()).not.toContain(PAIRING_PAGE);
    // A screen paired for one page that opens another is sent to its own.
    const wrong = await page(fx, '/supervisor', cookie('kiosk'));
    expect(wrong.status).toBe(303);
    expect(wrong.headers.get('location')).toBe('/kiosk');
    expect((await page(fx, '/console', cookie('display'))).headers.get('location')).toBe('/display');
    expect(await (await page(fx, '/kiosk', { cookie: 'antre_token=not-a-token' })).text()).toContain(PAIRING_PAGE);
  });

  it('a malformed token cookie shows the pairing page, not a server error', async () => {
    fx = await startTestHub();
    const res = await page(fx, '/kiosk', { cookie: 'antre_token=%E0%A4%A' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(PAIRING_PAGE);
  });

  it('a revoked device is sent back to the pairing page', async () => {
    fx = await startTestHub();
    const cookie = { cookie: `antre_token=${encodeURIComponent(fx.tokens.booth)}` };
    expect(await (await page(fx, '/booth', cookie)).text()).not.toContain(PAIRING_PAGE);
    await fx.api('POST', `/devices/${fx.deviceIds.booth}/revoke`, { token: fx.tokens.supervisor });
    expect(await (await page(fx, '/booth', cookie)).text()).toContain(PAIRING_PAGE);
  });
});
