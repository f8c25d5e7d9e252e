import { afterEach, describe, expect, it } from 'vitest';
import { issue, startTestHub, STANDARD_SEED, type HubFixture } from '../support/hub-fixture.js';

/** The lobby learns numbers and places, never why someone is a priority or why a ticket was withdrawn. */
let fx: HubFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('what the lobby may see', () => {
  it('hides the priority reason and the cancel reason from the display, not from the supervisor', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED, publicDisplay: true });
    const lobby = await fx.openStream(undefined);
    const display = await fx.openStream(fx.tokens.display);
    const supervisor = await fx.openStream(fx.tokens.supervisor);
    const { ticket } = await issue(fx, 'JHT', { priority: 'pregnant' });
    const reason = 'Ibu Sri pulang, NIK 3171234567890001';
    expect((await fx.api('POST', `/tickets/${ticket.id}/cancel`, { token: fx.tokens.supervisor, body: { reason } })).status).toBe(200);

    for (const stream of [lobby, display]) {
      const issued = await stream.nextEvent('ticket.issued');
      expect((issued.payload as { ticket: { priority: string } }).ticket.priority).toBe('other');
      const cancelled = await stream.nextEvent('ticket.cancelled');
      expect((cancelled.payload as { reason: string }).reason).toBe('');
    }
    const seen = await supervisor.nextEvent('ticket.issued');
    expect((seen.payload as { ticket: { priority: string } }).ticket.priority).toBe('pregnant');
    expect(((await supervisor.nextEvent('ticket.cancelled')).payload as { reason: string }).reason).toBe(reason);
  });

  it('shows the display a waiting priority ticket without its reason in the state', async () => {
    fx = await startTestHub({ seed: STANDARD_SEED, publicDisplay: true });
    await issue(fx, 'JHT', { priority: 'disabled' });
    const lobby = await fx.api('GET', '/state');
    expect(JSON.stringify(lobby.body)).not.toContain('disabled');
    const staff = await fx.api('GET', '/state', { token: fx.tokens.console });
    expect(JSON.stringify(staff.body)).toContain('disabled');
  });
});
