import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BOOTHS_PER_OFFICER } from '../../main/queue/staffing.js';
import { createTestBranch, MINUTE, refusal, type TestBranch } from '../support/branch-fixture.js';

let branch: TestBranch | undefined;
afterEach(() => {
  branch?.close();
  branch = undefined;
});

function open(): TestBranch {
  branch = createTestBranch({ timeZone: 'Asia/Makassar', start: '2025-03-10T08:00:00+08:00' });
  return branch;
}

const sessions = (b: TestBranch) => b.queue.store.activeSessions();

describe('signing in', () => {
  it('starts a session on up to six booths, all callable', () => {
    const b = open();
    expect(MAX_BOOTHS_PER_OFFICER).toBe(6);
    b.addBooths('booth', 6, ['JHT']);
    b.addOfficer('siti', 'Siti');
    const staff = b.signIn('siti', ['booth-1', 'booth-2', 'booth-3', 'booth-4', 'booth-5', 'booth-6'], 'console-1');
    expect(staff.session).toMatchObject({ officerId: 'siti', officerName: 'Siti', deviceId: 'console-1', startedAt: b.clock.now() });
    expect(staff.session.positions).toHaveLength(6);
    expect(sessions(b)).toHaveLength(1);
    for (let i = 0; i < 6; i++) b.queue.issueTicket({ serviceCode: 'JHT' });
    const called = staff.positionIds.map((p) => b.queue.callNext(staff.acting, p)!.positionId);
    expect(called).toEqual(staff.positionIds);
  });

  it('refuses a seventh booth (invalid, positions) and starts no session', () => {
    const b = open();
    b.addBooths('booth', 7, ['JHT']);
    b.addOfficer('siti');
    const events = b.eventCount();
    const error = refusal(() => b.signIn('siti', ['booth-1', 'booth-2', 'booth-3', 'booth-4', 'booth-5', 'booth-6', 'booth-7']));
    expect(error.code).toBe('invalid');
    expect(error.details.field).toBe('positions');
    expect(sessions(b)).toEqual([]);
    expect(b.eventCount()).toBe(events);
  });

  it('counts a booth listed twice once', () => {
    const b = open();
    b.addBooths('booth', 6, ['JHT']);
    b.addOfficer('siti');
    const staff = b.signIn('siti', ['booth-1', 'booth-1', 'booth-2', 'booth-3', 'booth-4', 'booth-5', 'booth-6']);
    expect(staff.session.positions).toHaveLength(6);
  });

  it('serves a counter alone: one counter is fine, a counter with a booth or a second counter is refused', () => {
    const b = open();
    b.addCounter('counter-1', ['JHT']);
    b.addCounter('counter-2', ['JHT']);
    b.addBooths('booth', 1, ['JHT']);
    b.addOfficer('budi');
    for (const positions of [['counter-1', 'booth-1'], ['booth-1', 'counter-1'], ['counter-1', 'counter-2']]) {
      const error = refusal(() => b.signIn('budi', positions));
      expect([error.code, error.details.field], positions.join('+')).toEqual(['invalid', 'positions']);
    }
    expect(sessions(b)).toEqual([]);
    expect(b.signIn('budi', ['counter-1']).session.positions).toEqual(['counter-1']);
  });

  it('refuses a position another officer serves (conflict) and leaves that officer signed in', () => {
    const b = open();
    b.addBooths('booth', 3, ['JHT']);
    b.addOfficer('siti');
    b.addOfficer('budi');
    const siti = b.signIn('siti', ['booth-1', 'booth-2']);
    const events = b.eventCount();
    const error = refusal(() => b.signIn('budi', ['booth-2', 'booth-3']));
    expect(error.code).toBe('conflict');
    expect(error.details.field).toBe('positions');
    expect(error.message).toContain('booth-2');
    expect(sessions(b).map((s) => [s.id, s.positions])).toEqual([[siti.session.id, ['booth-1', 'booth-2']]]);
    expect(b.eventCount()).toBe(events);
    expect(b.signIn('budi', ['booth-3']).session.positions).toEqual(['booth-3']);
  });

  it('again ends the officer\'s previous session and frees its positions', () => {
    const b = open();
    b.addBooths('booth', 3, ['JHT']);
    b.addOfficer('siti');
    b.addOfficer('budi');
    const first = b.signIn('siti', ['booth-1', 'booth-2'], 'console-1');
    b.clock.advance(MINUTE);
    const second = b.signIn('siti', ['booth-3'], 'console-2');

    expect(sessions(b).map((s) => [s.id, s.positions])).toEqual([[second.session.id, ['booth-3']]]);
    const ended = b.db.prepare('SELECT ended_at FROM officer_sessions WHERE id = ?').get(first.session.id) as { ended_at: number };
    expect(ended.ended_at).toBe(b.clock.now());
    expect(b.events().slice(-2).map((e) => e.type)).toEqual(['officer.signed_out', 'officer.signed_in']);
    // The old session can no longer call, and its booths are free for someone else.
    b.queue.issueTicket({ serviceCode: 'JHT' });
    expect(refusal(() => b.queue.callNext(first.acting, 'booth-1')).details.field).toBe('sessionId');
    expect(b.signIn('budi', ['booth-1', 'booth-2']).session.positions).toEqual(['booth-1', 'booth-2']);
  });

  it('on the same positions again works (a console restart)', () => {
    const b = open();
    b.addCounter('counter-1', ['JHT']);
    b.addOfficer('budi');
    const first = b.signIn('budi', ['counter-1']);
    const again = b.signIn('budi', ['counter-1']);
    expect(again.session.id).not.toBe(first.session.id);
    expect(sessions(b).map((s) => s.id)).toEqual([again.session.id]);
  });

  it('on a console another officer is using ends that officer\'s session', () => {
    const b = open();
    b.addCounter('counter-1', ['JHT']);
    b.addCounter('counter-2', ['JHT']);
    b.addOfficer('siti');
    b.addOfficer('budi');
    b.signIn('siti', ['counter-1'], 'console-1');
    const budi = b.signIn('budi', ['counter-2'], 'console-1');
    expect(sessions(b).map((s) => s.officerId)).toEqual(['budi']);
    expect(b.queue.sessionOfDevice('console-1')!.id).toBe(budi.session.id);
  });

  it('is refused for an unknown or inactive officer and an unknown or inactive position', () => {
    const b = open();
    b.addCounter('counter-1', ['JHT']);
    b.addPosition({ id: 'counter-off', kind: 'counter', services: ['JHT'], active: false });
    b.queue.saveOfficer({ id: 'gone', name: 'Gone', pinHash: 'x', active: false });
    b.addOfficer('budi');
    expect([refusal(() => b.signIn('nobody', ['counter-1'])).code, refusal(() => b.signIn('gone', ['counter-1'])).code]).toEqual(['not_found', 'not_found']);
    expect(refusal(() => b.signIn('budi', ['nowhere'])).details.field).toBe('positions');
    expect(refusal(() => b.signIn('budi', ['counter-off'])).code).toBe('not_found');
    expect(refusal(() => b.signIn('budi', [])).code).toBe('invalid');
    expect(sessions(b)).toEqual([]);
  });
});

describe('signing out', () => {
  it('is refused while the officer still has a called or serving ticket, and works once it is finished', () => {
    const b = open();
    const staff = b.staffCounter({ services: ['JHT'] });
    const { ticket } = b.queue.issueTicket({ serviceCode: 'JHT' });
    b.queue.callNext(staff.acting, staff.positionId);
    const events = b.eventCount();

    const error = refusal(() => b.queue.signOut(staff.session.id));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('A001');
    expect(sessions(b).map((s) => s.id)).toEqual([staff.session.id]);
    expect(b.eventCount()).toBe(events);

    b.queue.startServing(staff.acting, ticket.id);
    expect(refusal(() => b.queue.signOut(staff.session.id)).code).toBe('conflict');

    b.queue.finishTicket(staff.acting, ticket.id, 'completed');
    b.queue.signOut(staff.session.id);
    expect(sessions(b)).toEqual([]);
    expect(b.events().at(-1)).toMatchObject({ type: 'officer.signed_out', payload: { sessionId: staff.session.id } });
  });

  it('by signing in elsewhere is refused too while tickets are open, keeping the old session', () => {
    const b = open();
    const staff = b.staffCounter({ services: ['JHT'], officerId: 'budi' });
    b.addCounter('counter-x', ['JHT']);
    b.queue.issueTicket({ serviceCode: 'JHT' });
    b.queue.callNext(staff.acting, staff.positionId);
    expect(refusal(() => b.signIn('budi', ['counter-x'])).code).toBe('conflict');
    expect(sessions(b).map((s) => s.id)).toEqual([staff.session.id]);
  });

  it('of a session that already ended is refused with not_found', () => {
    const b = open();
    const staff = b.staffCounter({ services: ['JHT'] });
    b.queue.signOut(staff.session.id);
    expect(refusal(() => b.queue.signOut(staff.session.id)).code).toBe('not_found');
  });

  it('leaves waiting tickets waiting and makes the service unstaffed', () => {
    const b = open();
    const staff = b.staffCounter({ services: ['JHT'] });
    const { ticket } = b.queue.issueTicket({ serviceCode: 'JHT' });
    expect(b.queue.waitOf(ticket.id)!.staffed).toBe(true);
    b.queue.signOut(staff.session.id);
    expect(b.queue.store.ticket(ticket.id)!.status).toBe('waiting');
    expect(b.queue.waitOf(ticket.id)!.staffed).toBe(false);
  });
});

describe('positions', () => {
  it('must serve known services', () => {
    const b = open();
    const error = refusal(() => b.addCounter('counter-1', ['JHT', 'NOPE']));
    expect([error.code, error.details.field]).toEqual(['not_found', 'services']);
    expect(b.queue.store.positions()).toEqual([]);
  });
});
