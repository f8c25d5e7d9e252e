import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HqDatabase, HqQuery } from '../../hq/db/hq-database.js';
import { takeFeedVersions } from '../../hq/feeds/feed-versions.js';
import { pullPageSchemas } from '../../main/wire/sync.js';
import { addTestBranch, startTestHq, type TestHq } from './support/hq-fixture.js';

/**
 * Headquarters to branch: a pull cursor that never skips a row, although writers commit in
 * another order than they started (docs/sync-contract.md, "Why the cursor cannot skip a row").
 * Each scenario runs against headquarters' feed and against a naive `id > cursor` feed over a
 * sequence, which must lose the row: that shows the scenario really commits out of order.
 */

let hq: TestHq;
beforeAll(async () => {
  hq = await startTestHq({ processes: 2 });
}, 120_000);
afterAll(async () => hq?.close());

interface Feed {
  /** Writes one quota row in a transaction that stays open until `commit` is called. */
  writeHeld(day: string): Promise<{ commit(): Promise<void> }>;
  /** Writes one quota row and commits (it may wait for a writer holding the feed). */
  write(day: string): Promise<void>;
  /** One page after the cursor: the days it returns and the next cursor. */
  pull(after: string): Promise<{ days: string[]; cursor: string }>;
}

/** A transaction left open: `fn` runs in it, then it waits for `commit`. */
async function openTransaction(db: HqDatabase, fn: (tx: HqQuery) => Promise<void>) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let ready!: () => void;
  const started = new Promise<void>((r) => (ready = r));
  const done = db.transaction(async (tx) => {
    await fn(tx);
    ready();
    await released;
  });
  await Promise.race([started, done]);
  return {
    async commit() {
      release();
      await done;
    },
  };
}

async function headquartersFeed(branch: Awaited<ReturnType<typeof addTestBranch>>): Promise<Feed> {
  const writer = hq.database.open();
  return {
    writeHeld: (day) =>
      openTransaction(writer, async (tx) => {
        const version = await takeFeedVersions(tx, branch.id, 'quotas', 1);
        await tx.query("INSERT INTO hq_quotas (branch_id, service_code, business_day, quota, version) VALUES ($1, 'JHT', $2, 10, $3)", [branch.id, day, version]);
      }),
    write: async (day) => {
      await hq.hq.feeds.publish(branch.id, { quotas: [{ serviceCode: 'JHT', businessDay: day, quota: 20 }] });
    },
    async pull(after) {
      const page = await branch.pull('quotas', after, 100, hq.urls[1]);
      return { days: page.body.items.map((q: { businessDay: string }) => q.businessDay), cursor: page.body.cursor };
    },
  };
}

async function naiveFeed(): Promise<Feed> {
  const db = hq.database.db;
  await db.query('CREATE TABLE IF NOT EXISTS naive_quotas (id bigserial PRIMARY KEY, business_day text NOT NULL)');
  const writer = hq.database.open();
  return {
    writeHeld: (day) =>
      openTransaction(writer, async (tx) => {
        await tx.query('INSERT INTO naive_quotas (business_day) VALUES ($1)', [day]);
      }),
    write: async (day) => {
      await writer.query('INSERT INTO naive_quotas (business_day) VALUES ($1)', [day]);
    },
    async pull(after) {
      const rows = await db.query<{ id: number; business_day: string }>('SELECT id, business_day FROM naive_quotas WHERE id > $1 ORDER BY id LIMIT 100', [Number(after)]);
      return { days: rows.map((r) => r.business_day), cursor: String(rows.at(-1)?.id ?? after) };
    },
  };
}

/**
 * Writer A takes its place in the feed first and commits last; writer B starts after it and is
 * done first (or waits, if the feed makes it). A pull runs in between, another after both.
 */
async function outOfOrderCommits(feed: Feed): Promise<string[]> {
  const a = await feed.writeHeld('2030-01-01');
  const b = feed.write('2030-01-02');
  // B either commits now (naive) or waits on A's lock (headquarters): give it time to do either.
  await Promise.race([b, new Promise((r) => setTimeout(r, 300))]);
  const first = await feed.pull('0');
  await a.commit();
  await b;
  const second = await feed.pull(first.cursor);
  return [...first.days, ...second.days].sort();
}

describe.skipIf(!process.env.DATABASE_URL)('pull cursor with writers committing out of order (PostgreSQL)', () => {
  it('a naive id > cursor feed skips the row committed late', async () => {
    expect(await outOfOrderCommits(await naiveFeed())).toEqual(['2030-01-02']);
  });

  it("headquarters' version cursor returns both rows", async () => {
    const branch = await addTestBranch(hq, 'cursor-order');
    expect(await outOfOrderCommits(await headquartersFeed(branch))).toEqual(['2030-01-01', '2030-01-02']);
  });

  it('a branch pulling in small pages while many writers publish at once ends up with every row at its last value', async () => {
    const branch = await addTestBranch(hq, 'cursor-busy');
    const writers = [hq.database.open(), hq.database.open()];
    const days = Array.from({ length: 120 }, (_, i) => new Date(Date.UTC(2031, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    const seen = new Map<string, number>();
    let cursor = '0';
    let writing = true;
    let pulls = 0;
    const pulling = (async () => {
      for (let last = false; !last; ) {
        last = !writing;
        const page = await branch.pull('quotas', cursor, 7, hq.urls[pulls++ % 2]);
        for (const q of page.body.items as { businessDay: string; quota: number }[]) seen.set(q.businessDay, q.quota);
        cursor = page.body.cursor;
        if (page.body.more) last = false;
      }
    })();
    // 8 writers, each day written twice (a second value later), in transactions of 1 to 3 rows.
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        const db = writers[w % 2]!;
        for (let i = w; i < days.length * 2; i += 8) {
          const day = days[i % days.length]!;
          const quota = i < days.length ? 1 : 2;
          await db.transaction(async (tx) => {
            const version = await takeFeedVersions(tx, branch.id, 'quotas', 1);
            await new Promise((r) => setTimeout(r, Math.random() * 5));
            await tx.query(
              `INSERT INTO hq_quotas (branch_id, service_code, business_day, quota, version) VALUES ($1, 'JHT', $2, $3, $4)
               ON CONFLICT (branch_id, service_code, business_day) DO UPDATE SET quota = excluded.quota, version = excluded.version`,
              [branch.id, day, quota, version],
            );
          });
        }
      }),
    );
    writing = false;
    await pulling;
    const final = await hq.database.db.query<{ day: string; quota: number }>("SELECT to_char(business_day, 'YYYY-MM-DD') AS day, quota FROM hq_quotas WHERE branch_id = $1", [branch.id]);
    expect(seen.size).toBe(days.length);
    for (const row of final) expect(seen.get(row.day), row.day).toBe(row.quota);
  });
});

describe('pull pages', () => {
  it('pages a feed in version order with a cursor and says when more follows', async () => {
    const branch = await addTestBranch(hq, 'cursor-pages');
    await hq.hq.feeds.publish(branch.id, { quotas: Array.from({ length: 5 }, (_, i) => ({ serviceCode: 'JHT', businessDay: `2032-01-0${i + 1}`, quota: 40 + i })) });
    const first = await branch.pull('quotas', undefined, 3);
    expect(first.body).toEqual({
      items: [1, 2, 3].map((d) => ({ serviceCode: 'JHT', businessDay: `2032-01-0${d}`, quota: 39 + d })),
      cursor: expect.any(String),
      more: true,
    });
    const rest = await branch.pull('quotas', first.body.cursor, 3);
    expect(rest.body.items.map((q: { quota: number }) => q.quota)).toEqual([43, 44]);
    expect(rest.body.more).toBe(false);
    const none = await branch.pull('quotas', rest.body.cursor);
    expect(none.body).toEqual({ items: [], cursor: rest.body.cursor, more: false });
  });

  it('serves the catalogue and bookings feeds in the shapes the branch takes in', async () => {
    const branch = await addTestBranch(hq, 'cursor-shapes');
    const service = { code: 'JHT', prefix: 'A', labelId: 'Klaim JHT', labelEn: 'Old-age savings claim', dailyQuota: 150, isOpen: true, defaultServiceSeconds: 900, documents: [], sortOrder: 1 };
    await hq.hq.feeds.publish(branch.id, { services: [service] });
    const catalogue = await branch.pull('catalogue');
    expect(pullPageSchemas.catalogue.parse(catalogue.body).items).toEqual([service]);
    const bookings = await branch.pull('bookings');
    expect(pullPageSchemas.bookings.parse(bookings.body)).toEqual({ items: [], cursor: '0', more: false });
    const unknown = await branch.pull('tickets');
    expect(unknown.status).toBe(404);
    const badCursor = await branch.pull('quotas', 'yesterday');
    expect(badCursor.body.error).toMatchObject({ reason: 'invalid_input', field: 'after' });
  });
});
