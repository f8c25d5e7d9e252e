-- Printed tickets: one job per print of a ticket, kept with its state so that a printer fault or
-- a restart never loses track of a ticket that did not come out of the printer.

CREATE TABLE print_jobs (
  id          TEXT PRIMARY KEY,
  ticket_id   TEXT NOT NULL REFERENCES tickets(id),
  device_id   TEXT NOT NULL,               -- the device whose printer prints it (the issuing kiosk)
  state       TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
  reason      TEXT,                        -- why it failed: offline, cover_open, paper_out, error, no_answer, unreachable, interrupted
  warning     TEXT,                        -- printed, but: paper_near_end
  reprint_of  TEXT REFERENCES print_jobs(id),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX print_jobs_open ON print_jobs(device_id, created_at) WHERE state IN ('queued', 'printing');
CREATE INDEX print_jobs_ticket ON print_jobs(ticket_id);

-- The last word from each device's printer, for the supervisor's fault list.
CREATE TABLE printer_status (
  device_id  TEXT PRIMARY KEY,
  status     TEXT NOT NULL CHECK (status IN ('ready', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'error', 'unreachable')),
  detail     TEXT,
  at         INTEGER NOT NULL
) STRICT;
