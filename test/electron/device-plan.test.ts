import { describe, expect, it } from 'vitest';
import { devicePlan } from '../../main/electron/policy/device-plan.js';
import { describeScreens, placeWindow, type ScreenInfo } from '../../main/electron/policy/screen-placement.js';
import { profileSchema } from '../../main/profiles/profile-schema.js';

const HUB = { branch: { id: 'cabang-kecil', name: 'Cabang Kecil', timeZone: 'Asia/Makassar' }, dataDir: 'data' };
const plan = (profile: unknown) => devicePlan(profileSchema.parse(profile));

const laptop: ScreenInfo = { id: 1, label: 'Built-in Touch', bounds: { x: 0, y: 0, width: 1080, height: 1920 }, primary: true };
const tv: ScreenInfo = { id: 7, label: 'HDMI-2 Samsung', bounds: { x: 1080, y: 0, width: 3840, height: 2160 }, primary: false };

describe('windows per profile', () => {
  it('a kiosk is one locked full-screen window with its printer run by the app', () => {
    const p = plan({ role: 'kiosk', name: 'Kiosk 1', hubUrl: 'https://192.168.1.10:8080', printer: { address: 'usb:/dev/usb/lp0' } });
    expect(p.hub).toBeNull();
    expect(p.windows).toEqual([expect.objectContaining({ role: 'kiosk', path: '/kiosk', kiosk: true, media: false, keepAwake: true })]);
    expect(p.agent).toMatchObject({ window: 'Kiosk 1', printer: { address: 'usb:/dev/usb/lp0' } });
  });

  it('a booth is locked with camera and microphone; a console is a normal window with them; a supervisor has neither', () => {
    expect(plan({ role: 'booth', name: 'Bilik 1', hubUrl: 'https://h:8080' }).windows[0]).toMatchObject({ kiosk: true, media: true });
    expect(plan({ role: 'console', name: 'CSO 1', hubUrl: 'https://h:8080' }).windows[0]).toMatchObject({ kiosk: false, media: true, keepAwake: false });
    expect(plan({ role: 'supervisor', name: 'Sup', hubUrl: 'https://h:8080' }).windows[0]).toMatchObject({ kiosk: false, media: false });
  });

  it('a display waits for the screen its profile names and keeps the PC awake', () => {
    expect(plan({ role: 'display', name: 'TV', hubUrl: 'https://h:8080', screen: 'HDMI-2 Samsung' }).windows[0]).toMatchObject({ kiosk: false, waitsForScreen: true, keepAwake: true, screen: 'HDMI-2 Samsung' });
  });

  it("a small branch's single PC runs the hub, the kiosk on its touchscreen and the lobby display on the TV", () => {
    const p = plan({
      role: 'station',
      name: 'PC cabang',
      hub: HUB,
      windows: [
        { role: 'kiosk', name: 'Kios', screen: 0 },
        { role: 'display', name: 'TV lobi', screen: 1 },
      ],
      printer: { address: 'usb:/dev/usb/lp0' },
    });
    expect(p.hub?.branch.id).toBe('cabang-kecil');
    expect(p.hubUrl).toBeNull();
    expect(p.windows.map((w) => [w.role, w.kiosk, w.screen])).toEqual([
      ['kiosk', true, 0],
      ['display', false, 1],
    ]);
    expect(p.agent?.window).toBe('Kios');
  });

  it('refuses a combined profile without a hub to reach, two kiosks, or a printer without a kiosk, naming the field', () => {
    const bad = (p: unknown) => profileSchema.safeParse(p).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(bad({ role: 'station', name: 'PC', windows: [{ role: 'display', name: 'TV' }] })).toEqual(['hubUrl: give hubUrl, or a hub section when this PC runs the hub']);
    expect(bad({ role: 'station', name: 'PC', hubUrl: 'https://h:1', windows: [{ role: 'kiosk', name: 'A' }, { role: 'kiosk', name: 'B' }] })?.[0]).toMatch(/^windows: one kiosk window per PC/);
    expect(bad({ role: 'station', name: 'PC', hubUrl: 'https://h:1', windows: [{ role: 'display', name: 'TV' }], printer: { address: 'usb:/dev/usb/lp0' } })).toEqual(['printer: a printer or scanner needs a kiosk window']);
  });

  it('a hub PC alone shows its own supervisor page; the demo opens every page in ordinary windows', () => {
    expect(plan({ role: 'hub', hub: HUB }).windows.map((w) => [w.role, w.kiosk])).toEqual([['supervisor', false]]);
  });
});

describe('which screen a window goes to', () => {
  const display = plan({ role: 'display', name: 'TV', hubUrl: 'https://h:8080', screen: 'hdmi-2 samsung' }).windows[0]!;

  it('the display waits on the primary screen while its TV is unplugged, and fills the TV once it is there', () => {
    expect(placeWindow(display, [laptop])).toEqual({ kind: 'waiting', screenId: 1, bounds: laptop.bounds, waitingFor: 'hdmi-2 samsung' });
    expect(placeWindow(display, [laptop, tv])).toEqual({ kind: 'on', screenId: 7, bounds: tv.bounds, fullScreen: true });
  });

  it('a screen is named by its index too', () => {
    const byIndex = plan({ role: 'display', name: 'TV', hubUrl: 'https://h:8080', screen: 1 }).windows[0]!;
    expect(placeWindow(byIndex, [laptop, tv])).toMatchObject({ kind: 'on', screenId: 7 });
    expect(placeWindow(byIndex, [laptop])).toMatchObject({ kind: 'waiting' });
  });

  it('a kiosk whose named screen is missing still serves on the screen there is; a console is not full screen', () => {
    const kiosk = plan({ role: 'kiosk', name: 'K', hubUrl: 'https://h:8080', screen: 'Elo Touch' }).windows[0]!;
    expect(placeWindow(kiosk, [tv, laptop])).toEqual({ kind: 'on', screenId: 1, bounds: laptop.bounds, fullScreen: true });
    const console_ = plan({ role: 'console', name: 'C', hubUrl: 'https://h:8080' }).windows[0]!;
    expect(placeWindow(console_, [laptop])).toMatchObject({ fullScreen: false });
  });

  it('lists the screens as a person types them into the profile', () => {
    expect(describeScreens([laptop, tv])).toEqual(['screen 0: "Built-in Touch" 1080x1920 at 0,0 (primary)', 'screen 1: "HDMI-2 Samsung" 3840x2160 at 1080,0']);
  });
});
