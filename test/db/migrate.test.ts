import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type BranchDatabase } from '../../main/db/connection.js';
import { migrate, MigrationError, schemaVersion } from '../../main/db/migrate.js';
import { createCaptureStore } from '../../main/booth/capture-store.js';
import { createBranchQueue } from '../../main/queue/branch-queue.js';
import { makeTempDir } from '../support/branch-fixture.js';
import { MIGRATIONS_DIR } from '../support/app-layout.js';

const NOW = Date.parse('2025-03-10T01:02:03.456Z');
const ADD_LANGUAGE = '-- Which language the kiosk spoke to the participant.\nALTER TABLE tickets ADD COLUMN language TEXT;\n';

const dirs: string[] = [];
const dbs: BranchDatabase[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = makeTempDir('antre-migrate-');
  dirs.push(dir);
  return dir;
}

/**
 * A temp folder holding the first shipped migration, so a test can add or edit files after it. The
 * runner's rules are tested on that base; each later shipped migration has its own test below.
 */
function copyMigrations(): string {
  const dir = tempDir();
  fs.copyFileSync(path.join(MIGRATIONS_DIR, '001_branch_queue.sql'), path.join(dir, '001_branch_queue.sql'));
  return dir;
}

function openDb(file: string, options?: { readonly?: boolean }): BranchDatabase {
  const db = openDatabase(file, options);
  dbs.push(db);
  return db;
}

/** The shipped migrations after a version, in order: what an upgrade from it applies. */
const shippedAfter = (version: number) => fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort().slice(version);

const tables = (db: BranchDatabase) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const columns = (db: BranchDatabase, table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((r) => r.name);
const ledger = (db: BranchDatabase) => db.prepare('SELECT version, name, checksum, applied_at AS appliedAt FROM schema_migrations ORDER BY version').all();
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file, 'utf8')).digest('hex');

/**
 * A branch database at version 1 holding one issued ticket, A001, written with version 1's own
 * tables (today's queue code expects the newest schema).
 */
function databaseAtVersion1(migrations: string): { file: string; db: BranchDatabase; ticketId: string } {
  const file = path.join(tempDir(), 'branch.db');
  const db = openDb(file);
  migrate(db, migrations, () => NOW - 86_400_000);
  const ticketId = '7b0f6a52-55a4-4d5c-9d0e-0a6c2f5d9f11';
  const at = NOW - 3_600_000;
  db.prepare(`INSERT INTO services (code, prefix, label_id, label_en, daily_quota, default_service_seconds) VALUES ('JHT', 'A', 'Klaim JHT', 'Old-age savings claim', 120, 900)`).run();
  db.prepare(`INSERT INTO day_counters (business_day, prefix, last_number) VALUES ('2025-03-10', 'A', 1)`).run();
  db.prepare(`INSERT INTO tickets (id, status_code, business_day, prefix, number, display_number, service_code, source, status, arrived_at, issued_at)
    VALUES (?, 'abcdefghjkmnpqrs', '2025-03-10', 'A', 1, 'A001', 'JHT', 'walk_in', 'waiting', ?, ?)`).run(ticketId, at, at);
  return { file, db, ticketId };
}

describe('migrate', () => {
  it('gives a fresh database every migration, recorded in the ledger with checksums, and makes no backup', () => {
    const migrations = copyMigrations();
    fs.writeFileSync(path.join(migrations, '002_ticket_language.sql'), ADD_LANGUAGE);
    const dir = tempDir();
    const db = openDb(path.join(dir, 'branch.db'));

    const report = migrate(db, migrations, () => NOW);
    expect(report).toEqual({ from: 0, to: 2, applied: ['001_branch_queue.sql', '002_ticket_language.sql'], backup: null });
    expect(schemaVersion(db)).toBe(2);
    expect(tables(db)).toEqual(expect.arrayContaining(['settings', 'services', 'day_counters', 'tickets', 'events', 'bookings', 'officer_sessions', 'schema_migrations']));
    expect(columns(db, 'tickets')).toContain('language');
    expect(ledger(db)).toEqual([
      { version: 1, name: '001_branch_queue.sql', checksum: sha256(path.join(migrations, '001_branch_queue.sql')), appliedAt: NOW },
      { version: 2, name: '002_ticket_language.sql', checksum: sha256(path.join(migrations, '002_ticket_language.sql')), appliedAt: NOW },
    ]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('brings a fresh database to the shipped schema, and a second run applies nothing', () => {
    const db = openDb(path.join(tempDir(), 'branch.db'));
    const first = migrate(db, MIGRATIONS_DIR, () => NOW);
    const files = fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
    expect(first).toMatchObject({ from: 0, applied: files, backup: null });
    const shipped = files.length;
    expect(first.to).toBe(shipped);
    expect(schemaVersion(db)).toBe(shipped);

    const again = migrate(db, MIGRATIONS_DIR, () => NOW + 1000);
    expect(again).toEqual({ from: shipped, to: shipped, applied: [], backup: null });
    expect(ledger(db)).toHaveLength(shipped);
  });

  it('upgrades a database with data: the data stays, and a backup of the old version is written next to it first', () => {
    const migrations = copyMigrations();
    const { file, db, ticketId } = databaseAtVersion1(migrations);
    fs.writeFileSync(path.join(migrations, '002_ticket_language.sql'), ADD_LANGUAGE);

    const report = migrate(db, migrations, () => NOW);
    expect(report.from).toBe(1);
    expect(report.to).toBe(2);
    expect(report.applied).toEqual(['002_ticket_language.sql']);
    expect(schemaVersion(db)).toBe(2);

    // The data is still there, with the new column.
    const ticket = db.prepare('SELECT display_number, language FROM tickets WHERE id = ?').get(ticketId);
    expect(ticket).toEqual({ display_number: 'A001', language: null });
    expect((db.prepare('SELECT count(*) AS n FROM day_counters').get() as { n: number }).n).toBe(1);

    // The backup sits next to the database, is named after the old version and opens with the old data and schema.
    expect(report.backup).not.toBeNull();
    const backup = report.backup!;
    expect(path.dirname(backup)).toBe(path.dirname(file));
    expect(path.basename(backup)).toBe('branch.db.v1.2025-03-10T01-02-03-456Z.bak');
    expect(fs.existsSync(backup)).toBe(true);
    const old = openDb(backup, { readonly: true });
    expect(schemaVersion(old)).toBe(1);
    expect(old.prepare('SELECT display_number FROM tickets WHERE id = ?').get(ticketId)).toEqual({ display_number: 'A001' });
    expect(columns(old, 'tickets')).not.toContain('language');
  });

  it('does not overwrite an earlier backup taken at the same instant', () => {
    const migrations = copyMigrations();
    const { file, db } = databaseAtVersion1(migrations);
    const stamp = `${file}.v1.2025-03-10T01-02-03-456Z.bak`;
    fs.writeFileSync(stamp, 'an earlier backup');
    fs.writeFileSync(path.join(migrations, '002_ticket_language.sql'), ADD_LANGUAGE);
    const report = migrate(db, migrations, () => NOW);
    expect(report.backup).toBe(`${file}.v1.2025-03-10T01-02-03-456Z-1.bak`);
    expect(fs.readFileSync(stamp, 'utf8')).toBe('an earlier backup');
  });

  it('refuses a migration that was edited after it was applied, naming the file, and applies nothing', () => {
    const migrations = copyMigrations();
    const { db, ticketId } = databaseAtVersion1(migrations);
    const before = ledger(db);
    fs.appendFileSync(path.join(migrations, '001_branch_queue.sql'), '\nCREATE TABLE sneaky (x INTEGER);\n');
    fs.writeFileSync(path.join(migrations, '002_ticket_language.sql'), ADD_LANGUAGE);
    const filesBefore = fs.readdirSync(path.dirname(db.name));

    expect(() => migrate(db, migrations, () => NOW)).toThrow(MigrationError);
    expect(() => migrate(db, migrations, () => NOW)).toThrow(/001_branch_queue\.sql/);
    expect(ledger(db)).toEqual(before);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('sneaky');
    expect(columns(db, 'tickets')).not.toContain('language');
    expect(db.prepare('SELECT count(*) AS n FROM tickets WHERE id = ?').get(ticketId)).toEqual({ n: 1 });
    // Not even a backup was written.
    expect(fs.readdirSync(path.dirname(db.name))).toEqual(filesBefore);
  });

  it('refuses a database written by newer code (ledger at version 5), saying so, and changes nothing', () => {
    const migrations = copyMigrations();
    const { db } = databaseAtVersion1(migrations);
    const record = db.prepare("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, 'abc', 0)");
    for (let v = 2; v <= 5; v++) record.run(v, `00${v}_future.sql`);
    const before = ledger(db);

    let error: unknown;
    try {
      migrate(db, migrations, () => NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/newer/);
    expect((error as Error).message).toContain('5');
    expect(ledger(db)).toEqual(before);
  });

  it('refuses a newer database before creating any table in it', () => {
    const db = openDb(path.join(tempDir(), 'branch.db'));
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
    db.prepare("INSERT INTO schema_migrations VALUES (999, '999_future.sql', 'abc', 0)").run();
    expect(() => migrate(db, MIGRATIONS_DIR, () => NOW)).toThrow(/newer/);
    expect(tables(db)).toEqual(['schema_migrations']);
  });

  it('refuses a migrations folder whose applied file was renamed', () => {
    const migrations = copyMigrations();
    const { db } = databaseAtVersion1(migrations);
    fs.renameSync(path.join(migrations, '001_branch_queue.sql'), path.join(migrations, '001_renamed.sql'));
    expect(() => migrate(db, migrations, () => NOW)).toThrow(/001_branch_queue\.sql/);
  });

  it('rolls back a migration that fails halfway and stays at the previous version', () => {
    const migrations = copyMigrations();
    const { db, ticketId } = databaseAtVersion1(migrations);
    fs.writeFileSync(path.join(migrations, '002_broken.sql'), 'ALTER TABLE tickets ADD COLUMN language TEXT;\nINSERT INTO no_such_table VALUES (1);\n');
    expect(() => migrate(db, migrations, () => NOW)).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(columns(db, 'tickets')).not.toContain('language');
    expect(db.prepare('SELECT count(*) AS n FROM tickets WHERE id = ?').get(ticketId)).toEqual({ n: 1 });
  });

  it('refuses badly named files and gaps in the versions', () => {
    const db = openDb(path.join(tempDir(), 'branch.db'));
    const badName = copyMigrations();
    fs.writeFileSync(path.join(badName, '002-Add Column.sql'), ADD_LANGUAGE);
    expect(() => migrate(db, badName, () => NOW)).toThrow(MigrationError);
    const gap = copyMigrations();
    fs.writeFileSync(path.join(gap, '003_skips_two.sql'), ADD_LANGUAGE);
    expect(() => migrate(db, gap, () => NOW)).toThrow(/003_skips_two\.sql/);
    expect(schemaVersion(db)).toBe(0);
  });
});

describe('openDatabase', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout on every connection', () => {
    const file = path.join(tempDir(), 'branch.db');
    const first = openDb(file);
    const second = openDb(file);
    for (const db of [first, second]) {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    }
  });

  it('enforces foreign keys: a ticket of an unknown service cannot be written', () => {
    const db = openDb(path.join(tempDir(), 'branch.db'));
    migrate(db, MIGRATIONS_DIR, () => NOW);
    expect(() =>
      db
        .prepare(
          `INSERT INTO tickets (id, status_code, business_day, prefix, number, display_number, service_code, source, status, arrived_at, issued_at)
           VALUES ('t', 's', '2025-03-10', 'A', 1, 'A001', 'NOPE', 'walk_in', 'waiting', 0, 0)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('opens read-only connections to an existing file only, with the same safety pragmas', () => {
    const file = path.join(tempDir(), 'branch.db');
    const writer = openDb(file);
    migrate(writer, MIGRATIONS_DIR, () => NOW);
    const reader = openDb(file, { readonly: true });
    expect(reader.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reader.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(reader.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(() => reader.exec('CREATE TABLE x (y INTEGER)')).toThrow();
    expect(() => openDatabase(path.join(tempDir(), 'missing.db'), { readonly: true })).toThrow();
  });
});

describe('a database that is not a branch database', () => {
  it('is refused, and nothing is added to it', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase } = await import('../../main/db/connection.js');
    const { migrate } = await import('../../main/db/migrate.js');
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'antre-foreign-')), 'other.db'));
    try {
      db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
      expect(() => migrate(db, MIGRATIONS_DIR)).toThrow(/not a branch database/);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
      expect(tables).toEqual(['invoices']);
    } finally {
      db.close();
    }
  });
});

describe('shipped migration 002_print_jobs', () => {
  it('upgrades a version-1 database with tickets: the tickets stay, print jobs can be queued for them', () => {
    const base = copyMigrations();
    const { file, db, ticketId } = databaseAtVersion1(base);
    const report = migrate(db, MIGRATIONS_DIR, () => NOW);
    expect(report.applied).toEqual(shippedAfter(1));
    expect(report.backup).not.toBeNull();
    expect(fs.existsSync(report.backup!)).toBe(true);
    expect(tables(db)).toEqual(expect.arrayContaining(['print_jobs', 'printer_status']));
    const queue = createBranchQueue(db, { branch: { id: 'b', name: 'B', timeZone: 'Asia/Jakarta' }, clock: () => NOW });
    expect(queue.store.ticket(ticketId)?.displayNumber).toBe('A001');
    const job = queue.reprintTicket(ticketId, 'kiosk-1');
    expect(queue.store.openPrintJobs('kiosk-1').map((j) => j.id)).toEqual([job.id]);
    expect(path.dirname(report.backup!)).toBe(path.dirname(file));
  });
});

describe('shipped migration 003_real_branch', () => {
  it('keeps every paired device working: its token moves to device_tokens, revoked and pending devices stay as they were', () => {
    const base = tempDir();
    for (const f of ['001_branch_queue.sql', '002_print_jobs.sql']) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(base, f));
    const file = path.join(tempDir(), 'branch.db');
    const db = openDb(file);
    migrate(db, base, () => NOW - 86_400_000);
    const tokenHash = createHash('sha256').update('the-kiosk-token').digest('hex');
    db.prepare(`INSERT INTO devices (id, name, role, status, token_hash, requested_at, approved_at) VALUES ('11111111-1111-4111-8111-111111111111', 'Kiosk lobby', 'kiosk', 'active', ?, 1, 2)`).run(tokenHash);
    db.prepare(`INSERT INTO devices (id, name, role, status, requested_at, approved_at, revoked_at) VALUES ('22222222-2222-4222-8222-222222222222', 'Old TV', 'display', 'revoked', 1, 2, 3)`).run();
    db.prepare(`INSERT INTO devices (id, name, role, status, pairing_code, claim_hash, requested_at) VALUES ('33333333-3333-4333-8333-333333333333', 'New PC', NULL, 'pending', 'ABC234', 'x', 4)`).run();
    db.prepare(`INSERT INTO officers (id, name, pin_hash) VALUES ('o1', 'Sari', 'h')`).run();

    const report = migrate(db, MIGRATIONS_DIR, () => NOW);
    expect(report.applied).toEqual(shippedAfter(2));
    expect(columns(db, 'devices')).not.toContain('token_hash');
    expect(db.prepare('SELECT device_id, kind FROM device_tokens WHERE token_hash = ?').get(tokenHash)).toEqual({ device_id: '11111111-1111-4111-8111-111111111111', kind: 'page' });
    expect(db.prepare('SELECT id, status, requested_role, pairing_code FROM devices ORDER BY id').all()).toEqual([
      { id: '11111111-1111-4111-8111-111111111111', status: 'active', requested_role: 'kiosk', pairing_code: null },
      { id: '22222222-2222-4222-8222-222222222222', status: 'revoked', requested_role: 'display', pairing_code: null },
      { id: '33333333-3333-4333-8333-333333333333', status: 'pending', requested_role: null, pairing_code: 'ABC234' },
    ]);
    expect(db.prepare('SELECT failed_pins, locked_at FROM officers').get()).toEqual({ failed_pins: 0, locked_at: null });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(tables(db)).not.toContain('old_tokens');
  });
});

describe('shipped migration 004_sync_outbox', () => {
  it('keeps the log, drops the scanned codes from it, and starts the first epoch after what was logged', () => {
    const base = tempDir();
    for (const f of ['001_branch_queue.sql', '002_print_jobs.sql', '003_real_branch.sql']) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(base, f));
    const db = openDb(path.join(tempDir(), 'branch.db'));
    migrate(db, base, () => NOW - 86_400_000);
    const log = db.prepare('INSERT INTO events (id, type, payload, at) VALUES (?, ?, ?, ?)');
    log.run('e1', 'service.updated', '{"service":{"code":"JHT"}}', NOW - 3000);
    log.run('e2', 'scanner.scanned', '{"deviceId":"kiosk-1","code":"BK-0930"}', NOW - 2000);
    log.run('e3', 'ticket.issued', '{"ticket":{"id":"t1"}}', NOW - 1000);
    log.run('e4', 'scanner.scanned', '{"deviceId":"kiosk-1","code":"BK-1000"}', NOW);

    const report = migrate(db, MIGRATIONS_DIR, () => NOW);
    expect(report.applied).toEqual(shippedAfter(3));
    expect(db.prepare('SELECT seq, id, type, v FROM events ORDER BY seq').all()).toEqual([
      { seq: 1, id: 'e1', type: 'service.updated', v: 1 },
      { seq: 3, id: 'e3', type: 'ticket.issued', v: 1 },
    ]);
    expect(JSON.stringify(db.prepare('SELECT * FROM events').all())).not.toContain('BK-');
    // Events from before sync stay at the branch: the first epoch starts after them.
    const epochs = db.prepare('SELECT epoch, first_seq AS firstSeq, reason FROM log_epochs').all() as { epoch: string; firstSeq: number; reason: string }[];
    expect(epochs).toEqual([{ epoch: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/), firstSeq: 4, reason: 'created' }]);
    expect(db.prepare('SELECT count(*) AS n FROM sync_cursors').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM log_identity').get()).toEqual({ n: 0 });
    // The next event continues the sequence inside that epoch.
    const queue = createBranchQueue(db, { branch: { id: 'b', name: 'B', timeZone: 'Asia/Jakarta' }, clock: () => NOW });
    queue.setTicker('Selamat datang');
    expect(queue.store.lastSeq()).toBe(4);
  });

  it('gives a new database its first epoch from seq 1, and every copy a different one', () => {
    const first = openDb(path.join(tempDir(), 'branch.db'));
    const second = openDb(path.join(tempDir(), 'branch.db'));
    migrate(first, MIGRATIONS_DIR, () => NOW);
    migrate(second, MIGRATIONS_DIR, () => NOW);
    const epochOf = (db: BranchDatabase) => db.prepare('SELECT epoch, first_seq AS firstSeq FROM log_epochs').get() as { epoch: string; firstSeq: number };
    expect(epochOf(first).firstSeq).toBe(1);
    expect(epochOf(first).epoch).not.toBe(epochOf(second).epoch);
  });
});

describe('shipped migration 005_booth_captures', () => {
  it('keeps the tickets served at booths, and takes their consent, rating and document stills (files named by their rows)', () => {
    const base = tempDir();
    for (const f of shippedAfter(0).slice(0, 4)) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(base, f));
    const db = openDb(path.join(tempDir(), 'branch.db'));
    migrate(db, base, () => NOW - 86_400_000);
    const ticketId = '7b0f6a52-55a4-4d5c-9d0e-0a6c2f5d9f11';
    db.prepare(`INSERT INTO services (code, prefix, label_id, label_en, daily_quota, default_service_seconds) VALUES ('JHT', 'A', 'Klaim JHT', 'Old-age savings claim', 120, 900)`).run();
    db.prepare(`INSERT INTO positions (id, kind, label) VALUES ('booth-1', 'booth', 'Bilik 1')`).run();
    db.prepare(`INSERT INTO tickets (id, status_code, business_day, prefix, number, display_number, service_code, source, status, outcome, arrived_at, issued_at, called_at, finished_at, position_id)
      VALUES (?, 'abcdefghjkmnpqrs', '2025-03-10', 'A', 1, 'A001', 'JHT', 'walk_in', 'done', 'completed', ?, ?, ?, ?, 'booth-1')`).run(ticketId, NOW - 4000, NOW - 4000, NOW - 3000, NOW - 1000);

    const report = migrate(db, MIGRATIONS_DIR, () => NOW);
    expect(report.applied).toEqual(shippedAfter(4));
    expect(tables(db)).toEqual(expect.arrayContaining(['booth_visits', 'document_captures']));
    expect(db.prepare('SELECT display_number, status, position_id FROM tickets').all()).toEqual([{ display_number: 'A001', status: 'done', position_id: 'booth-1' }]);

    const dir = path.join(tempDir(), 'captures');
    const captures = createCaptureStore(db, dir, () => NOW);
    captures.consent(ticketId, 'booth-1');
    captures.rate(ticketId, 'booth-1', 5);
    expect(captures.visit(ticketId)).toEqual({ consentAt: NOW, rating: 5 });
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]);
    const kept = captures.save({ ticketId, positionId: 'booth-1', documentId: 'ktp', requestId: '1c9e5b2a-4d7f-4e3a-9b8c-2f6d0a1e7c53', jpeg, width: 1920, height: 1080 });
    expect(captures.ofTicket(ticketId)).toEqual([kept]);
    expect(captures.image(kept.id)).toEqual(Buffer.from(jpeg));
    // A still of a ticket the branch never had, or a rating off the scale, is refused by the schema itself.
    expect(() => captures.save({ ticketId: '00000000-0000-4000-8000-000000000000', positionId: 'booth-1', documentId: 'ktp', requestId: '2c9e5b2a-4d7f-4e3a-9b8c-2f6d0a1e7c53', jpeg, width: 1, height: 1 })).toThrow(/FOREIGN KEY/);
    expect(() => captures.rate(ticketId, 'booth-1', 6)).toThrow(/CHECK/);
    expect(fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.jpg') || String(f).endsWith('.partial'))).toHaveLength(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
