import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, issue, signIn, STANDARD_SEED, startTestHub, type HubFixture } from '../support/hub-fixture.js';

/**
 * Text a person types reaches lobby screens, printed tickets, the supervisor's page and the logs.
 * Control characters (an ESC is a printer or terminal command) and invisible format characters
 * (a bidi override shows text reversed) are refused at the edge in every free-text field: 400
 * naming the field and the character, and nothing changes.
 */
let fx: HubFixture;
let waitingTicketId: string;
let calledTicketId: string;

beforeAll(async () => {
  fx = await startTestHub({ seed: STANDARD_SEED });
  waitingTicketId = (await issue(fx, 'JHT')).ticket.id;
  await issue(fx, 'INFO');
  await signIn(fx, 'siti', '1234', ['counter-1']);
  const called = await fx.api('POST', '/positions/counter-1/call-next', { token: fx.tokens.console });
  calledTicketId = called.body.ticket.id;
  await fx.api('POST', `/tickets/${calledTicketId}/start`, { token: fx.tokens.console });
});
afterAll(async () => {
  await fx?.close();
});

/** Each bad character with its code point, as the refusal names it. */
const BAD: [string, string][] = [
  ['ESC', '\u001b'],
  ['NUL', '\u0000'],
  ['BEL', '\u0007'],
  ['DEL', '\u007f'],
  ['C1 NEL', '\u0085'],
  ['C1 CSI', '\u009b'],
  ['left-to-right embedding', '\u202a'],
  ['right-to-left override', '\u202e'],
  ['pop directional formatting', '\u202c'],
  ['left-to-right isolate', '\u2066'],
  ['pop directional isolate', '\u2069'],
  ['right-to-left mark', '\u200f'],
  ['zero-width space', '\u200b'],
  ['byte order mark', '\ufeff'],
  ['line separator', '\u2028'],
  ['Hangul filler', '\u3164'],
  ['invisible tag letter', '\u{e0041}'],
  ['lone surrogate', '\ud800'],
];
const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** A request carrying `value` in one free-text field; `field` is the name the refusal must give. */
interface FieldCase {
  name: string;
  field: string;
  request: (value: string) => { method: string; path: string; token: () => string | null; body: unknown };
  /** What the hub holds for this field now, to check that a refusal left it as it was. */
  current: () => Promise<unknown>;
  /** Newline and tab are allowed here (notes). */
  multiline?: boolean;
}

const sup = () => fx.tokens.supervisor;
const get = async (path: string, token = sup()) => (await fx.api('GET', path, { token })).body;
const service = async () => (await get('/services')).services.find((s: { code: string }) => s.code === 'JHT');

const FIELDS: FieldCase[] = [
  {
    name: 'the ticker', field: 'text',
    request: (v) => ({ method: 'PUT', path: '/settings/ticker', token: sup, body: { text: `Selamat datang ${v} di cabang` } }),
    current: async () => (await get('/state')).ticker,
  },
  {
    name: "a pairing request's device name", field: 'name',
    request: (v) => ({ method: 'POST', path: '/pairing', token: () => null, body: { name: `Kios ${v}lobi` } }),
    current: async () => (await get('/devices')).devices.length,
  },
  {
    name: 'the name given on approval', field: 'name',
    request: (v) => ({ method: 'POST', path: '/devices/approve', token: sup, body: { code: 'ABC123', role: 'kiosk', name: `Kios ${v}lobi` } }),
    current: async () => (await get('/devices')).devices.map((d: { name: string }) => d.name),
  },
  {
    name: "the first supervisor's device name", field: 'name',
    request: (v) => ({ method: 'POST', path: '/setup', token: () => null, body: { code: 'K7M2Q-9XPLD', name: `Laptop ${v}supervisor` } }),
    current: async () => (await get('/devices')).devices.length,
  },
  {
    name: "an officer's name", field: 'name',
    request: (v) => ({ method: 'PUT', path: '/officers/siti', token: sup, body: { name: `Siti ${v}Rahmawati` } }),
    current: async () => (await get('/staff')).officers,
  },
  {
    name: "a new officer's name", field: 'name',
    request: (v) => ({ method: 'PUT', path: '/officers/rina', token: sup, body: { name: `Rina ${v}Wati`, pin: '908172' } }),
    current: async () => (await get('/staff')).officers.length,
  },
  {
    name: "a position's label", field: 'label',
    request: (v) => ({ method: 'PUT', path: '/positions/booth-1', token: sup, body: { kind: 'booth', label: `Bilik ${v}1`, services: ['JHT'] } }),
    current: async () => (await get('/staff')).positions,
  },
  {
    name: "a service's Indonesian label", field: 'labelId',
    request: (v) => ({ method: 'PUT', path: '/services/JHT', token: sup, body: { ...serviceBody(), labelId: `Klaim ${v}JHT` } }),
    current: service,
  },
  {
    name: "a service's English label", field: 'labelEn',
    request: (v) => ({ method: 'PUT', path: '/services/JHT', token: sup, body: { ...serviceBody(), labelEn: `Old-age ${v}claim` } }),
    current: service,
  },
  {
    name: "a required document's Indonesian label", field: 'documents.0.labelId',
    request: (v) => ({ method: 'PUT', path: '/services/JHT', token: sup, body: { ...serviceBody(), documents: [{ id: 'ktp', labelId: `KTP ${v}asli`, labelEn: 'ID card' }] } }),
    current: service,
  },
  {
    name: "a required document's English label", field: 'documents.0.labelEn',
    request: (v) => ({ method: 'PUT', path: '/services/JHT', token: sup, body: { ...serviceBody(), documents: [{ id: 'ktp', labelId: 'KTP', labelEn: `ID ${v}card` }] } }),
    current: service,
  },
  {
    name: 'a cancel reason', field: 'reason',
    request: (v) => ({ method: 'POST', path: `/tickets/${waitingTicketId}/cancel`, token: sup, body: { reason: `Salah ${v}layanan` } }),
    current: async () => (await get(`/tickets/${waitingTicketId}`)).ticket.status,
  },
  {
    name: "an officer's notes", field: 'notes', multiline: true,
    request: (v) => ({ method: 'POST', path: `/tickets/${calledTicketId}/finish`, token: () => fx.tokens.console, body: { outcome: 'completed', notes: `Dokumen ${v}lengkap` } }),
    current: async () => (await get(`/tickets/${calledTicketId}`)).ticket.status,
  },
  {
    name: "a printer's status detail", field: 'detail',
    request: (v) => ({ method: 'PUT', path: '/printer-status', token: () => fx.tokens.kiosk, body: { status: 'paper_out', detail: `tray ${v}empty` } }),
    current: async () => (await get('/supervisor/overview')).printers,
  },
];

/** A whole, valid service description for PUT /services/JHT; each case spoils one label. */
function serviceBody() {
  return {
    prefix: 'A', labelId: 'Klaim JHT', labelEn: 'Old-age savings claim', dailyQuota: 200, isOpen: true,
    defaultServiceSeconds: 900, documents: [{ id: 'ktp', labelId: 'KTP', labelEn: 'ID card' }], sortOrder: 1,
  };
}

async function expectRefused(c: FieldCase, value: string, what: string) {
  const { method, path, token, body } = c.request(value);
  const events = fx.eventCount();
  const before = await c.current();
  const res = await fx.api(method, path, { token: token(), body });
  const error = expectError(res, 400, 'invalid', c.field);
  expect(error.message, `${c.name} with ${what}`).toContain(`${c.field}: contains an invisible or control character (${codePoint(value)})`);
  expect(fx.eventCount()).toBe(events);
  expect(await c.current()).toEqual(before);
}

describe('free text with control or invisible characters is refused, naming the field, and changes nothing', () => {
  for (const c of FIELDS) {
    it(c.name, async () => {
      for (const [what, char] of BAD) await expectRefused(c, char, what);
      // Inside a single line, a newline or a tab hides the rest of the line on a screen.
      if (!c.multiline) for (const [what, char] of [['newline', '\n'], ['tab', '\t'], ['carriage return', '\r']]) await expectRefused(c, `${char}`, what!);
    });
  }
});

describe('ordinary text still passes', () => {
  it('names with accents and emoji joined by zero-width joiners, and notes with newlines and tabs', async () => {
    const sup = fx.tokens.supervisor;
    expect((await fx.api('PUT', '/officers/andre', { token: sup, body: { name: 'André Pâris Ñuñez', pin: '908172' } })).status).toBe(200);
    expect((await fx.api('PUT', '/settings/ticker', { token: sup, body: { text: 'Layanan gratis 👨‍👩‍👧 — tanpa calo' } })).status).toBe(200);
    expect((await get('/state')).ticker).toBe('Layanan gratis 👨‍👩‍👧 — tanpa calo');
    const finished = await fx.api('POST', `/tickets/${calledTicketId}/finish`, { token: fx.tokens.console, body: { outcome: 'completed', notes: 'KTP\tada\nKK\tada' } });
    expect(finished.status).toBe(200);
    expect((await get(`/tickets/${calledTicketId}`)).notes).toBe('KTP\tada\nKK\tada');
  });
});

describe('requestId has a strict format', () => {
  const cases: [string, string][] = [
    ['too short', 'abc'],
    ['too long', 'x'.repeat(65)],
    ['with an ESC', 'tap-0001\u001b[2J'],
    ['with a space', 'tap 000001'],
    ['with a slash', 'other/tap-0001'],
    ['with a bidi override', 'tap-0001\u202e'],
  ];
  for (const [name, requestId] of cases) {
    it(`${name} → 400 naming requestId, for a walk-in and a booking check-in`, async () => {
      const tickets = fx.ticketCount();
      expectError(await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT', requestId } }), 400, 'invalid', 'requestId');
      expectError(await fx.api('POST', '/tickets/check-in', { token: fx.tokens.kiosk, body: { bookingCode: 'BK-0001', requestId } }), 400, 'invalid', 'requestId');
      expect(fx.ticketCount()).toBe(tickets);
    });
  }

  it('a UUID, as the kiosk sends, is accepted', async () => {
    const requestId = crypto.randomUUID();
    const first = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT', requestId } });
    expect(first.status).toBe(201);
    const retry = await fx.api('POST', '/tickets', { token: fx.tokens.kiosk, body: { serviceCode: 'JHT', requestId } });
    expect(retry.body).toMatchObject({ replayed: true, ticket: { id: first.body.ticket.id } });
  });
});
