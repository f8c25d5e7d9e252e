import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_REQUEST_AGE_MS, nonceSchema, SIGNATURE_HEADERS, signingText } from '../../main/wire/sync.js';
import { idSchema } from '../../main/wire/schemas.js';
import type { BranchRegistry } from '../branches/branch-registry.js';
import type { HqDatabase, HqQuery } from '../db/hq-database.js';
import { HqError } from '../http/hq-error.js';

export interface SignedRequest {
  method: string;
  /** The request target as received: path and query. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const unauthorized = (reason: string, message: string, field: string, params: Record<string, string | number | null> = {}) =>
  new HqError(401, 'unauthorized', message, { reason, field, params });

const header = (req: SignedRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? undefined : value;
};

/**
 * Checks a branch's signature (docs/sync-contract.md, section 1) and answers the branch it is from
 * with the request's nonce, which the caller claims (claimNonce) in the transaction that acts on
 * the request: a push's nonce is kept exactly when its events are, at the cost of no extra commit.
 */
export function createRequestVerifier(registry: BranchRegistry, clock: () => number = Date.now) {
  return async function verify(req: SignedRequest): Promise<{ branch: string; nonce: string }> {
    const branch = header(req, SIGNATURE_HEADERS.branch);
    const time = header(req, SIGNATURE_HEADERS.time);
    const nonce = header(req, SIGNATURE_HEADERS.nonce);
    const signature = header(req, SIGNATURE_HEADERS.signature);
    const missing = (name: string, what: string) => unauthorized('signature_missing', `${name}: ${what}`, name, { header: name });
    if (!branch || !idSchema.safeParse(branch).success) throw missing(SIGNATURE_HEADERS.branch, 'give the branch id');
    if (!time || !/^\d{1,15}$/.test(time)) throw missing(SIGNATURE_HEADERS.time, 'give the time of signing in epoch milliseconds');
    if (!nonce || !nonceSchema.safeParse(nonce).success) throw missing(SIGNATURE_HEADERS.nonce, 'give a new nonce (a UUID) for every request');
    if (!signature || !/^[0-9a-f]{64}$/.test(signature)) throw missing(SIGNATURE_HEADERS.signature, 'give the HMAC-SHA256 in lowercase hex');

    const keys = await registry.keysOf(branch);
    if (!keys) throw unauthorized('branch_unknown', `no branch ${branch} is registered at headquarters`, SIGNATURE_HEADERS.branch, { branch });
    if (keys.disabled) throw unauthorized('branch_disabled', `branch ${branch} is disabled at headquarters`, SIGNATURE_HEADERS.branch, { branch });

    const bodyHash = createHash('sha256').update(req.body).digest('hex');
    const expected = createHmac('sha256', keys.secret).update(signingText(req.method, req.url, Number(time), nonce, bodyHash)).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
      throw unauthorized('signature_invalid', `the signature does not verify with branch ${branch}'s secret (another secret, or the request was changed)`, SIGNATURE_HEADERS.signature, { branch });
    }
    const skew = clock() - Number(time);
    if (Math.abs(skew) > MAX_REQUEST_AGE_MS) {
      throw unauthorized('signature_expired', `the request was signed ${Math.round(skew / 1000)} s from headquarters' clock; at most ${MAX_REQUEST_AGE_MS / 1000} s either way`, SIGNATURE_HEADERS.time, {
        skewSeconds: Math.round(skew / 1000),
      });
    }
    return { branch, nonce };
  };
}

/**
 * Records a request's nonce and the branch's contact in one statement, or refuses the request as
 * replayed. Kept in the database, so a replay to any headquarters process is refused; two copies
 * arriving at once meet at the primary key, where the second waits for the first to commit.
 */
export async function claimNonce(q: HqQuery, branch: string, nonce: string): Promise<void> {
  const [{ fresh }] = (await q.query<{ fresh: number }>(
    `WITH n AS (INSERT INTO hq_nonces (branch_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1),
          seen AS (UPDATE hq_branches SET last_seen_at = now() WHERE branch_id = $1 AND EXISTS (SELECT 1 FROM n) RETURNING 1)
     SELECT count(*)::int AS fresh FROM n`,
    [branch, nonce],
  )) as [{ fresh: number }];
  if (fresh === 0) throw unauthorized('signature_replayed', `nonce ${nonce} was used already: a request is accepted once`, SIGNATURE_HEADERS.nonce, { branch });
}

/** Nonces older than twice the age window can never be replayed (their time is refused first). */
export async function forgetOldNonces(db: HqDatabase): Promise<number> {
  const [{ gone }] = (await db.query<{ gone: number }>(
    'WITH d AS (DELETE FROM hq_nonces WHERE seen_at < now() - make_interval(secs => $1) RETURNING 1) SELECT count(*)::int AS gone FROM d',
    [(2 * MAX_REQUEST_AGE_MS) / 1000],
  )) as [{ gone: number }];
  return gone;
}
