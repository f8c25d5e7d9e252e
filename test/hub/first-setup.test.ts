import { afterEach, describe, expect, it } from 'vitest';
import { QueueError } from '../../main/queue/errors.js';
import { expectError, MINUTE, startTestHub, type HubFixture } from '../support/hub-fixture.js';

/** The first supervisor of a new branch is paired with the one-time code antre setup prints. */

let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const cookieOf = (res: { headers: Headers }) => /antre_token=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

describe('the setup address', () => {
  it('pairs the browser that opens it as a supervisor, once; the code is spent and never stored', async () => {
    fx = await startTestHub();
    const { code } = fx.hub.setup.createCode();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    const stored = fx.hub.db.prepare("SELECT value FROM settings WHERE key = 'setup_code'").pluck().get() as string;
    expect(stored).not.toContain(code.replace('-', ''));

    const claimed = await fx.api('POST', '/setup', { body: { code: code.toLowerCase(), name: 'PC Supervisor' } });
    expect(claimed.status).toBe(201);
    expect(claimed.body.device).toMatchObject({ name: 'PC Supervisor', role: 'supervisor' });
    expect(JSON.stringify(claimed.body)).not.toMatch(/token/i);
    const cookie = cookieOf(claimed);
    expect(cookie).toBeDefined();
    expect(claimed.headers.get('set-cookie')).toMatch(/HttpOnly/);

    // The cookie is a supervisor's: the supervisor page and its API open.
    const page = await fetch(`${fx.url}/supervisor`, { headers: { cookie: `antre_token=${cookie}` } });
    expect(await page.text()).not.toContain('Pemasangan layar');
    expect((await fx.api('GET', '/devices', { headers: { cookie: `antre_token=${cookie}` } })).status).toBe(200);

    const again = expectError(await fx.api('POST', '/setup', { body: { code, name: 'Another' } }), 409, 'conflict', 'code');
    expect(again.reason).toBe('setup_spent');
    const events = (fx.hub.db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n');
    expect(events).not.toContain(code.replace('-', ''));
  });

  it('a wrong code is refused and changes nothing; a new code replaces the old one', async () => {
    fx = await startTestHub();
    const old = fx.hub.setup.createCode().code;
    const fresh = fx.hub.setup.createCode().code;
    const devicesBefore = fx.hub.devices.devices().length;
    expect(expectError(await fx.api('POST', '/setup', { body: { code: old, name: 'PC' } }), 400, 'invalid', 'code').reason).toBe('setup_code_invalid');
    expect(expectError(await fx.api('POST', '/setup', { body: { code: 'AB', name: 'PC' } }), 400, 'invalid', 'code').field).toBe('code');
    expect(fx.hub.devices.devices()).toHaveLength(devicesBefore);
    expect((await fx.api('POST', '/setup', { body: { code: fresh, name: 'PC' } })).status).toBe(201);
  });

  it('from another computer the code works for 15 minutes; from the hub itself until it is used', async () => {
    fx = await startTestHub();
    const setup = fx.hub.setup;
    const first = setup.createCode();
    expect(first.remoteUntil - first.createdAt).toBe(15 * MINUTE);
    fx.clock.advance(14 * MINUTE);
    expect(setup.claim(first.code, 'Laptop IT', false).token.length).toBeGreaterThan(30);

    const second = setup.createCode();
    fx.clock.advance(16 * MINUTE);
    let refused: unknown;
    try {
      setup.claim(second.code, 'Laptop IT', false);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(QueueError);
    expect((refused as QueueError).details).toMatchObject({ reason: 'setup_code_expired', params: { minutes: 15 } });
    expect(setup.claim(second.code, 'Hub PC', true).deviceId).toBeTruthy();
  });

  it('is needed while no supervisor is paired', async () => {
    fx = await startTestHub();
    expect(fx.hub.setup.needed()).toBe(false);
    await fx.api('POST', `/devices/${fx.deviceIds.supervisor}/revoke`, { token: fx.tokens.supervisor });
    expect(fx.hub.setup.needed()).toBe(true);
  });
});
