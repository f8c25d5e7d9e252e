import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORAGE_FAULT_REASONS } from '../../main/wire/schemas.js';
import { HubError } from '../../renderer/lib/api/hub-client.js';
import { REFUSALS, refusalText, type RefusalParams } from '../../renderer/lib/i18n/refusals.js';

const ROOT = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The index just past the code that starts at `from` and ends at its matching closer. */
function endOfCode(src: string, from: number): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'" || c === '"') {
      for (i++; src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if (c === '`') {
      for (i++; src[i] !== '`'; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '$' && src[i + 1] === '{') i = endOfCode(src, i + 1) - 1;
      }
    } else if (c === '/' && src[i + 1] === '/') {
      i = src.indexOf('\n', i);
    } else if ('({['.includes(c)) {
      depth++;
    } else if (')}]'.includes(c) && --depth === 0) {
      return i + 1;
    }
  }
  throw new Error(`unbalanced code from ${from}`);
}

/** The literal reasons in a piece of code: `reason: 'x'`, also inside `cond ? 'x' : 'y'` or `a ?? 'x'`. */
function reasonsIn(code: string): string[] {
  // A value that opens an object (`reason: { type: 'string' }`, a schema) is not a reason.
  return [...code.matchAll(/\breason:\s*(?![\s{])([^,\n}]+)/g)].flatMap((m) => [...m[1]!.matchAll(/'([a-z][a-z0-9_]*)'/g)].map((l) => l[1]!));
}

interface Thrown {
  where: string;
  code: string;
}

/**
 * Every refusal the hub can send: each `new QueueError(` / `new HttpError(` in main/, each error
 * body written by hand (`error: { ... }`), and the tables of http-errors.ts.
 */
function refusalsInMain(): { thrown: Thrown[]; reasons: Map<string, string> } {
  const thrown: Thrown[] = [];
  const reasons = new Map<string, string>();
  for (const file of sourceFiles(join(ROOT, 'main'))) {
    const src = readFileSync(file, 'utf8');
    const name = relative(ROOT, file);
    for (const m of src.matchAll(/new (?:QueueError|HttpError)\(|\berror: \{/g)) {
      const open = m.index + m[0].length - 1;
      const code = src.slice(open, endOfCode(src, open));
      const line = src.slice(0, m.index).split('\n').length;
      if (m[0].startsWith('new')) thrown.push({ where: `${name}:${line}`, code });
      for (const reason of reasonsIn(code)) reasons.set(reason, `${name}:${line}`);
    }
    if (name.endsWith('http-errors.ts')) for (const reason of reasonsIn(src)) reasons.set(reason, name);
  }
  return { thrown, reasons };
}

/** One value for every param a wording may use, so each sentence comes out whole. */
const SAMPLE: RefusalParams = {
  position: 'Bilik 2', ticket: 'G001', status: 'called', allowed: 'called,serving', service: 'JHT', serviceLabelId: 'Klaim JHT',
  serviceLabelEn: 'Old-age savings claim', officer: 'Siti Rahma', booking: 'BK-0915', day: '2025-03-11', today: '2025-03-10', opens: '09:00',
  slot: '09:30', quota: 50, issued: 12, max: 6, count: 7, prefix: 'A', seconds: 42, role: 'kiosk', needs: 'console,supervisor', field: 'text',
  code: 'ZZZZZZ', device: 'Kios lobi', printer: 'lobby', minutes: 10, tickets: 'A001, A002', method: 'GET', path: '/api/v1/nope', state: 'printed',
};

describe('every refusal the hub sends has words in both languages', () => {
  const { thrown, reasons } = refusalsInMain();

  it('finds the refusals of the queue, the hub and pairing', () => {
    expect(thrown.length).toBeGreaterThan(60);
    for (const reason of ['position_busy', 'quota_full', 'invalid_input', 'body_too_large', 'not_paired', 'role_forbidden', 'route_unknown', 'pairing_code_unknown']) {
      expect([...reasons.keys()], reason).toContain(reason);
    }
  });

  it('gives every QueueError and HttpError thrown in main/ a literal reason', () => {
    const without = thrown.filter((t) => reasonsIn(t.code).length === 0).map((t) => t.where);
    expect(without, 'refusals with no literal reason: the pages could not word them').toEqual([]);
  });

  it('words every reason thrown, in Indonesian and English, different and never empty', () => {
    // Storage faults are sent by a table of SQLite error codes, not a literal at the throw.
    for (const reason of STORAGE_FAULT_REASONS) reasons.set(reason, 'main/wire/schemas.ts');
    const missing = [...reasons].filter(([reason]) => !Object.hasOwn(REFUSALS, reason)).map(([reason, where]) => `${reason} (${where})`);
    expect(missing, 'reasons with no wording in renderer/lib/i18n/refusals.ts').toEqual([]);
    for (const reason of reasons.keys()) {
      const id = REFUSALS[reason]!.id(SAMPLE);
      const en = REFUSALS[reason]!.en(SAMPLE);
      expect(id.trim(), reason).not.toBe('');
      expect(en.trim(), reason).not.toBe('');
      expect(id, `${reason}: the same words in both languages`).not.toBe(en);
      for (const text of [id, en]) expect(text, reason).not.toMatch(/undefined|null|NaN|\{|\s{2}|\s[.,:]/);
    }
  });

  it('words every entry of the dictionary, not only those thrown today', () => {
    for (const [reason, words] of Object.entries(REFUSALS)) {
      expect(words.id(SAMPLE), reason).not.toBe(words.en(SAMPLE));
      expect(words.id({}).trim(), `${reason} without params`).not.toBe('');
    }
  });
});

describe('a refusal in words', () => {
  it('says a booth still holding a called ticket in Indonesian, with the status translated', () => {
    const busy = { code: 'conflict', reason: 'position_busy', params: { position: 'Bilik 2', ticket: 'G001', status: 'called' } };
    expect(refusalText(busy, 'id')).toBe('Di Bilik 2 masih ada tiket G001 yang dipanggil. Selesaikan, tandai tidak hadir, atau alihkan tiket itu dulu.');
    expect(refusalText(busy, 'en')).toBe('Bilik 2 still has ticket G001 (called). Finish it, mark it a no-show or transfer it first.');
    const serving = { ...busy, params: { ...busy.params, status: 'serving' } };
    expect(refusalText(serving, 'id')).toContain('yang sedang dilayani');
    expect(refusalText(serving, 'en')).toContain('(being served)');
  });

  it('names a service by its label in the reader language', () => {
    const full = { code: 'quota_full', reason: 'quota_full', params: { service: 'JHT', serviceLabelId: 'Klaim JHT', serviceLabelEn: 'Old-age savings claim', quota: 50 } };
    expect(refusalText(full, 'id')).toBe('Kuota hari ini untuk Klaim JHT sudah habis.');
    expect(refusalText(full, 'en')).toBe("Today's quota for Old-age savings claim is used up.");
    // A refusal the page made itself may only know the code.
    expect(refusalText({ code: 'service_closed', reason: 'service_closed', params: { service: 'JKM' } }, 'id')).toBe('Layanan JKM tutup hari ini.');
    expect(refusalText({ code: 'service_closed' }, 'en')).toBe('This service is closed today.');
  });

  it('says which statuses an action needs, and a status a ticket has, in words', () => {
    const wrong = { code: 'conflict', reason: 'ticket_wrong_status', params: { ticket: 'A007', status: 'done', allowed: 'called,serving' } };
    expect(refusalText(wrong, 'id')).toBe('Tiket A007 sudah selesai: langkah ini hanya untuk tiket yang dipanggil atau sedang dilayani.');
    expect(refusalText(wrong, 'en')).toBe('Ticket A007 is finished: this is only for a ticket that is called or being served.');
    const cancel = { code: 'conflict', reason: 'ticket_not_cancellable', params: { ticket: 'A007', status: 'no_show' } };
    expect(refusalText(cancel, 'id')).toBe('Tiket A007 tidak dapat dibatalkan lagi karena sudah ditandai tidak hadir.');
  });

  it('writes a booking day as people write dates', () => {
    const wrongDay = { code: 'booking_wrong_day', reason: 'booking_wrong_day', params: { booking: 'BK-2', day: '2025-03-11', today: '2025-03-10' } };
    expect(refusalText(wrongDay, 'id')).toBe('Booking BK-2 untuk Selasa, 11 Maret 2025, bukan hari ini.');
    // ICU versions differ on the comma after the weekday.
    expect(refusalText(wrongDay, 'en')).toMatch(/^Booking BK-2 is for Tuesday,? 11 March 2025, not today\.$/);
    const early = { code: 'booking_too_early', reason: 'booking_too_early', params: { booking: 'BK-3', slot: '10:00', opens: '09:30' } };
    expect(refusalText(early, 'id')).toBe('Check-in untuk booking BK-3 baru dibuka pukul 09:30.');
    const used = { code: 'booking_used', reason: 'booking_used', params: { booking: 'BK-4' } };
    expect(refusalText(used, 'id')).toBe('Booking BK-4 sudah dipakai untuk check-in.');
    expect(refusalText(used, 'en')).toBe('Booking BK-4 has already been checked in.');
  });

  it('names roles and fields as people call them', () => {
    const forbidden = { code: 'forbidden', reason: 'role_forbidden', params: { role: 'kiosk', needs: 'console,supervisor' } };
    expect(refusalText(forbidden, 'id')).toBe('Kios tidak boleh melakukan ini: hanya konsol petugas atau supervisor yang boleh.');
    expect(refusalText(forbidden, 'en')).toBe('This kiosk may not do this: only the officer console or the supervisor may.');
    expect(refusalText({ code: 'invalid', reason: 'invalid_input', params: { field: 'text' } }, 'id')).toBe('Isian teks tidak valid. Periksa lalu coba lagi.');
    expect(refusalText({ code: 'invalid', reason: 'invalid_input', params: { field: 'bookings.0.slotEnd' } }, 'en')).toBe('The bookings.0.slotEnd entered is not valid. Check it and try again.');
  });

  it('falls back to the coarse code, then to a plain refusal, and never to the English message', () => {
    const newer = { code: 'conflict', reason: 'something_added_later', params: {}, message: 'an English sentence' };
    expect(refusalText(newer, 'id')).toBe('Permintaan ini tidak sesuai dengan keadaan saat ini. Periksa lalu coba lagi.');
    expect(refusalText({ code: 'teapot', reason: 'brewing' }, 'id')).toBe('Hub cabang menolak permintaan ini.');
    expect(refusalText({ code: 'teapot', reason: 'constructor' }, 'en')).toBe('The branch hub refused this request.');
  });
});

describe('the hub client', () => {
  it('exposes the reason and params of an error body, and the coarse code when there is none', () => {
    const body = { code: 'conflict', reason: 'position_busy', params: { position: 'Bilik 2', ticket: 'G001', status: 'called' }, message: 'Bilik 2 still has ticket G001 (called)' };
    const refused = new HubError(409, 'conflict', body.message, body);
    expect(refused.reason).toBe('position_busy');
    expect(refused.params).toEqual(body.params);
    expect(refusalText(refused, 'id')).not.toContain('still has');
    const bare = new HubError(0, 'unreachable', 'the branch hub cannot be reached');
    expect([bare.reason, bare.params]).toEqual(['unreachable', {}]);
    expect(refusalText(bare, 'id')).toBe('Hub cabang tidak dapat dihubungi. Periksa jaringan; halaman ini mencoba lagi sendiri.');
  });
});
