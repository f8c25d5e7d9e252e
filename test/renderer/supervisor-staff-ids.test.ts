import { describe, expect, it } from 'vitest';
import { isValidId, isValidPin, suggestId } from '../../renderer/supervisor/staff-ids.js';

describe('identifiers suggested for new officers and positions', () => {
  it('are made from the name, without accents, in the format the hub accepts', () => {
    expect(suggestId('Rina Wati', new Set())).toBe('rina-wati');
    expect(suggestId('  André Pâris Ñuñez ', new Set())).toBe('andre-paris-nunez');
    expect(suggestId('Bilik 3', new Set())).toBe('bilik-3');
    expect(suggestId('Loket / Informasi & Pengaduan', new Set())).toBe('loket-informasi-pengaduan');
    for (const name of ['Rina Wati', 'x'.repeat(200), '李小龙', '']) expect(isValidId(suggestId(name, new Set()))).toBe(true);
  });

  it('never repeat one already taken', () => {
    expect(suggestId('Bilik 3', new Set(['bilik-3']))).toBe('bilik-3-2');
    expect(suggestId('Bilik 3', new Set(['bilik-3', 'bilik-3-2']))).toBe('bilik-3-3');
  });

  it('and a PIN is 4 to 8 digits, as the hub checks it', () => {
    expect(['1234', '12345678'].map(isValidPin)).toEqual([true, true]);
    expect(['123', '123456789', '12a4', ' 1234'].map(isValidPin)).toEqual([false, false, false, false]);
  });
});
