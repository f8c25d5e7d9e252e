-- A booking in one statement: under a rush every round trip between the client and the server
-- inside a transaction holds the slot's and the feed counter's locks a little longer, and the
-- next booking of that branch waits for it. Here the locks are taken and released within one call.
-- Outcomes: 'booked' (with the slot's end), 'nik_already_booked', 'slot_full' (with the capacity),
-- 'slot_unknown'. Refusals leave nothing behind: the NIK's claim is removed in the same statement.
CREATE FUNCTION hq_book(p_branch text, p_code text, p_service text, p_slot_start timestamptz, p_day date, p_nik_hash text, p_nik_masked text)
RETURNS TABLE (outcome text, slot_end timestamptz, slot_capacity integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_end timestamptz;
  v_capacity integer;
  v_version bigint;
BEGIN
  -- The NIK first: a second request for the same person waits here until the first one ends.
  INSERT INTO hq_nik_days (nik_hash, business_day, branch_id, booking_code)
  VALUES (p_nik_hash, p_day, p_branch, p_code) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'nik_already_booked'::text, NULL::timestamptz, NULL::integer;
    RETURN;
  END IF;

  -- Waiting for the slot's row re-checks booked < capacity on the row as the last booking left it.
  UPDATE hq_slots s SET booked = s.booked + 1
  WHERE s.branch_id = p_branch AND s.service_code = p_service AND s.slot_start = p_slot_start AND s.booked < s.capacity
  RETURNING s.slot_end INTO v_end;
  IF NOT FOUND THEN
    SELECT s.capacity INTO v_capacity FROM hq_slots s WHERE s.branch_id = p_branch AND s.service_code = p_service AND s.slot_start = p_slot_start;
    DELETE FROM hq_nik_days WHERE nik_hash = p_nik_hash AND business_day = p_day;
    RETURN QUERY SELECT CASE WHEN v_capacity IS NULL THEN 'slot_unknown' ELSE 'slot_full' END, NULL::timestamptz, v_capacity;
    RETURN;
  END IF;

  -- Last, the bookings feed's version (hq/feeds/feed-versions.ts): its lock is held the shortest.
  UPDATE hq_feed_versions SET version = version + 1 WHERE branch_id = p_branch AND feed = 'bookings' RETURNING version INTO v_version;
  INSERT INTO hq_bookings (branch_id, code, service_code, slot_start, slot_end, business_day, nik_hash, nik_masked, status, version)
  VALUES (p_branch, p_code, p_service, p_slot_start, v_end, p_day, p_nik_hash, p_nik_masked, 'booked', v_version);
  RETURN QUERY SELECT 'booked'::text, v_end, NULL::integer;
END
$$;
