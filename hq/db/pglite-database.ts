import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import type { HqDatabase, SqlValue } from './hq-database.js';

/**
 * The embedded PGlite: PostgreSQL in this process, in a folder (or in memory for tests), so a
 * machine without a PostgreSQL server runs headquarters. One connection: transactions take turns.
 */
export async function openPgliteDatabase(dataDir: string | undefined): Promise<HqDatabase> {
  const db = new PGlite(dataDir, { parsers: { [pgliteTypes.INT8]: Number } });
  await db.waitReady;
  return {
    description: dataDir ? `PGlite in ${dataDir}` : 'PGlite in memory',
    concurrent: false,
    async query<T>(sql: string, params?: SqlValue[]) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async <T>(sql: string, params?: SqlValue[]) => (await tx.query<T>(sql, params)).rows,
          async exec(sql) {
            await tx.exec(sql);
          },
        }),
      ),
    close: () => db.close(),
  };
}
