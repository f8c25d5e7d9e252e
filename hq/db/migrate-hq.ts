import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HqDatabase } from './hq-database.js';

export interface HqMigrationReport {
  applied: string[];
  version: number;
}

const FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

/**
 * Brings headquarters' schema up to date from hq/migrations, each file once, in order. Processes
 * starting at once take turns on an advisory lock, so only one applies a file.
 */
export async function migrateHq(db: HqDatabase, migrationsDir: string): Promise<HqMigrationReport> {
  const files = readdirSync(migrationsDir)
    .filter((f) => FILE.test(f))
    .sort();
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('antre-hq-migrate'))");
    await tx.exec('CREATE TABLE IF NOT EXISTS hq_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM hq_schema_migrations')).map((r) => r.version));
    const applied: string[] = [];
    for (const file of files) {
      const version = Number(FILE.exec(file)![1]);
      if (done.has(version)) continue;
      await tx.exec(readFileSync(join(migrationsDir, file), 'utf8'));
      await tx.query('INSERT INTO hq_schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
      applied.push(file);
    }
    const newest = files.length === 0 ? 0 : Number(FILE.exec(files.at(-1)!)![1]);
    const [{ max }] = (await tx.query<{ max: number | null }>('SELECT max(version) AS max FROM hq_schema_migrations')) as [{ max: number | null }];
    if ((max ?? 0) > newest) throw new Error(`the headquarters database is at schema version ${max}, newer than this program knows (${newest}): run a newer antre`);
    return { applied, version: max ?? 0 };
  });
}
