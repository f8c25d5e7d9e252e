import electronUpdater from 'electron-updater';
import { mayRestartForUpdate } from '../policy/update-staging.js';
import type { DeviceWindow } from './device-window.js';

const CHECK_EVERY_MS = 4 * 3600_000;
const CONSIDER_EVERY_MS = 60_000;

/**
 * Updates from the folder the profile names (electron-builder's generic provider, on a server the
 * branch reaches, e.g. HQ): downloaded in the background, installed only at a moment
 * mayRestartForUpdate allows, so a kiosk never restarts under a participant's hand.
 */
export function stageUpdates(url: string, windows: () => readonly DeviceWindow[], runsHub: boolean, log: (event: string, fields?: object) => void): void {
  const { autoUpdater } = electronUpdater;
  autoUpdater.setFeedURL({ provider: 'generic', url });
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  let downloaded = false;
  autoUpdater.on('update-downloaded', (info) => {
    downloaded = true;
    log('update.downloaded', { version: info.version });
  });
  autoUpdater.on('error', (err) => log('update.failed', { error: err.message }));
  const check = () => void autoUpdater.checkForUpdates().catch((err: Error) => log('update.failed', { error: err.message }));
  check();
  setInterval(check, CHECK_EVERY_MS).unref();
  setInterval(() => {
    const list = windows();
    const moment = { downloaded, windows: list.map((w) => w.plan), lastInputAt: list.map((w) => (w.plan.kiosk || w.plan.role === 'display' ? w.lastInputAt() : 0)), runsHub, now: Date.now(), localHour: new Date().getHours() };
    if (mayRestartForUpdate(moment)) {
      log('update.installing', {});
      autoUpdater.quitAndInstall(true, true);
    }
  }, CONSIDER_EVERY_MS).unref();
}
