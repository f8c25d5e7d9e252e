import { BrowserWindow, powerSaveBlocker, screen, session, type Display } from 'electron';
import { join } from 'node:path';
import { crashAction } from '../policy/crash-backoff.js';
import type { WindowPlan } from '../policy/device-plan.js';
import { lockedKey } from '../policy/kiosk-keys.js';
import { localPageUrl } from '../policy/local-pages.js';
import { hubPageUrl, mayNavigate, mayOpenWindow } from '../policy/navigation-policy.js';
import { placeWindow, type ScreenInfo } from '../policy/screen-placement.js';
import type { DeviceKeychain } from './device-keychain.js';
import { guardSession, restoreToken, type GuardedHub } from './session-guard.js';

export interface DeviceWindowContext {
  hub: GuardedHub;
  keychain: DeviceKeychain;
  preloadDir: string;
  log: (event: string, fields?: object) => void;
  /** Tells the hub about a crash or hang, when it can be reached. */
  report: (plan: WindowPlan, event: string, fields: object) => void;
}

const screens = (): ScreenInfo[] => {
  const primary = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((d: Display) => ({ id: d.id, label: d.label, bounds: d.bounds, primary: d.id === primary }));
};

/**
 * One device's window: its own in-memory session (so each window is paired on its own), locked
 * full screen for kiosk and booth, on the screen its profile names, its page reloaded with
 * backoff when it crashes or hangs, and the local pages while the hub cannot be reached.
 */
export function openDeviceWindow(plan: WindowPlan, ctx: DeviceWindowContext) {
  const ses = session.fromPartition(`antre-device-${plan.name}`, { cache: true });
  guardSession(ses, plan, ctx.hub, ctx.keychain, ctx.log);
  const win = new BrowserWindow({
    show: false,
    title: `Antre: ${plan.name}`,
    kiosk: plan.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#0b3d2e',
    webPreferences: {
      session: ses,
      // Only the locked screens get the shell's functions (leave kiosk mode); the others get none.
      // electronegativity: accepted (PRELOAD_JS_CHECK): both preloads are sandboxed, expose two named functions at most through contextBridge, and every call's sender frame is checked (policy/ipc-sender.ts).
      preload: join(ctx.preloadDir, plan.kiosk ? 'locked-screen.cjs' : 'no-shell.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click would open a link in a new window: off, as are all new windows.
      disableBlinkFeatures: 'Auxclick',
      devTools: !plan.kiosk,
      // The lobby display announces calls without anybody tapping it first.
      autoplayPolicy: plan.role === 'display' ? 'no-user-gesture-required' : 'user-gesture-required',
    },
  });
  if (plan.kiosk) win.removeMenu();
  const contents = win.webContents;
  let unlocked = false;
  let lastInputAt = 0;
  const crashes: number[] = [];
  let retry: NodeJS.Timeout | undefined;

  const hubPage = () => {
    const url = ctx.hub.url();
    return url ? hubPageUrl(url, plan.role) : null;
  };
  /** A hub page to open once instead of the role's own (the first supervisor's setup page). */
  let once: string | null = null;
  const show = async () => {
    clearTimeout(retry);
    const url = ctx.hub.url();
    if (!url) return void contents.loadURL(localPageUrl('connecting'));
    try {
      const health = await ses.fetch(new URL('/api/v1/health', url).href, { signal: AbortSignal.timeout(5000) });
      if (health.status >= 500 && health.status !== 503) throw new Error(`health ${health.status}`);
    } catch (err) {
      ctx.log('hub.unreachable', { window: plan.name, url, error: (err as Error).message });
      await contents.loadURL(localPageUrl('connecting', url));
      retry = setTimeout(() => void show(), 5000);
      return;
    }
    await restoreToken(ses, url, plan, ctx.keychain);
    const target = once ? new URL(once, url).href : hubPage()!;
    once = null;
    await contents.loadURL(target);
  };

  const place = () => {
    const where = placeWindow(plan, screens());
    win.setBounds(where.bounds);
    if (where.kind === 'waiting') {
      win.setFullScreen(false);
      void contents.loadURL(localPageUrl('waiting-screen', String(where.waitingFor)));
      return false;
    }
    if (where.fullScreen && !unlocked) win.setFullScreen(true);
    return true;
  };
  const replace = () => {
    const wasWaiting = contents.getURL().includes('waiting-screen');
    if (place() && wasWaiting) void show();
  };
  screen.on('display-added', replace);
  screen.on('display-removed', replace);
  screen.on('display-metrics-changed', replace);

  contents.on('will-navigate', (event, url) => {
    if (!mayNavigate(url, ctx.hub.url() && new URL(ctx.hub.url()!).origin)) {
      event.preventDefault();
      ctx.log('navigation.refused', { window: plan.name, url });
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!mayNavigate(url, ctx.hub.url() && new URL(ctx.hub.url()!).origin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: mayOpenWindow() ? 'allow' : 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('before-input-event', (event, input) => {
    lastInputAt = Date.now();
    if (!plan.kiosk || unlocked) return;
    const verdict = lockedKey(input);
    if (verdict !== 'pass') event.preventDefault();
    if (verdict === 'leave-kiosk') void contents.loadURL(localPageUrl('exit'));
  });

  const recover = (event: string, fields: object) => {
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 10) crashes.shift();
    ctx.report(plan, event, { ...fields, crashesLastMinute: crashes.filter((t) => now - t < 60_000).length });
    const action = crashAction(crashes, now);
    ctx.log(event, { window: plan.name, ...fields, next: action });
    clearTimeout(retry);
    if (action.action === 'reload') retry = setTimeout(() => void show(), action.delayMs);
    else {
      void contents.loadURL(localPageUrl('error', event));
      retry = setTimeout(() => void show(), action.retryMs);
    }
  };
  contents.on('render-process-gone', (_e, details) => {
    if (details.reason !== 'clean-exit') recover('window.crashed', { reason: details.reason, exitCode: details.exitCode });
  });
  win.on('unresponsive', () => recover('window.unresponsive', {}));

  const blocker = plan.keepAwake ? powerSaveBlocker.start(plan.role === 'display' ? 'prevent-display-sleep' : 'prevent-app-suspension') : null;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    clearTimeout(retry);
    screen.off('display-added', replace);
    screen.off('display-removed', replace);
    screen.off('display-metrics-changed', replace);
    if (blocker !== null) powerSaveBlocker.stop(blocker);
  });
  if (place()) void show();

  return {
    plan,
    win,
    session: ses,
    lastInputAt: () => lastInputAt,
    /** The hub became known or came back: show its page, or once the given hub page. */
    refresh(path?: string) {
      if (path) once = path;
      void show();
    },
    /** The supervisor's PIN was right: a normal window until the app starts again. */
    unlock() {
      unlocked = true;
      win.setKiosk(false);
      win.setFullScreen(false);
      void show();
    },
    cancelExit: () => void show(),
  };
}

export type DeviceWindow = ReturnType<typeof openDeviceWindow>;
