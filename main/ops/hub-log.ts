import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** The hub's log: one JSON line per event, for the branch's IT person and whoever they send it to. */
export interface HubLog {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** The current log file, null when no file is written. */
  readonly file: string | null;
  close(): void;
}

export interface HubLogOptions {
  /** The folder of hub.log and its rotated copies; null writes no file. */
  dir: string | null;
  /** Also print each line, readable, on stdout (info) and stderr (warn, error): the service manager's journal. */
  console?: boolean;
  maxBytes?: number;
  /** Files kept in all: hub.log and hub.log.1 … hub.log.(keep-1). */
  keep?: number;
  now?: () => number;
}

const MAX_BYTES = 5 * 1024 * 1024;
const KEEP = 5;
/** After the file could not be written (a full disk), try it again this much later, not at every line. */
const REOPEN_AFTER_MS = 30_000;
const MAX_DEPTH = 6;

/**
 * Secrets are recognised by a word of the field's name, wherever the field sits: pin, newPin,
 * pinHash (a 4-digit PIN's hash is guessed in seconds), setupCode, statusCode (the ticket's
 * phone-page secret), claimSecret, nik... The value is replaced, never written. Strings are also
 * scrubbed of tokens in query strings and bearer headers.
 */
const SECRET_WORDS = new Set(['pin', 'token', 'secret', 'code', 'nik', 'authorization', 'cookie', 'password']);
const SECRET_IN_TEXT = /([?&](?:token|pin|code|claimSecret)=)[^&\s"']*|(Bearer\s+)[\w.~+/=-]+/gi;
export const REDACTED = '[redacted]';

function isSecretField(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w) => SECRET_WORDS.has(w));
}

function scrub(text: string): string {
  return text.replace(SECRET_IN_TEXT, (_m, query: string | undefined, bearer: string | undefined) => `${query ?? bearer ?? ''}${REDACTED}`);
}

/** A value as it may be written: secrets out, errors with their stack, no cycles, bounded depth. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  if (seen.has(value)) return '[cycle]';
  if (depth >= MAX_DEPTH) return '[deep]';
  seen.add(value);
  if (value instanceof Error) {
    const err = value as Error & { code?: unknown };
    // The error's own code (SQLITE_FULL, ENOSPC) is no secret: it is kept under a name the guard passes.
    return { name: err.name, message: scrub(err.message), ...(typeof err.code === 'string' ? { errno: err.code } : {}), ...(err.stack ? { stack: scrub(err.stack) } : {}) };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isSecretField(key) ? REDACTED : redact(v, depth + 1, seen);
  return out;
}

const RESERVED = new Set(['time', 'level', 'event']);

/** "2025-03-10T02:00:00.000Z info  hub.started version=0.1.0 url=http://…", with an error's stack below. */
function readable(record: Record<string, unknown>): string {
  const parts: string[] = [];
  let stack = '';
  for (const [key, value] of Object.entries(record)) {
    if (RESERVED.has(key) || value === undefined) continue;
    if (value && typeof value === 'object' && 'stack' in value && typeof value.stack === 'string') {
      stack = `\n${value.stack}`;
      parts.push(`${key}=${JSON.stringify((value as { message?: unknown }).message ?? '')}`);
      continue;
    }
    parts.push(`${key}=${typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)}`);
  }
  return `${String(record.time)} ${String(record.level).padEnd(5)} ${String(record.event)}${parts.length > 0 ? ` ${parts.join(' ')}` : ''}${stack}`;
}

/**
 * A structured log to a size-rotating file. Writing is synchronous (a few lines a minute, and a
 * line written before a crash is the one that explains it) and never throws: a log that cannot
 * be written (the disk that is full is often the one the log is on) falls back to the console.
 */
export function createHubLog(options: HubLogOptions): HubLog {
  const maxBytes = options.maxBytes ?? MAX_BYTES;
  const keep = Math.max(1, options.keep ?? KEEP);
  const now = options.now ?? Date.now;
  const file = options.dir === null ? null : join(options.dir, 'hub.log');
  let fd: number | null = null;
  let size = 0;
  let failedAt: number | null = null;
  let closed = false;

  const open = (): boolean => {
    if (file === null || closed) return false;
    if (fd !== null) return true;
    if (failedAt !== null && now() - failedAt < REOPEN_AFTER_MS) return false;
    try {
      mkdirSync(options.dir!, { recursive: true });
      fd = openSync(file, 'a', 0o640);
      size = fstatSync(fd).size;
      failedAt = null;
      return true;
    } catch (err) {
      failed(err);
      return false;
    }
  };

  const failed = (err: unknown) => {
    if (failedAt === null) process.stderr.write(`antre: the hub log ${file} cannot be written (${(err as Error).message}); logging to the console only\n`);
    failedAt = now();
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already unusable
      }
      fd = null;
    }
  };

  const rotate = () => {
    closeSync(fd!);
    fd = null;
    for (let n = keep - 1; n >= 1; n--) {
      const from = n === 1 ? file! : `${file}.${n - 1}`;
      try {
        renameSync(from, `${file}.${n}`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    fd = openSync(file!, keep === 1 ? 'w' : 'a', 0o640);
    size = 0;
  };

  const write = (level: LogLevel, event: string, fields: LogFields = {}) => {
    const record: Record<string, unknown> = { time: new Date(now()).toISOString(), level, event };
    const safe = redact(fields) as Record<string, unknown>;
    for (const [key, value] of Object.entries(safe)) if (!RESERVED.has(key)) record[key] = value;
    const line = `${JSON.stringify(record)}\n`;
    if (open()) {
      try {
        const bytes = Buffer.byteLength(line);
        if (size > 0 && size + bytes > maxBytes) rotate();
        writeSync(fd!, line);
        size += bytes;
      } catch (err) {
        failed(err);
      }
    }
    // The console takes the line when asked to, and when the file was meant to but could not.
    if (options.console || (file !== null && fd === null)) {
      const text = `${readable(record)}\n`;
      if (level === 'info') process.stdout.write(text);
      else process.stderr.write(text);
    }
  };

  return {
    file,
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    close() {
      closed = true;
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
