import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { idSchema } from '../../main/wire/schemas.js';
import type { HqDatabase } from '../db/hq-database.js';
import { sqlState } from '../db/hq-database.js';
import { HqError } from '../http/hq-error.js';
import type { HqKey } from '../secrets/hq-key.js';
import { PULL_FEEDS } from '../../main/wire/sync.js';

/** The branches headquarters knows, each with its own secret (sealed at rest) and time zone. */

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'a time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura' },
);

export const newBranchInput = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(120),
  timeZone: timeZone.default('Asia/Jakarta'),
});

export interface BranchKeys {
  id: string;
  timeZone: string;
  disabled: boolean;
  secret: string;
}

/** A looked-up branch is kept this long: a disabled branch or a new secret is in force within it in every process. */
const CACHE_MS = 10_000;

export function createBranchRegistry(db: HqDatabase, key: HqKey, clock: () => number = Date.now) {
  const cache = new Map<string, { at: number; branch: BranchKeys | null }>();
  const newSecret = () => randomBytes(32).toString('base64url');

  return {
    /** Registers a branch and returns its secret, which is shown this once. */
    async add(input: z.input<typeof newBranchInput>): Promise<{ id: string; secret: string }> {
      const branch = newBranchInput.parse(input);
      const secret = newSecret();
      try {
        await db.transaction(async (tx) => {
          await tx.query('INSERT INTO hq_branches (branch_id, name, time_zone, secret_box) VALUES ($1, $2, $3, $4)', [branch.id, branch.name, branch.timeZone, key.sealSecret(secret)]);
          for (const feed of PULL_FEEDS) await tx.query('INSERT INTO hq_feed_versions (branch_id, feed) VALUES ($1, $2)', [branch.id, feed]);
        });
      } catch (err) {
        if (sqlState(err) === '23505') throw new HqError(409, 'conflict', `branch ${branch.id} exists already: give it a new secret with --new-secret`, { reason: 'branch_exists', field: 'id', params: { branch: branch.id } });
        throw err;
      }
      cache.delete(branch.id);
      return { id: branch.id, secret };
    },

    /** Replaces a branch's secret (a lost or leaked one); the old one stops working at once here and within seconds elsewhere. */
    async renewSecret(id: string): Promise<{ id: string; secret: string }> {
      const secret = newSecret();
      const rows = await db.query('UPDATE hq_branches SET secret_box = $2, secret_set_at = now() WHERE branch_id = $1 RETURNING branch_id', [id, key.sealSecret(secret)]);
      if (rows.length === 0) throw new HqError(404, 'not_found', `no branch ${id}`, { reason: 'branch_unknown', field: 'id', params: { branch: id } });
      cache.delete(id);
      return { id, secret };
    },

    async setDisabled(id: string, disabled: boolean): Promise<void> {
      const rows = await db.query('UPDATE hq_branches SET disabled = $2 WHERE branch_id = $1 RETURNING branch_id', [id, disabled]);
      if (rows.length === 0) throw new HqError(404, 'not_found', `no branch ${id}`, { reason: 'branch_unknown', field: 'id', params: { branch: id } });
      cache.delete(id);
    },

    /** A branch's secret and standing, or null for an unknown id. */
    async keysOf(id: string): Promise<BranchKeys | null> {
      const hit = cache.get(id);
      if (hit && clock() - hit.at < CACHE_MS) return hit.branch;
      const [row] = await db.query<{ time_zone: string; disabled: boolean; secret_box: Buffer }>('SELECT time_zone, disabled, secret_box FROM hq_branches WHERE branch_id = $1', [id]);
      const branch = row ? { id, timeZone: row.time_zone, disabled: row.disabled, secret: key.openSecret(Buffer.from(row.secret_box)) } : null;
      cache.set(id, { at: clock(), branch });
      return branch;
    },

    async list(): Promise<{ id: string; name: string; timeZone: string; disabled: boolean }[]> {
      return db.query('SELECT branch_id AS id, name, time_zone AS "timeZone", disabled FROM hq_branches ORDER BY branch_id');
    },
  };
}

export type BranchRegistry = ReturnType<typeof createBranchRegistry>;
