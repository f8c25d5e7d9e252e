import { describe, expect, it } from 'vitest';
import { autostartDesktopEntry } from '../../main/electron/policy/autostart.js';
import { IPC, ipcSenderAllowed } from '../../main/electron/policy/ipc-sender.js';
import { lockedKey, type KeyPress } from '../../main/electron/policy/kiosk-keys.js';
import { exitPinAnswer, localPageUrl, localResource } from '../../main/electron/policy/local-pages.js';

const HUB = 'https://192.168.1.10:8080';
const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({ type: 'keyDown', key: k, control: false, alt: false, shift: false, meta: false, ...mods });

describe('keys on a locked screen', () => {
  it('reload, devtools, zoom, print, close and full-screen keys do nothing', () => {
    for (const press of [key('F5'), key('F12'), key('F11'), key('r', { control: true }), key('R', { control: true, shift: true }), key('I', { control: true, shift: true }), key('w', { control: true }), key('q', { control: true }), key('p', { control: true }), key('+', { control: true }), key('0', { control: true }), key('F4', { alt: true }), key('ArrowLeft', { alt: true }), key('Meta', { meta: true }), key('BrowserBack')])
      expect(lockedKey(press), JSON.stringify(press)).toBe('block');
  });

  it('typing passes (a keyboard-mode scanner types too), and Ctrl+Alt+Shift+K asks for the PIN', () => {
    for (const press of [key('a'), key('7'), key('Enter'), key('Backspace'), key('A', { shift: true }), key('c', { control: true }), key('F5', { type: 'keyUp' })]) expect(lockedKey(press)).toBe('pass');
    expect(lockedKey(key('K', { control: true, alt: true, shift: true }))).toBe('leave-kiosk');
  });
});

describe('who may call the shell', () => {
  it("the hub's kiosk page may ask to leave; only the app's exit page may check the PIN; never an iframe, another role or another page", () => {
    expect(ipcSenderAllowed(IPC.askToLeave, { url: `${HUB}/kiosk`, mainFrame: true }, 'kiosk', HUB)).toBe(true);
    expect(ipcSenderAllowed(IPC.askToLeave, { url: `${HUB}/kiosk`, mainFrame: false }, 'kiosk', HUB)).toBe(false);
    expect(ipcSenderAllowed(IPC.askToLeave, { url: 'https://evil.example/kiosk', mainFrame: true }, 'kiosk', HUB)).toBe(false);
    expect(ipcSenderAllowed(IPC.askToLeave, { url: `${HUB}/console`, mainFrame: true }, 'console', HUB)).toBe(false);
    expect(ipcSenderAllowed(IPC.checkExitPin, { url: 'antre://local/exit.html', mainFrame: true }, 'booth', HUB)).toBe(true);
    expect(ipcSenderAllowed(IPC.checkExitPin, { url: `${HUB}/kiosk`, mainFrame: true }, 'kiosk', HUB)).toBe(false);
    expect(ipcSenderAllowed(IPC.checkExitPin, { url: 'antre://local/connecting.html', mainFrame: true }, 'kiosk', HUB)).toBe(false);
    expect(ipcSenderAllowed(IPC.cancelExit, { url: 'antre://local/exit.html', mainFrame: true }, 'kiosk', null)).toBe(true);
  });
});

describe("the app's local pages", () => {
  it('say in Indonesian and English that the hub is being reached, with no inline script', () => {
    const page = localResource(localPageUrl('connecting', 'https://192.168.1.10:8080'))!;
    expect(page.type).toMatch(/^text\/html/);
    expect(page.body).toContain('Menghubungkan ke hub cabang');
    expect(page.body).toContain('Connecting to the branch hub');
    expect(page.body).not.toMatch(/<script>|on(click|submit)=/);
  });

  it('the exit page asks for the PIN with its own script file; unknown paths and other origins answer nothing; names are escaped', () => {
    expect(localResource(localPageUrl('exit'))!.body).toMatch(/<script src="antre:\/\/local\/local\.js"><\/script>/);
    expect(localResource('antre://local/local.js')!.type).toBe('text/javascript');
    expect(localResource('antre://local/secrets.html')).toBeNull();
    expect(localResource('antre://other/exit.html')).toBeNull();
    expect(localResource(localPageUrl('waiting-screen', '<img src=x>'))!.body).not.toContain('<img');
  });

  it("words the hub's answer to a PIN", () => {
    expect(exitPinAnswer(200, undefined)).toEqual({ ok: true, text: '' });
    expect(exitPinAnswer(401, 'exit_pin_wrong').text).toMatch(/PIN supervisor salah/);
    expect(exitPinAnswer(429, 'too_many_pin_attempts', 60).text).toMatch(/60 detik.*60 seconds/);
    expect(exitPinAnswer(0, undefined).text).toMatch(/tidak terjangkau/);
  });
});

describe('start at boot', () => {
  it('the Linux autostart entry starts the app with its profile, quoted', () => {
    const entry = autostartDesktopEntry('/opt/Antre/antre', '/etc/antre/kiosk $1.json');
    expect(entry).toContain('Exec="/opt/Antre/antre" --profile "/etc/antre/kiosk \\$1.json"');
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application/);
  });
});
