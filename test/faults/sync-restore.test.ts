/**
 * A branch database restored from a backup: it rewinds the log's seq, so it starts a new epoch,
 * and headquarters ends up with every event of the old life and of the new one, none doubled.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubLog } from '../../main/ops/hub-log.js';
import { restoreBackup } from '../../main/ops/restore.js';
import { epochsOf } from '../../main/sync/log-identity.js';
import { repoLayout } from '../support/app-layout.js';
import { startHeadquarters, type Headquarters } from '../sync/hq-under-test.js';
import { branchEvents, eventually, expectHeldExactlyOnce, startSyncedBranch, type SyncedBranch } from '../sync/sync-fixture.js';

let headquarters: Headquarters;
let branch: SyncedBranch | undefined;
beforeAll(async () => {
  headquarters = await startHeadquarters();
}, 120_000);
afterAll(async () => {
  await headquarters?.close();
}, 60_000);
afterEach(async () => {
  await branch?.close();
  branch = undefined;
});

describe('a restored backup', { timeout: 120_000 }, () => {
  it('pushes its new events under a new epoch: nothing of the old life is lost or doubled', async () => {
    const hq = await headquarters.branch();
    const b = (branch = await startSyncedBranch(hq));
    const issue = async () => expect((await b.api('POST', '/tickets', b.kiosk, { serviceCode: 'JHT' })).status).toBe(201);
    for (let i = 0; i < 3; i++) await issue();
    // The backup is taken while some of its events have not reached headquarters yet.
    await hq.down();
    await issue();
    const backup = await b.hub.backups.backupNow();
    await hq.up();
    for (let i = 0; i < 4; i++) await issue();
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ waiting: 0, connected: true }));
    const oldLife = branchEvents(b.hub.db);
    const oldEpoch = epochsOf(b.hub.db).at(-1)!.epoch;

    // The disk fails; the branch restores last hour's backup and serves on.
    await b.hub.close();
    restoreBackup({ dataDir: b.dataDir, from: backup.file, log: createHubLog({ dir: null }), migrationsDir: repoLayout.migrationsDir });
    await b.restart();
    const newEpoch = b.hub.sync!.status().epoch;
    expect(newEpoch).not.toBe(oldEpoch);
    for (let i = 0; i < 2; i++) await issue();
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ waiting: 0, connected: true }));

    // The restored file repeats the old life's first events (same ids, same epoch): headquarters already has them.
    const newLife = branchEvents(b.hub.db);
    const union = [...new Map([...oldLife, ...newLife].map((e) => [`${e.epoch}/${e.seq}`, e])).values()];
    const stored = await hq.stored();
    expectHeldExactlyOnce(stored, union);
    // The old life's later tickets are still at headquarters, and the new ones are too, numbered again from A005.
    const numbers = (epoch: string) => stored.filter((e) => e.type === 'ticket.issued' && e.epoch === epoch).map((e) => (e.payload as { ticket: { displayNumber: string } }).ticket.displayNumber);
    expect(numbers(oldEpoch)).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'A007', 'A008']);
    expect(numbers(newEpoch)).toEqual(['A005', 'A006']);
    const copy = new Database(backup.file, { readonly: true });
    expect(epochsOf(copy).at(-1)!.epoch).not.toBe(newEpoch);
    copy.close();
  });

  it('put back by hand without a new epoch (a raw copy of branch.db): headquarters refuses the clash, the branch starts a new epoch there', async () => {
    const hq = await headquarters.branch();
    const b = (branch = await startSyncedBranch(hq));
    const issue = async () => expect((await b.api('POST', '/tickets', b.kiosk, { serviceCode: 'JHT' })).status).toBe(201);
    for (let i = 0; i < 2; i++) await issue();
    await eventually(() => expect(b.hub.sync!.status().waiting).toBe(0));
    // Someone copies the stopped hub's database file aside, as a "backup".
    await b.hub.close();
    const rawCopy = `${b.dataDir}/branch.db.copy`;
    fs.copyFileSync(`${b.dataDir}/branch.db`, rawCopy);
    await b.restart();
    for (let i = 0; i < 3; i++) await issue();
    await eventually(() => expect(b.hub.sync!.status().waiting).toBe(0));
    const oldLife = branchEvents(b.hub.db);

    // Later the copy is put back by hand, and the branch serves on from it.
    await b.hub.close();
    fs.copyFileSync(rawCopy, `${b.dataDir}/branch.db`);
    for (const side of ['-wal', '-shm']) fs.rmSync(`${b.dataDir}/branch.db${side}`, { force: true });
    await b.restart();
    for (let i = 0; i < 2; i++) await issue();
    await eventually(() => expect(b.hub.sync!.status()).toMatchObject({ waiting: 0, connected: true }));

    // Headquarters refused the first clashing event (event_conflict); the branch started a new epoch there.
    const rewound = fs
      .readFileSync(`${b.dataDir}/logs/hub.log`, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"event":"sync.log_rewound"'))
      .map((l) => JSON.parse(l) as { fromSeq: number; newEpoch: string; detail: string });
    expect(rewound).toHaveLength(1);
    expect(rewound[0]!.detail).toContain('event_conflict');
    expect(epochsOf(b.hub.db).at(-1)).toMatchObject({ reason: 'restored', epoch: rewound[0]!.newEpoch, firstSeq: rewound[0]!.fromSeq });
    const newLife = branchEvents(b.hub.db);
    const union = [...new Map([...oldLife, ...newLife].map((e) => [`${e.epoch}/${e.seq}`, e])).values()];
    const stored = await hq.stored();
    expectHeldExactlyOnce(stored, union);
    expect(stored.filter((e) => e.type === 'ticket.issued')).toHaveLength(7);
  });
});
