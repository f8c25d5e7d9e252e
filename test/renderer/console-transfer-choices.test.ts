import { describe, expect, it } from 'vitest';
import { transferChoices } from '../../renderer/console/transfer-choices.js';

const positions = [
  { id: 'booth-2', kind: 'booth' as const, label: 'Bilik 2', active: true, services: ['JHT', 'JKK'] },
  { id: 'booth-10', kind: 'booth' as const, label: 'Bilik 10', active: true, services: ['JHT'] },
  { id: 'booth-1', kind: 'booth' as const, label: 'Bilik 1', active: true, services: ['JHT', 'JKK'] },
  { id: 'counter-1', kind: 'counter' as const, label: 'Loket 1', active: true, services: ['JHT', 'INFO'] },
  { id: 'counter-2', kind: 'counter' as const, label: 'Loket 2', active: false, services: ['JHT'] },
];
const session = (officerId: string, officerName: string, at: string[]) => ({ id: `s-${officerId}`, officerId, officerName, startedAt: 0, positions: at });

describe('where a console may transfer a ticket within a service', () => {
  const snapshot = {
    positions,
    sessions: [session('siti', 'Siti Rahmawati', ['booth-1', 'booth-2']), session('budi', 'Budi Santoso', ['counter-1']), session('ani', 'Ani', ['booth-10', 'counter-2'])],
  };

  it("offers the staffed positions of the service in label order, without the officer's own", () => {
    const { positions: offered } = transferChoices(snapshot, 'JHT', 'siti');
    expect(offered).toEqual([
      { id: 'booth-10', label: 'Bilik 10', officerName: 'Ani' },
      { id: 'counter-1', label: 'Loket 1', officerName: 'Budi Santoso' },
    ]);
  });

  it('offers the other officers on duty with the positions of theirs that serve it; an inactive position does not count', () => {
    const { officers } = transferChoices(snapshot, 'JHT', 'siti');
    expect(officers).toEqual([
      { id: 'ani', name: 'Ani', positionLabels: ['Bilik 10'] },
      { id: 'budi', name: 'Budi Santoso', positionLabels: ['Loket 1'] },
    ]);
  });

  it('offers nobody for a service no one else staffs', () => {
    expect(transferChoices(snapshot, 'INFO', 'budi')).toEqual({ positions: [], officers: [] });
    expect(transferChoices(snapshot, 'JKM', 'siti')).toEqual({ positions: [], officers: [] });
  });
});
