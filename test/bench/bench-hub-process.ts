import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SERVICES } from '../../main/queue/catalogue.js';
import { hashPin } from '../../main/hub/pin-hash.js';
import { startHub } from '../../main/hub/start-hub.js';
import { repoLayout } from '../support/app-layout.js';

/**
 * The hub under benchmark, in its own process so the load generator does not share its event loop.
 * Its clock runs a business day per real second, so the day's 999 numbers per service never run
 * out and the benchmark never measures a refusal; each day's queue holds the few hundred tickets
 * issued in that second, as on a surge day. No officer calls during the run: only issuing is timed.
 * Started with `calling` (the call benchmark), it keeps the real clock instead, since a ticket
 * issued before a day's rollover could no longer be called, and signs nobody in but has officer
 * `siti` (PIN 1234) and a paired console ready.
 */
const DAY = 86_400_000;
const calling = process.argv[2] === 'calling';
const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'antre-bench-'));
const hub = await startHub({ layout: repoLayout,
  hub: {
    branch: { id: 'bench', name: 'Bench', timeZone: 'Asia/Jakarta' },
    listen: { host: '127.0.0.1', port: 0 },
    dataDir: dir,
    publicDisplay: false,
  },
  baseDir: dir,
  host: '127.0.0.1',
  port: 0,
  clock: () => {
    const now = Date.now();
    if (calling) return now;
    return now + Math.floor((now - started) / 1000) * DAY;
  },
});
for (const s of DEFAULT_SERVICES) hub.queue.saveService({ ...s, dailyQuota: 999 });
hub.queue.savePosition({ id: 'booth-1', kind: 'booth', label: 'Bilik 1', active: true, services: DEFAULT_SERVICES.map((s) => s.code) });

// Time from the request's arrival to its reply, inside the hub: the part of the latency that is ours.
const serverSide: number[] = [];
const arrived = new WeakMap<object, number>();
hub.app.server.prependListener('request', (req) => arrived.set(req, performance.now()));
hub.app.server.on('request', (req, res) => {
  res.once('finish', () => {
    if (req.method === 'POST') serverSide.push(performance.now() - arrived.get(req)!);
  });
});

const kiosk = hub.devices.preparePaired('bench kiosk', 'kiosk').token;
const display = hub.devices.preparePaired('bench display', 'display').token;
if (calling) hub.queue.saveOfficer({ id: 'siti', name: 'Siti', pinHash: await hashPin('1234'), active: true });
const console_ = calling ? hub.devices.preparePaired('bench console', 'console').token : undefined;
process.send!({ url: hub.url, kiosk, display, console: console_, services: DEFAULT_SERVICES.map((s) => s.code) });
process.on('message', (m) => {
  if (m === 'stop') void hub.close().then(() => process.send!({ serverSide }, () => process.exit(0)));
});
