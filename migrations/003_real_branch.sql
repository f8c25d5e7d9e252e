-- A real branch from zero: devices bound to what they serve, one device identity shared by a
-- kiosk's page and its device agent, and officers locked after repeated wrong PINs.

-- Kept aside while devices is rebuilt: dropping the old table would cascade into device_tokens.
CREATE TEMP TABLE old_tokens AS SELECT token_hash, id AS device_id, coalesce(approved_at, requested_at) AS created_at FROM devices WHERE status = 'active' AND token_hash IS NOT NULL;

-- The devices table without token_hash (now device_tokens), with what a pairing request asks for
-- and what the supervisor bound the device to.
CREATE TABLE devices_new (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  role             TEXT CHECK (role IN ('kiosk', 'display', 'booth', 'console', 'supervisor')),
  status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'active', 'revoked')),
  pairing_code     TEXT,
  claim_hash       TEXT,
  requested_role   TEXT CHECK (requested_role IN ('kiosk', 'display', 'booth', 'console', 'supervisor')),
  requested_kind   TEXT NOT NULL DEFAULT 'page' CHECK (requested_kind IN ('page', 'agent')),
  join_device_id   TEXT,                     -- approved to become another token of this device
  position_id      TEXT REFERENCES positions(id),   -- a booth screen's booth
  printer          TEXT,                     -- a kiosk's printer: 'agent' or 'hub:<printer name>'
  requested_at     INTEGER NOT NULL,
  approved_at      INTEGER,
  revoked_at       INTEGER,
  last_seen_at     INTEGER
) STRICT;
INSERT INTO devices_new (id, name, role, status, pairing_code, claim_hash, requested_role, requested_kind, join_device_id, position_id, printer, requested_at, approved_at, revoked_at, last_seen_at)
  SELECT id, name, role, status, pairing_code, claim_hash, role, 'page', NULL, NULL, NULL, requested_at, approved_at, revoked_at, last_seen_at FROM devices;
DROP TABLE devices;
ALTER TABLE devices_new RENAME TO devices;
CREATE UNIQUE INDEX devices_pending_code ON devices(pairing_code) WHERE status = 'pending';
-- One screen per booth position, one kiosk per hub-run printer.
CREATE UNIQUE INDEX devices_booth_position ON devices(position_id) WHERE status IN ('approved', 'active') AND position_id IS NOT NULL;
CREATE UNIQUE INDEX devices_hub_printer ON devices(printer) WHERE status IN ('approved', 'active') AND printer LIKE 'hub:%';

-- A device may hold several tokens: a kiosk's page and its device agent are one device with one
-- binding (printer, booth position), each with its own token so either can be replaced alone.
CREATE TABLE device_tokens (
  token_hash TEXT PRIMARY KEY,
  device_id  TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('page', 'agent')),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX device_tokens_device ON device_tokens(device_id);

INSERT INTO device_tokens (token_hash, device_id, kind, created_at) SELECT token_hash, device_id, 'page', created_at FROM old_tokens;
DROP TABLE old_tokens;

-- Wrong PINs are counted per officer in the database, so that neither parallel guesses nor a hub
-- restart reset them; past the limit the officer is locked until a supervisor unlocks.
ALTER TABLE officers ADD COLUMN failed_pins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE officers ADD COLUMN locked_at INTEGER;
