/**
 * Headquarters' log: one JSON line per event on stdout (warnings and errors on stderr), for the
 * service manager's journal. Callers pass only fields safe to keep: never a secret, a NIK or a token.
 */
export interface HqLog {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const line = (level: string, event: string, fields: Record<string, unknown> = {}) =>
  JSON.stringify({ at: new Date().toISOString(), level, event, ...fields }, (_k, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));

export const consoleHqLog: HqLog = {
  info: (event, fields) => process.stdout.write(`${line('info', event, fields)}\n`),
  warn: (event, fields) => process.stderr.write(`${line('warn', event, fields)}\n`),
  error: (event, fields) => process.stderr.write(`${line('error', event, fields)}\n`),
};

export const silentHqLog: HqLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
