import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../main/hub/start-hub.js';
import { loadProfile, ProfileError } from '../../main/profiles/load-profile.js';
import { repoLayout } from '../support/app-layout.js';

const PROFILES_DIR = path.resolve(import.meta.dirname, '..', '..', 'kiosk-profiles');
const profileFiles = fs.readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json'));

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-profiles-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let fileSeq = 0;
function write(content: unknown): string {
  const file = path.join(dir, `profile-${++fileSeq}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

const goodHub = () => ({
  role: 'hub',
  hub: {
    branch: { id: 'cabang-uji', name: 'Cabang Uji', timeZone: 'Asia/Jakarta' },
    listen: { host: '0.0.0.0', port: 8080 },
    dataDir: './data',
    publicDisplay: false,
  },
});

/** loadProfile must throw a ProfileError; returns its message. */
function profileError(file: string): string {
  let thrown: unknown;
  try {
    loadProfile(file);
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `${file} was accepted`).toBeInstanceOf(ProfileError);
  return (thrown as ProfileError).message;
}

describe('the shipped profiles', () => {
  it('there is one for the hub, the demo and every device role', () => {
    expect(profileFiles.sort()).toEqual(['booth.json', 'console.json', 'demo.json', 'display.json', 'hub.json', 'kiosk.json', 'supervisor.json']);
  });

  for (const file of profileFiles) {
    it(`${file} validates`, () => {
      const profile = loadProfile(path.join(PROFILES_DIR, file));
      expect(profile.role).toBe(path.basename(file, '.json'));
      expect(profile.file).toBe(path.join(PROFILES_DIR, file));
      expect(profile.dir).toBe(PROFILES_DIR);
    });
  }

  it('hub.json fills the defaults a hub needs', () => {
    const profile = loadProfile(path.join(PROFILES_DIR, 'hub.json'));
    if (profile.role !== 'hub') throw new Error('hub.json is not a hub profile');
    expect(profile.hub.branch.timeZone).toBe('Asia/Makassar');
    expect(profile.hub.listen.port).toBe(8080);
    expect(profile.hub.publicDisplay).toBe(false);
  });
});

describe('the demo profile runs', () => {
  let hub: RunningHub | undefined;
  let base: string | undefined;
  afterEach(async () => {
    await hub?.close();
    if (base) fs.rmSync(base, { recursive: true, force: true });
    hub = undefined;
    base = undefined;
  });

  it('its seed (positions, officers, bookings, ticker) applies to a fresh hub', async () => {
    const profile = loadProfile(path.join(PROFILES_DIR, 'demo.json'));
    if (profile.role !== 'demo') throw new Error('demo.json is not a demo profile');
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'antre-demo-'));
    const start = Date.parse('2025-03-10T08:00:00+07:00');
    hub = await startHub({ layout: repoLayout, hub: { ...profile.hub, dataDir: 'data' }, baseDir: base, host: '127.0.0.1', port: 0, clock: () => start });
    const state = (await (await fetch(`${hub.url}/api/v1/state`)).json()) as { positions: { id: string }[]; ticker: string };
    expect(state.positions.map((p) => p.id).sort()).toEqual(profile.hub.seed!.positions.map((p) => p.id).sort());
    expect(state.ticker).toBe(profile.hub.seed!.ticker);
    for (const b of profile.hub.seed!.bookingsToday) expect(hub.queue.store.booking(b.code)).toMatchObject({ serviceCode: b.serviceCode, status: 'booked' });
    expect(hub.queue.store.officers().map((o) => o.id).sort()).toEqual(['budi', 'made', 'siti']);
  });
});

describe('a bad profile stops start-up with the file and the field', () => {
  it('an unknown role names role and the roles allowed', () => {
    const file = write({ role: 'printer', name: 'Printer 1', hubUrl: 'http://192.168.1.10:8080' });
    const message = profileError(file);
    expect(message).toContain(file);
    expect(message).toMatch(/\brole\b/);
    expect(message).toMatch(/hub/);
    expect(message).toMatch(/kiosk/);
  });

  it('a misspelt time zone names hub.branch.timeZone', () => {
    const profile = goodHub();
    profile.hub.branch.timeZone = 'Asia/Jakrta';
    const file = write(profile);
    const message = profileError(file);
    expect(message).toContain(file);
    expect(message).toContain('hub.branch.timeZone');
    expect(message).toContain('Asia/Jakarta');
  });

  it('takes the online booking site the kiosk offers; one that is not a web address names hub.branch.bookingSiteUrl', () => {
    const profile = goodHub();
    const site = 'https://antrean.example.go.id/booking';
    const accepted = loadProfile(write({ ...profile, hub: { ...profile.hub, branch: { ...profile.hub.branch, bookingSiteUrl: site } } }));
    expect(accepted.role === 'hub' && accepted.hub.branch.bookingSiteUrl).toBe(site);
    for (const bad of ['antrean.example.go.id', 'ftp://antrean.example.go.id']) {
      const message = profileError(write({ ...profile, hub: { ...profile.hub, branch: { ...profile.hub.branch, bookingSiteUrl: bad } } }));
      expect(message).toContain('hub.branch.bookingSiteUrl');
      expect(message).toContain('online booking site');
    }
  });

  it('a negative port names hub.listen.port', () => {
    const profile = goodHub();
    profile.hub.listen.port = -8080;
    const file = write(profile);
    const message = profileError(file);
    expect(message).toContain(file);
    expect(message).toContain('hub.listen.port');
  });

  it('an unknown field is named, with where it is', () => {
    const profile = { ...goodHub(), hub: { ...goodHub().hub, pubicDisplay: true } };
    const file = write(profile);
    const message = profileError(file);
    expect(message).toContain(file);
    expect(message).toContain('pubicDisplay');
    expect(message).toMatch(/\bhub\b/);
  });

  it('an unknown field at the top of a device profile is named', () => {
    const file = write({ role: 'kiosk', name: 'Kiosk 1', hubUrl: 'http://192.168.1.10:8080', printer: 'usb' });
    const message = profileError(file);
    expect(message).toContain('printer');
  });

  it('a device hub address that is not http(s) names hubUrl', () => {
    const file = write({ role: 'display', name: 'TV', hubUrl: 'ftp://192.168.1.10' });
    const message = profileError(file);
    expect(message).toContain('hubUrl');
  });

  it('a seed officer with a bad PIN names the officer entry', () => {
    const profile = { ...goodHub(), hub: { ...goodHub().hub, seed: { officers: [{ id: 'siti', name: 'Siti', pin: '12' }] } } };
    const message = profileError(write(profile));
    expect(message).toContain('hub.seed.officers.0.pin');
  });

  it('invalid JSON says so and names the file', () => {
    const file = write('{ "role": "hub", ');
    const message = profileError(file);
    expect(message).toContain(file);
    expect(message).toMatch(/not valid JSON/);
  });

  it('a missing file names the file', () => {
    const file = path.join(dir, 'does-not-exist.json');
    const message = profileError(file);
    expect(message).toContain(file);
    expect(message).toMatch(/ENOENT/);
  });

  it('lists every problem at once, one per line', () => {
    const profile = goodHub();
    profile.hub.branch.timeZone = 'Mars/Olympus';
    profile.hub.listen.port = 70000;
    const message = profileError(write(profile));
    const lines = message.split('\n');
    expect(lines.some((l) => l.includes('hub.branch.timeZone'))).toBe(true);
    expect(lines.some((l) => l.includes('hub.listen.port'))).toBe(true);
  });
});
