import pg from 'pg';
import type { HqDatabase, HqQuery, SqlValue } from './hq-database.js';

/** bigint columns (counts, seqs, versions) fit in a double here: read them as numbers, not strings. */
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format ?? 'text')),
};

export interface PgOptions {
  url: string;
  /** Tables are made and read in this schema (a test run's own); the server's default when left out. */
  schema?: string;
  /** Connections this process holds at most. */
  poolSize?: number;
}

/** A PostgreSQL server through a pool of connections. */
export function openPgDatabase(options: PgOptions): HqDatabase {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection the server dropped must not take the process down; the next query reconnects.
  pool.on('error', () => undefined);
  const run = async <T>(client: pg.Pool | pg.PoolClient, sql: string, params?: SqlValue[]) => (await client.query(sql, params)).rows as T[];
  const where = new URL(options.url);
  return {
    description: `PostgreSQL ${where.hostname}:${where.port || 5432}${where.pathname}${options.schema ? ` (schema ${options.schema})` : ''}`,
    concurrent: true,
    query: (sql, params) => run(pool, sql, params),
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: HqQuery = {
          query: (sql, params) => run(client, sql, params),
          async exec(sql) {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
