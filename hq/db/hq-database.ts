/**
 * Headquarters' one way to the database, the same over a PostgreSQL server (pg) and the embedded
 * PGlite, so every module is written once and tested on both.
 */

export type SqlValue = string | number | boolean | null | Date | Buffer | SqlValue[];

export interface HqQuery {
  /** One statement with $n parameters; rows with bigint columns as numbers. */
  query<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** Runs several statements without parameters (a migration file). */
  exec(sql: string): Promise<void>;
}

export interface HqDatabase extends HqQuery {
  /** Runs `fn` in one READ COMMITTED transaction on one connection: committed if it returns, rolled back if it throws. */
  transaction<T>(fn: (tx: HqQuery) => Promise<T>): Promise<T>;
  /** Which database this is, for the start line and the log; never the password. */
  readonly description: string;
  /** PGlite runs one statement at a time: tests that need two open transactions skip on it. */
  readonly concurrent: boolean;
  close(): Promise<void>;
}

/** The PostgreSQL error code of a failed statement (23505 unique_violation, ...), if it is one. */
export const sqlState = (err: unknown): string | undefined => (err as { code?: unknown }).code as string | undefined;
