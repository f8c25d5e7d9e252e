-- Headquarters' schema. Every table but hq_nik_days has the branch id first in its primary key, so
-- on Citus each is distributed by branch_id (co-located) and every branch's statements run on one
-- node; hq_nik_days is the one constraint that must hold across branches (one booking per NIK per
-- day, anywhere) and is distributed by nik_hash. See hq/README.md, "Growing past one server".

-- Branches and their secrets, sealed under the headquarters key (hq/secrets/hq-key.ts).
CREATE TABLE hq_branches (
  branch_id     text PRIMARY KEY,
  name          text NOT NULL,
  time_zone     text NOT NULL,
  secret_box    bytea NOT NULL,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  secret_set_at timestamptz NOT NULL DEFAULT now(),
  -- the last request the branch signed that headquarters accepted
  last_seen_at  timestamptz
);

-- Nonces of accepted requests, kept past the signature's age window so no request is taken twice,
-- whichever headquarters process it reaches.
CREATE TABLE hq_nonces (
  branch_id text NOT NULL,
  nonce     text NOT NULL,
  seen_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (branch_id, nonce)
);
CREATE INDEX hq_nonces_seen_at ON hq_nonces (seen_at);

-- Each life (epoch) of a branch log. A push locks its epoch's row, so two processes taking the same
-- batch take turns; held_through is the highest seq held with no gap from first_seq.
CREATE TABLE hq_epochs (
  branch_id     text NOT NULL,
  epoch         uuid NOT NULL,
  first_seq     bigint NOT NULL CHECK (first_seq >= 1),
  held_through  bigint NOT NULL,
  max_seq       bigint NOT NULL,
  first_push_at timestamptz NOT NULL DEFAULT now(),
  last_push_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (branch_id, epoch),
  CHECK (held_through >= first_seq - 1 AND max_seq >= held_through)
);

-- The branch logs, append-only, one partition per month of the event's time (made on first use,
-- hq/db/event-partitions.ts). The partition key must be part of the primary key; (branch, epoch,
-- seq) alone is kept unique by the epoch row's lock, under which every push checks what it holds.
CREATE TABLE hq_events (
  branch_id   text NOT NULL,
  epoch       uuid NOT NULL,
  seq         bigint NOT NULL,
  event_id    uuid NOT NULL,
  type        text NOT NULL,
  v           integer NOT NULL,
  at          timestamptz NOT NULL,
  payload     jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (branch_id, epoch, seq, at)
) PARTITION BY RANGE (at);
CREATE INDEX hq_events_at ON hq_events (at);

-- The pull feeds' cursors: one counter per branch and feed, bumped under its row lock in the
-- transaction that writes the feed's rows (docs/sync-contract.md, "Why the cursor cannot skip a row").
CREATE TABLE hq_feed_versions (
  branch_id text NOT NULL,
  feed      text NOT NULL CHECK (feed IN ('catalogue', 'quotas', 'bookings')),
  version   bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (branch_id, feed)
);

CREATE TABLE hq_services (
  branch_id  text NOT NULL,
  code       text NOT NULL,
  service    jsonb NOT NULL,
  version    bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (branch_id, code)
);
CREATE INDEX hq_services_version ON hq_services (branch_id, version);

CREATE TABLE hq_quotas (
  branch_id    text NOT NULL,
  service_code text NOT NULL,
  business_day date NOT NULL,
  quota        integer NOT NULL CHECK (quota BETWEEN 0 AND 999),
  version      bigint NOT NULL,
  PRIMARY KEY (branch_id, service_code, business_day)
);
CREATE INDEX hq_quotas_version ON hq_quotas (branch_id, version);

-- Online booking slots: booked never passes capacity, checked by the row itself.
CREATE TABLE hq_slots (
  branch_id    text NOT NULL,
  service_code text NOT NULL,
  slot_start   timestamptz NOT NULL,
  slot_end     timestamptz NOT NULL,
  capacity     integer NOT NULL CHECK (capacity BETWEEN 0 AND 10000),
  booked       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (branch_id, service_code, slot_start),
  CHECK (slot_end > slot_start),
  CHECK (booked BETWEEN 0 AND capacity)
);

CREATE TABLE hq_bookings (
  branch_id    text NOT NULL,
  code         text NOT NULL,
  service_code text NOT NULL,
  slot_start   timestamptz NOT NULL,
  slot_end     timestamptz NOT NULL,
  business_day date NOT NULL,
  nik_hash     text NOT NULL,
  nik_masked   text NOT NULL,
  status       text NOT NULL CHECK (status IN ('booked', 'cancelled')),
  version      bigint NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (branch_id, code)
);
CREATE INDEX hq_bookings_version ON hq_bookings (branch_id, version);

-- One booking per NIK per day, across all branches: the only global constraint.
CREATE TABLE hq_nik_days (
  nik_hash     text NOT NULL,
  business_day date NOT NULL,
  branch_id    text NOT NULL,
  booking_code text NOT NULL,
  PRIMARY KEY (nik_hash, business_day)
);
