import { startHub } from '../../main/hub/start-hub.js';
import { DEFAULT_SERVICES } from '../../main/queue/catalogue.js';
import { repoLayout } from '../support/app-layout.js';
import { HISTORY_BRANCH, HISTORY_POSITIONS } from '../support/history-builder.js';

/**
 * A hub for the growth benchmark, in its own process so its startup and memory are its own: it
 * opens the data folder it is given (an empty database or one with a year of history), times
 * startHub() from the call to a listening server, and reports its resident memory when asked.
 * `prepare` brings an empty database to where the history's stands (the same services, positions
 * and quotas, and the same officers on duty) and takes the first backup, so the hourly backup does not start during the figures.
 */
/** The history's officers at the history's positions (one officer at six booths, one at each counter). */
const ON_DUTY = [
  { officerId: 'ani', positions: HISTORY_POSITIONS.filter((p) => p.kind === 'booth').map((p) => p.id) },
  { officerId: 'budi', positions: ['counter-1'] },
  { officerId: 'citra', positions: ['counter-2'] },
];

const { baseDir, prepare } = JSON.parse(process.argv[2]!) as { baseDir: string; prepare: boolean };

const started = performance.now();
const hub = await startHub({
  layout: repoLayout,
  hub: { branch: HISTORY_BRANCH, listen: { host: '127.0.0.1', port: 0 }, dataDir: 'data', publicDisplay: false },
  baseDir,
  host: '127.0.0.1',
  port: 0,
});
const startupMs = performance.now() - started;

if (prepare) {
  for (const s of DEFAULT_SERVICES) hub.queue.saveService({ ...s, dailyQuota: 999 });
  for (const p of HISTORY_POSITIONS) hub.queue.savePosition({ ...p, active: true });
  // Officers on duty, as while any branch issues: the wait estimate then reads what they did before.
  for (const d of ON_DUTY) {
    hub.queue.saveOfficer({ id: d.officerId, name: d.officerId.toUpperCase(), pinHash: 'growth-has-no-pin' });
    hub.queue.signIn(d.officerId, d.positions, null);
  }
  await hub.backups.backupNow();
}
const kiosk = hub.devices.preparePaired('growth kiosk', 'kiosk').token;
const display = hub.devices.preparePaired('growth display', 'display').token;
process.send!({ url: hub.url, startupMs, kiosk, display, services: DEFAULT_SERVICES.map((s) => s.code) });
process.on('message', (m) => {
  if (m === 'rss') process.send!({ rss: process.memoryUsage().rss, lastSeq: hub.queue.store.lastSeq() });
  if (m === 'stop') void hub.close().then(() => process.send!({ stopped: true }, () => process.exit(0)));
});
