import { describe, expect, it } from 'vitest';
import type { OfficerStaffView, PositionStaffView } from '../../main/wire/schemas.js';
import type { DeviceEntry } from '../../renderer/supervisor/device-health.js';
import { dutyBoard, strandedGroups } from '../../renderer/supervisor/duty-board.js';
import { policyChange, readPolicyDraft } from '../../renderer/supervisor/policy-form.js';

const at = (hhmm: string) => Date.parse(`2025-03-10T${hhmm}:00+07:00`);

const position = (id: string, label: string, holding: PositionStaffView['holding'] = null): PositionStaffView => ({
  id, kind: id.startsWith('counter') ? 'counter' : 'booth', label, active: true, services: ['JHT'], staffedBy: null, holding,
});
const officer = (id: string, name: string, onDuty: OfficerStaffView['onDuty']): OfficerStaffView => ({ id, name, active: true, failedPins: 0, lockedAt: null, onDuty });
const consoleDevice = (id: string, online: boolean, status: DeviceEntry['status'] = 'active'): DeviceEntry => ({
  id, name: `Konsol ${id}`, role: 'console', status, pairingCode: null, requestedRole: 'console', requestedKind: 'page', joinDeviceId: null, positionId: null,
  printer: null, hasPage: true, hasAgent: false, requestedAt: at('08:00'), approvedAt: at('08:00'), lastSeenAt: at('09:10'), online,
});
const held = (displayNumber: string) => ({ ticketId: displayNumber, displayNumber, serviceCode: 'JHT', status: 'called' as const, calledAt: at('09:05'), servingAt: null });

describe('who works where, as the supervisor acts on it', () => {
  const positions = [
    position('booth-10', 'Bilik 10', held('A003')),
    position('booth-2', 'Bilik 2', held('A001')),
    position('booth-3', 'Bilik 3'),
    position('counter-1', 'Loket 1'),
    { ...position('booth-9', 'Bilik 9'), active: false },
  ];
  const officers = [
    officer('siti', 'Siti', { positions: ['counter-1'], since: at('08:30'), deviceId: 'c2' }),
    officer('budi', 'Budi', { positions: ['booth-10', 'booth-2'], since: at('08:00'), deviceId: 'c1' }),
    officer('ani', 'Ani', null),
  ];

  it('groups each officer on duty with their console and positions (earliest first), then the active positions nobody serves', () => {
    const board = dutyBoard({ officers, positions }, [consoleDevice('c1', false), consoleDevice('c2', true)]);
    expect(board.groups.map((g) => [g.officer.id, g.console?.id, g.consoleOnline, g.positions.map((p) => p.label), g.held.map((h) => h.displayNumber)])).toEqual([
      ['budi', 'c1', false, ['Bilik 2', 'Bilik 10'], ['A001', 'A003']],
      ['siti', 'c2', true, ['Loket 1'], []],
    ]);
    expect(board.free.map((p) => p.id)).toEqual(['booth-3']);
    expect(strandedGroups(board).map((g) => g.officer.id)).toEqual(['budi']);
  });

  it('counts an officer whose console was revoked, or is unknown, as stranded', () => {
    const board = dutyBoard({ officers, positions }, [consoleDevice('c1', false, 'revoked'), consoleDevice('c2', true)]);
    expect(board.groups[0]).toMatchObject({ console: null, consoleOnline: false });
    expect(strandedGroups(dutyBoard({ officers, positions }, [])).map((g) => g.officer.id)).toEqual(['budi', 'siti']);
  });
});

describe('the calling policy form', () => {
  const saved = { bookingEarlyMinutes: 30, bookingLateMinutes: 15, normalsPerPriority: 2, maxWaitMinutes: 90, maxRecalls: 2 };

  it('sends only what differs from the saved policy, and names each field out of bounds', () => {
    const draft = readPolicyDraft(saved, { maxWaitMinutes: ' 45 ', normalsPerPriority: '2', maxRecalls: '11', bookingLateMinutes: '1.5' });
    expect(draft.invalid.sort()).toEqual(['bookingLateMinutes', 'maxRecalls']);
    expect(policyChange(saved, draft)).toEqual({ maxWaitMinutes: 45 });
    expect(readPolicyDraft(saved, { maxWaitMinutes: '4' }).invalid).toEqual(['maxWaitMinutes']);
    expect(readPolicyDraft(saved, { normalsPerPriority: '' }).invalid).toEqual(['normalsPerPriority']);
    expect(policyChange(saved, readPolicyDraft(saved, {}))).toEqual({});
  });
});
