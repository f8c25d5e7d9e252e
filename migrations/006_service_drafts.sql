-- The officer console's work in progress, and transfers addressed to one position or officer.

-- What an officer has ticked and written for the ticket in front of them, saved as they go so a
-- page reload mid-service loses nothing. Not an event and not a record: a draft lives only while
-- its ticket is called or in service by that officer's session, and never holds an unmasked NIK
-- (the hub refuses notes that carry one).
CREATE TABLE service_drafts (
  ticket_id  TEXT PRIMARY KEY REFERENCES tickets(id),
  session_id TEXT NOT NULL REFERENCES officer_sessions(id),
  checked    TEXT NOT NULL DEFAULT '[]',      -- JSON array of the service's document ids
  notes      TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
) STRICT;

-- A ticket transferred to a specific position or officer is offered to them alone while it waits.
-- Kept beside tickets, not in it, so the covering index the calling policy reads stays as it is;
-- the table holds only the few reservations still waiting.
CREATE TABLE ticket_reservations (
  ticket_id   TEXT PRIMARY KEY REFERENCES tickets(id),
  position_id TEXT REFERENCES positions(id),
  officer_id  TEXT REFERENCES officers(id),
  CHECK ((position_id IS NULL) <> (officer_id IS NULL))
) STRICT;

-- Whichever command moves a ticket on (finish, no-show, transfer, cancel, a supervisor's sign-out
-- of its officer), the draft of its service ends with it; a reservation ends once the ticket is
-- called or leaves the queue. In the command's own transaction, so no path can leave one behind.
CREATE TRIGGER service_drafts_end AFTER UPDATE OF status ON tickets
WHEN NEW.status NOT IN ('called', 'serving') OR NEW.session_id IS NOT OLD.session_id
BEGIN
  DELETE FROM service_drafts WHERE ticket_id = NEW.id;
END;

CREATE TRIGGER ticket_reservations_end AFTER UPDATE OF status ON tickets
WHEN NEW.status <> 'waiting'
BEGIN
  DELETE FROM ticket_reservations WHERE ticket_id = NEW.id;
END;
