/**
 * A throw-away branch for tests: a real SQLite file in a fresh temp directory, opened with the
 * production pragmas (openDatabase), migrated with the shipped migrations, and a BranchQueue on
 * top of it whose clock is a fake the test moves by hand. Nothing sleeps and nothing reads the
 * wall clock, so a test decides exactly which business day and minute every command happens in.
 *
 *   const branch = createTestBranch({ timeZone: 'Asia/Makassar', start: '2025-03-10T08:00:00+08:00' });
 *   const staff = branch.staffCounter({ services: ['JHT'] });     // counter + officer, signed in
 *   const { ticket } = branch.queue.issueTicket({ serviceCode: 'JHT' });
 *   branch.clock.advance(5 * MINUTE);
 *   branch.queue.callNext(staff.acting, staff.positionId);
 *   branch.close();                                               // in afterEach
 *
 * Written for the queue tests and meant to be reused by the hub tests: everything a hub needs
 * (the queue, the db, the file, a second connection to the same file, the event log) is exposed,
 * and every helper goes through the public BranchQueue commands so events are appended the way
 * production appends them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type BranchDatabase } from '../../main/db/connection.js';
import { migrate } from '../../main/db/migrate.js';
import { createBranchQueue, type BranchQueue } from '../../main/queue/branch-queue.js';
import type { Acting } from '../../main/queue/calling.js';
import { QueueError } from '../../main/queue/errors.js';
import type { BranchEvent } from '../../main/queue/events.js';
import type { OfficerSession, Position, PositionKind } from '../../main/queue/types.js';
import { MIGRATIONS_DIR } from './app-layout.js';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** An instant: epoch milliseconds, a Date, or an ISO string (give the offset, e.g. `2025-03-10T08:00:00+07:00`). */
export type Instant = number | Date | string;

export function toMillis(at: Instant): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new Error(`not an instant: ${String(at)}`);
  return ms;
}

/** A clock the test controls. `now` is what the queue sees; it never moves unless told to. */
export interface FakeClock {
  now(): number;
  set(at: Instant): void;
  advance(ms: number): void;
}

export function createFakeClock(start: Instant): FakeClock {
  let current = toMillis(start);
  return {
    now: () => current,
    set(at) {
      current = toMillis(at);
    },
    advance(ms) {
      if (!Number.isFinite(ms)) throw new Error(`cannot advance the clock by ${ms}`);
      current += ms;
    },
  };
}

/** An officer signed in on some positions: `acting` is what console commands take. */
export interface Staff {
  officerId: string;
  session: OfficerSession;
  acting: Acting;
  /** The first (for a counter: the only) position of the session. */
  positionId: string;
  positionIds: string[];
}

export interface TestBranchOptions {
  /** IANA zone of the branch; default Asia/Jakarta. */
  timeZone?: string;
  /** Where the fake clock starts. */
  start: Instant;
  /** Branch identity; defaults to test-branch / Test. */
  branchId?: string;
  branchName?: string;
  /** Seed the blueprint's default catalogue (JHT=A, JKK=B, JKM=C, JP=D, INFO=E, DROP=F, KOLEKTIF=G); default true. */
  seedCatalogue?: boolean;
  /** Another migrations folder (e.g. a temp copy); default the shipped one. */
  migrationsDir?: string;
}

/** A second connection to the same branch file: what another process (kiosk, hub, worker) would have. */
export interface Connection {
  db: BranchDatabase;
  queue: BranchQueue;
  close(): void;
}

export interface TestBranch {
  queue: BranchQueue;
  db: BranchDatabase;
  clock: FakeClock;
  timeZone: string;
  /** The temp directory holding the database (removed by close()). */
  dir: string;
  /** The database file. */
  file: string;

  /** Saves a position serving the given services (through queue.savePosition, so it appends an event). */
  addPosition(opts: { id: string; kind: PositionKind; services: string[]; label?: string; active?: boolean }): Position;
  addCounter(id: string, services: string[], label?: string): Position;
  /** `count` booths named `${idPrefix}-1` ... serving the same services. */
  addBooths(idPrefix: string, count: number, services: string[]): Position[];
  /** Saves an active officer; the pin hash is a dummy string, nothing checks it at this level. */
  addOfficer(id: string, name?: string): void;
  /** Signs an existing officer in on existing positions. */
  signIn(officerId: string, positionIds: string[], deviceId?: string | null): Staff;
  /** One counter and one officer signed in on it: the usual one-to-one desk. */
  staffCounter(opts: { services: string[]; positionId?: string; officerId?: string; deviceId?: string | null }): Staff;
  /** `count` booths and one officer signed in on all of them. */
  staffBooths(opts: { services: string[]; count: number; idPrefix?: string; officerId?: string; deviceId?: string | null }): Staff;

  /** The whole event log, oldest first, payloads parsed. */
  events(): BranchEvent[];
  eventCount(): number;
  ticketCount(): number;
  /** Opens another connection and queue on the same file, sharing the fake clock. Closed by close(). */
  connect(): Connection;
  /** Closes every connection and deletes the temp directory. Safe to call twice. */
  close(): void;
}

let officerSeq = 0;
let positionSeq = 0;

/** Creates the temp directory a test database lives in. */
export function makeTempDir(label = 'antre-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), label));
}

export function createTestBranch(options: TestBranchOptions): TestBranch {
  const timeZone = options.timeZone ?? 'Asia/Jakarta';
  const clock = createFakeClock(options.start);
  const dir = makeTempDir();
  const file = path.join(dir, 'branch.db');
  const branch = { id: options.branchId ?? 'test-branch', name: options.branchName ?? 'Test', timeZone };
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;

  const db = openDatabase(file);
  migrate(db, migrationsDir, clock.now);
  const queue = createBranchQueue(db, { branch, clock: clock.now });
  if (options.seedCatalogue ?? true) queue.seedDefaultCatalogue();

  const extra: BranchDatabase[] = [];
  let closed = false;

  const addPosition: TestBranch['addPosition'] = ({ id, kind, services, label, active }) =>
    queue.savePosition({ id, kind, label: label ?? id, active: active ?? true, services });

  const signIn: TestBranch['signIn'] = (officerId, positionIds, deviceId = null) => {
    const session = queue.signIn(officerId, positionIds, deviceId);
    return { officerId, session, acting: { sessionId: session.id }, positionId: session.positions[0]!, positionIds: [...session.positions] };
  };

  const addOfficer: TestBranch['addOfficer'] = (id, name) => queue.saveOfficer({ id, name: name ?? `Officer ${id}`, pinHash: 'test-pin-hash', active: true });

  const addBooths: TestBranch['addBooths'] = (idPrefix, count, services) =>
    Array.from({ length: count }, (_, i) => addPosition({ id: `${idPrefix}-${i + 1}`, kind: 'booth', services }));

  return {
    queue,
    db,
    clock,
    timeZone,
    dir,
    file,
    addPosition,
    addCounter: (id, services, label) => addPosition({ id, kind: 'counter', services, label: label ?? id }),
    addBooths,
    addOfficer,
    signIn,
    staffCounter({ services, positionId, officerId, deviceId = null }) {
      const pid = positionId ?? `counter-${++positionSeq}`;
      const oid = officerId ?? `officer-${++officerSeq}`;
      addPosition({ id: pid, kind: 'counter', services });
      if (!queue.store.officer(oid)) addOfficer(oid);
      return signIn(oid, [pid], deviceId);
    },
    staffBooths({ services, count, idPrefix, officerId, deviceId = null }) {
      const prefix = idPrefix ?? `booth-${++positionSeq}`;
      const oid = officerId ?? `officer-${++officerSeq}`;
      const booths = addBooths(prefix, count, services);
      if (!queue.store.officer(oid)) addOfficer(oid);
      return signIn(
        oid,
        booths.map((b) => b.id),
        deviceId,
      );
    },
    events: () => queue.store.eventsAfter(0, Number.MAX_SAFE_INTEGER),
    eventCount: () => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n,
    ticketCount: () => (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n,
    connect() {
      const other = openDatabase(file);
      extra.push(other);
      return {
        db: other,
        queue: createBranchQueue(other, { branch, clock: clock.now }),
        close: () => {
          if (other.open) other.close();
        },
      };
    },
    close() {
      if (closed) return;
      closed = true;
      for (const d of [...extra, db]) if (d.open) d.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `fn`, expecting the queue to refuse it with a QueueError, and returns that error so the test
 * can look at its code and details. Any other error is rethrown; success fails the test.
 */
export function refusal(fn: () => unknown): QueueError {
  try {
    fn();
  } catch (error) {
    if (error instanceof QueueError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused, but it succeeded');
}
