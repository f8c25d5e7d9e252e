/**
 * The Antre app's main process: the one place where Electron is wired. Every decision is a plain
 * function in policy/; this file hands them to Electron. Started as `electron . --profile FILE`
 * (or with the profile in ANTRE_PROFILE, or at <user data>/profile.json).
 */
import { app, BrowserWindow, ipcMain, Menu, protocol, screen, type IpcMainInvokeEvent } from 'electron';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { runDeviceAgent } from '../devices/device-agent.js';
import { TOKEN_COOKIE } from '../hub/auth.js';
import { createHubLog } from '../ops/hub-log.js';
import { loadProfile, type ProfileError } from '../profiles/load-profile.js';
import { autostartDesktopEntry } from './policy/autostart.js';
import { devicePlan, type DevicePlan, type WindowPlan } from './policy/device-plan.js';
import { superviseHub } from './policy/hub-supervisor.js';
import { IPC, ipcSenderAllowed, type IpcChannel } from './policy/ipc-sender.js';
import { exitPinAnswer, localPageUrl, localResource } from './policy/local-pages.js';
import { LOCAL_SCHEME } from './policy/navigation-policy.js';
import { describeScreens } from './policy/screen-placement.js';
import { stageUpdates } from './shell/app-updates.js';
import { openDeviceKeychain } from './shell/device-keychain.js';
import { openDeviceWindow, type DeviceWindow } from './shell/device-window.js';
import { forkHub } from './shell/hub-process.js';

// build/main/electron/app.js: the installation is three folders up (the repository, or the app's asar).
const ROOT = resolve(import.meta.dirname, '..', '..', '..');

protocol.registerSchemesAsPrivileged([{ scheme: LOCAL_SCHEME, privileges: { standard: true, secure: true } }]);
app.enableSandbox();

function profileFile(): string {
  const at = process.argv.indexOf('--profile');
  if (at >= 0 && process.argv[at + 1]) return resolve(process.argv[at + 1]!);
  return process.env.ANTRE_PROFILE ? resolve(process.env.ANTRE_PROFILE) : join(app.getPath('userData'), 'profile.json');
}

if (!app.requestSingleInstanceLock()) {
  // One instance per device: a second start (a double click, the autostart) gives way to the first.
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  // No page ever opens a window, a webview or an address outside the app's allow-list.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const log = createHubLog({ dir: join(app.getPath('userData'), 'logs'), console: true });
  const say = (event: string, fields: object = {}) => log.info(event, fields as Record<string, never>);
  protocol.handle(LOCAL_SCHEME, localResponse);
  const file = profileFile();
  let plan: DevicePlan;
  try {
    plan = devicePlan(loadProfile(file));
  } catch (err) {
    log.error('profile.refused', { file, error: (err as ProfileError).message });
    const win = new BrowserWindow({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' } });
    void win.loadURL(localPageUrl('no-profile', (err as Error).message));
    return;
  }
  say('app.started', { version: app.getVersion(), profile: file, windows: plan.windows.map((w) => `${w.role}:${w.name}`), screens: describeScreens(screen.getAllDisplays().map((d) => ({ id: d.id, label: d.label, bounds: d.bounds, primary: d.id === screen.getPrimaryDisplay().id }))) });
  if (plan.windows.some((w) => w.kiosk)) Menu.setApplicationMenu(null);
  if (app.isPackaged) startAtLogin(file);

  const keychain = openDeviceKeychain(join(app.getPath('userData'), 'devices.json'));
  let hubUrl = plan.hubUrl;
  let ownFingerprint: string | null = null;
  const hub = { url: () => hubUrl, ownFingerprint: () => ownFingerprint };
  const windows: DeviceWindow[] = [];
  const report = (w: WindowPlan, event: string, fields: object) => void reportFault(w, event, fields);
  const context = { hub, keychain, preloadDir: join(import.meta.dirname, 'preload'), log: say, report };
  for (const w of plan.windows) {
    const opened = openDeviceWindow(w, context);
    opened.session.protocol.handle(LOCAL_SCHEME, localResponse);
    windows.push(opened);
  }

  async function reportFault(w: WindowPlan, event: string, fields: object): Promise<void> {
    const url = hubUrl;
    const token = keychain.pairing(w.name).load();
    const win = windows.find((d) => d.plan.name === w.name);
    if (!url || !token || !win) return;
    const body = { fault: event === 'window.crashed' ? 'crashed' : 'unresponsive', reason: (fields as { reason?: string }).reason, crashesLastMinute: (fields as { crashesLastMinute?: number }).crashesLastMinute ?? 1 };
    await win.session.fetch(new URL('/api/v1/devices/current/window-faults', url).href, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => undefined);
  }

  if (plan.hub) {
    const supervisor = superviseHub({
      spawn: () => forkHub(join(import.meta.dirname, 'hub-child.js'), ROOT, file),
      onReady: (ready) => {
        hubUrl = ready.url;
        ownFingerprint = ready.fingerprint;
        for (const w of windows) {
          const demo = ready.demoDevices?.find((d) => d.name === w.plan.name);
          const done = demo ? w.session.cookies.set({ url: ready.url, name: TOKEN_COOKIE, value: demo.token, path: '/', httpOnly: true, sameSite: 'strict' }) : Promise.resolve();
          const setup = ready.setupCode && w.plan.role === 'supervisor' ? `/setup?code=${encodeURIComponent(ready.setupCode)}` : undefined;
          void done.then(() => w.refresh(setup));
        }
      },
      report: (r) => (r.event === 'hub.ready' ? say(r.event, { url: r.url }) : log.warn(r.event, r as never)),
    });
    app.on('before-quit', () => supervisor.stop());
  }

  if (plan.agent) {
    const agent = plan.agent;
    const kiosk = windows.find((w) => w.plan.name === agent.window)!;
    // The kiosk's page and its agent are one device: the agent starts once the page is paired.
    const tryAgent = setInterval(() => {
      const pairing = keychain.pairing(agent.window);
      if (!hubUrl || !pairing.load()) return;
      clearInterval(tryAgent);
      const pinned = ownFingerprint ? null : keychain.pinned(agent.window);
      void runDeviceAgent({ name: agent.window, hubUrl, printer: agent.printer, scanner: agent.scanner }, dirnameOf(file), pairing, (line) => say('agent', { line }), {
        fetch: (input, init) => kiosk.session.fetch(input as string, init),
        pinned,
      }).catch((err: Error) => log.error('agent.failed', { error: err.message }));
    }, 3000);
  }

  if (plan.updatesUrl && app.isPackaged) stageUpdates(plan.updatesUrl, () => windows, plan.hub !== null, say);

  const senderWindow = (event: IpcMainInvokeEvent, channel: IpcChannel): DeviceWindow | null => {
    const w = windows.find((d) => d.win.webContents === event.sender);
    const frame = event.senderFrame;
    if (!w || !frame) return null;
    const origin = hubUrl ? new URL(hubUrl).origin : null;
    return ipcSenderAllowed(channel, { url: frame.url, mainFrame: frame === event.sender.mainFrame }, w.plan.role, origin) ? w : null;
  };
  ipcMain.handle(IPC.askToLeave, (event) => {
    const w = senderWindow(event, IPC.askToLeave);
    if (w) void w.win.webContents.loadURL(localPageUrl('exit'));
  });
  ipcMain.handle(IPC.cancelExit, (event) => senderWindow(event, IPC.cancelExit)?.cancelExit());
  ipcMain.handle(IPC.checkExitPin, async (event, pin: unknown) => {
    const w = senderWindow(event, IPC.checkExitPin);
    if (!w || typeof pin !== 'string' || !/^\d{4,8}$/.test(pin)) return exitPinAnswer(400, 'invalid');
    const token = keychain.pairing(w.plan.name).load();
    if (!hubUrl || !token) return exitPinAnswer(0, undefined);
    try {
      const res = await w.session.fetch(new URL('/api/v1/devices/current/exit-check', hubUrl).href, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ pin }) });
      const body = (await res.json().catch(() => ({}))) as { error?: { reason?: string; params?: { seconds?: number } } };
      const answer = exitPinAnswer(res.status, body.error?.reason, body.error?.params?.seconds);
      if (answer.ok) {
        say('kiosk.unlocked', { window: w.plan.name });
        w.unlock();
      }
      return answer;
    } catch {
      return exitPinAnswer(0, undefined);
    }
  });
}

function localResponse(request: Request): Response {
  const found = localResource(request.url);
  return found ? new Response(found.body, { headers: { 'content-type': found.type } }) : new Response('not found', { status: 404 });
}

const dirnameOf = (file: string) => resolve(file, '..');

/** Starts the app at login with the same profile: a login item on Windows, an XDG autostart entry on Linux. */
function startAtLogin(file: string): void {
  if (process.platform === 'win32') {
    app.setLoginItemSettings({ openAtLogin: true, args: ['--profile', file] });
  } else if (process.platform === 'linux') {
    const dir = join(homedir(), '.config', 'autostart');
    const entry = join(dir, 'antre.desktop');
    if (existsSync(entry)) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(entry, autostartDesktopEntry(process.env.APPIMAGE ?? process.execPath, file));
  }
}
