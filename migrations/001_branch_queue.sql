-- The branch queue: catalogue, positions, officers, bookings, tickets and the event log.
-- Times are milliseconds since the epoch (UTC); business days are YYYY-MM-DD in the branch's zone.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL              -- JSON
) STRICT;

CREATE TABLE services (
  code                    TEXT PRIMARY KEY CHECK (code GLOB '[A-Z]*' AND length(code) BETWEEN 2 AND 16),
  prefix                  TEXT NOT NULL UNIQUE CHECK (length(prefix) = 1 AND prefix GLOB '[A-Z]'),
  label_id                TEXT NOT NULL,
  label_en                TEXT NOT NULL,
  daily_quota             INTEGER NOT NULL CHECK (daily_quota BETWEEN 0 AND 999),
  is_open                 INTEGER NOT NULL DEFAULT 1 CHECK (is_open IN (0, 1)),
  default_service_seconds INTEGER NOT NULL CHECK (default_service_seconds > 0),
  documents               TEXT NOT NULL DEFAULT '[]',   -- JSON array of {id, labelId, labelEn}
  sort_order              INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE quota_overrides (
  service_code TEXT NOT NULL REFERENCES services(code) ON UPDATE CASCADE,
  business_day TEXT NOT NULL,
  quota        INTEGER NOT NULL CHECK (quota BETWEEN 0 AND 999),
  PRIMARY KEY (service_code, business_day)
) STRICT;

-- Numbering is per prefix letter so a transferred ticket keeps its number and a renamed
-- service cannot reuse a number already handed out today.
CREATE TABLE day_counters (
  business_day TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  last_number  INTEGER NOT NULL,
  PRIMARY KEY (business_day, prefix)
) STRICT;

CREATE TABLE positions (
  id     TEXT PRIMARY KEY,
  kind   TEXT NOT NULL CHECK (kind IN ('booth', 'counter')),
  label  TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE position_services (
  position_id  TEXT NOT NULL REFERENCES positions(id) ON DELETE CASCADE,
  service_code TEXT NOT NULL REFERENCES services(code) ON UPDATE CASCADE,
  PRIMARY KEY (position_id, service_code)
) STRICT;

CREATE TABLE officers (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  pin_hash TEXT NOT NULL,
  active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE officer_sessions (
  id         TEXT PRIMARY KEY,
  officer_id TEXT NOT NULL REFERENCES officers(id),
  device_id  TEXT,
  started_at INTEGER NOT NULL,
  ended_at   INTEGER
) STRICT;

CREATE TABLE session_positions (
  session_id  TEXT NOT NULL REFERENCES officer_sessions(id),
  position_id TEXT NOT NULL REFERENCES positions(id),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  PRIMARY KEY (session_id, position_id)
) STRICT;
-- A position is staffed by at most one officer at a time.
CREATE UNIQUE INDEX session_positions_one_active ON session_positions(position_id) WHERE active = 1;

CREATE TABLE bookings (
  code         TEXT PRIMARY KEY,
  service_code TEXT NOT NULL REFERENCES services(code) ON UPDATE CASCADE,
  slot_start   INTEGER NOT NULL,
  slot_end     INTEGER NOT NULL CHECK (slot_end > slot_start),
  nik_masked   TEXT,
  status       TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'cancelled')),
  ticket_id    TEXT
) STRICT;

CREATE TABLE tickets (
  id                     TEXT PRIMARY KEY,
  request_id             TEXT UNIQUE,            -- the issuing device's idempotency key
  status_code            TEXT NOT NULL UNIQUE,   -- unguessable code of the phone status page
  business_day           TEXT NOT NULL,
  prefix                 TEXT NOT NULL,
  number                 INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999),
  display_number         TEXT NOT NULL,
  service_code           TEXT NOT NULL REFERENCES services(code) ON UPDATE CASCADE,
  source                 TEXT NOT NULL CHECK (source IN ('walk_in', 'booking', 'collective', 'drop_box')),
  priority               TEXT NOT NULL DEFAULT 'none' CHECK (priority IN ('none', 'elderly', 'disabled', 'pregnant', 'other')),
  booking_code           TEXT REFERENCES bookings(code),
  booking_slot_start     INTEGER,                -- set only while the booking ranks as on time
  claim_count            INTEGER CHECK (claim_count IS NULL OR claim_count BETWEEN 1 AND 1000),
  nik_masked             TEXT,
  status                 TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')),
  outcome                TEXT CHECK (outcome IN ('completed', 'documents_incomplete', 'rejected', 'referred')),
  arrived_at             INTEGER NOT NULL,       -- kept across a transfer
  issued_at              INTEGER NOT NULL,
  called_at              INTEGER,
  serving_at             INTEGER,
  finished_at            INTEGER,
  position_id            TEXT REFERENCES positions(id),
  session_id             TEXT REFERENCES officer_sessions(id),
  session_position_count INTEGER,
  recall_count           INTEGER NOT NULL DEFAULT 0,
  concurrency            REAL,                   -- learned overlap with the officer's other services
  notes                  TEXT,
  UNIQUE (business_day, prefix, number)
) STRICT;
-- Covers the reads that run on every ticket issued: the service's waiting tickets for the calling
-- policy, today's count for the quota, and the waiting counts per service.
CREATE INDEX tickets_day_service ON tickets(business_day, service_code, status, arrived_at, priority, source, number, booking_slot_start, id);
CREATE INDEX tickets_recent_calls ON tickets(business_day, called_at) WHERE called_at IS NOT NULL;
CREATE INDEX tickets_finished ON tickets(service_code, finished_at) WHERE status = 'done';
CREATE INDEX tickets_session ON tickets(session_id, status) WHERE session_id IS NOT NULL;
CREATE INDEX tickets_active ON tickets(position_id) WHERE status IN ('called', 'serving');

CREATE TABLE devices (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  role             TEXT CHECK (role IN ('kiosk', 'display', 'booth', 'console', 'supervisor')),
  status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'active', 'revoked')),
  pairing_code     TEXT,
  claim_hash       TEXT,
  token_hash       TEXT UNIQUE,
  requested_at     INTEGER NOT NULL,
  approved_at      INTEGER,
  revoked_at       INTEGER,
  last_seen_at     INTEGER
) STRICT;
CREATE UNIQUE INDEX devices_pending_code ON devices(pairing_code) WHERE status = 'pending';

-- Every state change appends here in the same transaction; the realtime stream and the
-- headquarters outbox both read from it.
-- seq is the rowid: events are never deleted, so it only grows, without AUTOINCREMENT's extra write.
CREATE TABLE events (
  seq     INTEGER PRIMARY KEY,
  id      TEXT NOT NULL UNIQUE,
  type    TEXT NOT NULL,
  payload TEXT NOT NULL,
  at      INTEGER NOT NULL
) STRICT;
