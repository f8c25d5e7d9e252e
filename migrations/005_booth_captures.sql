-- Video booths: what a participant agreed to and how they rated the service at a booth, and the
-- stills of their documents the officer captured there. The images are files under
-- DATA_DIR/captures, named by their row; rows and files are deleted together once the hub
-- profile's retention (video.captureRetentionDays) has passed.

-- One row per ticket served at a booth, written when the participant consents or rates.
CREATE TABLE booth_visits (
  ticket_id   TEXT PRIMARY KEY REFERENCES tickets(id),
  position_id TEXT NOT NULL REFERENCES positions(id),
  consent_at  INTEGER,                          -- agreed that their documents are photographed
  rating      INTEGER CHECK (rating BETWEEN 1 AND 5),
  rated_at    INTEGER,
  CHECK ((rating IS NULL) = (rated_at IS NULL))
) STRICT;

CREATE TABLE document_captures (
  id          TEXT PRIMARY KEY,
  ticket_id   TEXT NOT NULL REFERENCES tickets(id),
  document_id TEXT NOT NULL,                    -- one of the service's required documents
  request_id  TEXT NOT NULL UNIQUE,             -- the console's request: a retried upload stores one still
  position_id TEXT NOT NULL REFERENCES positions(id),
  file        TEXT NOT NULL,                    -- relative to DATA_DIR/captures
  width       INTEGER NOT NULL CHECK (width > 0),
  height      INTEGER NOT NULL CHECK (height > 0),
  bytes       INTEGER NOT NULL CHECK (bytes > 0),
  captured_at INTEGER NOT NULL,
  review      TEXT NOT NULL DEFAULT 'pending' CHECK (review IN ('pending', 'accepted', 'redo')),
  reviewed_at INTEGER,
  CHECK ((review = 'pending') = (reviewed_at IS NULL))
) STRICT;
CREATE INDEX document_captures_ticket ON document_captures(ticket_id, captured_at);
-- The retention sweep reads the oldest first.
CREATE INDEX document_captures_age ON document_captures(captured_at);
