import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateHq } from '../../hq/db/migrate-hq.js';
import { openPgliteDatabase } from '../../hq/db/pglite-database.js';
import { runHqCli } from '../../hq/hq-cli.js';
import { silentHqLog } from '../../hq/hq-log.js';
import { loadHqKey } from '../../hq/secrets/hq-key.js';
import { startHq } from '../../hq/start-hq.js';
import { HQ_MIGRATIONS, signedRequest } from './support/hq-fixture.js';

/** antre hq's admin commands on a fresh machine (PGlite in a data folder, its key made on first use). */

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'antre-hq-cli-'));
const dataDir = join(dir, 'hq-data');
let savedUrl: string | undefined;

beforeAll(() => {
  // The CLI picks PostgreSQL when DATABASE_URL is set: this file is about the machine without it.
  savedUrl = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
});
afterAll(() => {
  if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
  process.exitCode = 0;
});

async function cli(...args: string[]): Promise<{ out: string; failed: boolean }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const error = console.error;
  console.error = (line: string) => errors.push(line);
  process.exitCode = 0;
  try {
    await runHqCli([...args, '--data-dir', dataDir], ROOT, (line) => lines.push(line));
  } finally {
    console.error = error;
  }
  const failed = process.exitCode === 1;
  process.exitCode = 0;
  return { out: [...lines, ...errors].join('\n'), failed };
}

describe('antre hq', () => {
  it('adds a branch, prints its secret once, publishes to it, and the secret signs for it', async () => {
    const added = await cli('add-branch', '--id', 'jkt-pusat', '--name', 'Jakarta Pusat', '--zone', 'Asia/Jakarta');
    expect(added.failed).toBe(false);
    const secret = /\n {2}(\S{43})$/.exec(added.out)?.[1];
    expect(secret, added.out).toBeDefined();
    expect(readFileSync(join(dataDir, 'hq.key'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);

    const again = await cli('add-branch', '--id', 'jkt-pusat', '--name', 'Again');
    expect(again).toEqual({ failed: true, out: 'antre hq: branch jkt-pusat exists already: give it a new secret with --new-secret' });

    const plan = join(dir, 'plan.json');
    const service = { code: 'JHT', prefix: 'A', labelId: 'Klaim JHT', labelEn: 'Old-age savings claim', dailyQuota: 150, isOpen: true, defaultServiceSeconds: 900, documents: [], sortOrder: 1 };
    writeFileSync(plan, JSON.stringify({ services: [service], quotas: [{ serviceCode: 'JHT', businessDay: '2030-01-02', quota: 80 }] }));
    expect(await cli('publish', '--branch', 'jkt-pusat', '--file', plan)).toEqual({ failed: false, out: 'jkt-pusat: 1 services, 1 quotas, 0 slots published' });
    writeFileSync(plan, JSON.stringify({ quotas: [{ serviceCode: 'JHT', businessDay: 'tomorrow', quota: 80 }] }));
    expect(await cli('publish', '--all', '--file', plan)).toMatchObject({ failed: true, out: expect.stringContaining('quotas.0.businessDay') });
    expect((await cli('branches')).out).toBe(`${'jkt-pusat'.padEnd(20)} ${'Asia/Jakarta'.padEnd(16)} Jakarta Pusat`);

    // Headquarters on the same folder takes the printed secret.
    const db = await openPgliteDatabase(join(dataDir, 'pgdata'));
    await migrateHq(db, HQ_MIGRATIONS);
    const hq = await startHq({ db, key: loadHqKey({ env: undefined, file: join(dataDir, 'hq.key'), create: false }), log: silentHqLog });
    try {
      const page = await signedRequest(hq.url, 'jkt-pusat', secret!, 'GET', '/api/v1/branches/jkt-pusat/catalogue');
      expect(page.body.items).toEqual([service]);
    } finally {
      await hq.close();
      await db.close();
    }
  }, 180_000);
});
