-- The branch log as headquarters' outbox: which branch wrote it and which life of the file (epoch)
-- each event belongs to, each payload's version, and what headquarters has acknowledged.

-- The branch this log belongs to, set from the hub profile at the first start; a hub whose profile
-- names another branch refuses the file.
CREATE TABLE log_identity (
  only_row   INTEGER PRIMARY KEY CHECK (only_row = 1),
  branch_id  TEXT NOT NULL,
  adopted_at INTEGER NOT NULL
) STRICT;

-- The lives of this file. Headquarters keys events by (branch, epoch, seq): a database restored
-- from a backup rewinds seq, so it starts a new epoch and its new events can never be taken for
-- events headquarters already holds. An event belongs to the epoch with the greatest first_seq
-- at or below its seq. Events before the first epoch (a log from before sync) stay at the branch.
CREATE TABLE log_epochs (
  n          INTEGER PRIMARY KEY,           -- the epochs' order in this file
  epoch      TEXT NOT NULL UNIQUE,          -- a UUID
  first_seq  INTEGER NOT NULL CHECK (first_seq >= 1),
  started_at INTEGER NOT NULL,
  reason     TEXT NOT NULL CHECK (reason IN ('created', 'restored', 'backup'))
) STRICT;

-- What headquarters acknowledged, per direction. The push keeps the highest seq headquarters
-- holds without a gap (moved only on its answer); each pull keeps headquarters' own cursor.
CREATE TABLE sync_cursors (
  direction  TEXT PRIMARY KEY CHECK (direction IN ('push', 'bookings', 'catalogue', 'quotas')),
  seq        INTEGER,                       -- push
  cursor     TEXT,                          -- pulls: opaque to the branch
  updated_at INTEGER NOT NULL,
  CHECK ((direction = 'push') = (seq IS NOT NULL AND cursor IS NULL))
) STRICT;

-- Each payload's version (main/queue/events.ts payloadVersion); everything logged so far is version 1.
ALTER TABLE events ADD COLUMN v INTEGER NOT NULL DEFAULT 1 CHECK (v >= 1);

-- A scanned code is input for one kiosk's page, not a fact: scans now travel as unstored messages.
DELETE FROM events WHERE type = 'scanner.scanned';

-- The first epoch begins after what is already logged. The UUID is version 4 from SQLite's randomness.
INSERT INTO log_epochs (epoch, first_seq, started_at, reason)
SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' || substr('89ab', 1 + abs(random() % 4), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
       (SELECT coalesce(max(seq), 0) + 1 FROM events),
       CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER),
       'created'
FROM (SELECT hex(randomblob(16)) AS h);
