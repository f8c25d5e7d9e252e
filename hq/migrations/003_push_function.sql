-- A push in one statement (hq/sync/event-intake.ts): claim the request's nonce, lock the epoch's
-- row, check the seqs held already, insert the new events, move held_through over every seq held
-- without a gap. Done in one call, no lock waits on a round trip to the client: with hundreds of
-- branches pushing at once, a push of one branch holds its branch and epoch rows only while the
-- server itself works on it.
-- Outcomes: 'stored' (held_through, stored), 'signature_replayed', 'epoch_mismatch' (held_first),
-- 'event_conflict' (conflict_seq, held_id, sent_id). Only 'stored' writes anything.
CREATE FUNCTION hq_push(p_branch text, p_nonce text, p_epoch uuid, p_first_seq bigint, p_events jsonb)
RETURNS TABLE (outcome text, held_through bigint, stored integer, held_first bigint, conflict_seq bigint, held_id uuid, sent_id uuid)
LANGUAGE plpgsql AS $$
DECLARE
  v_first bigint;
  v_held bigint;
  v_max bigint;
  v_lo bigint := (p_events -> 0 ->> 'seq')::bigint;
  v_hi bigint := (p_events -> -1 ->> 'seq')::bigint;
  v_stored integer;
  v_seq bigint;
  v_held_id uuid;
  v_sent_id uuid;
BEGIN
  INSERT INTO hq_nonces (branch_id, nonce) VALUES (p_branch, p_nonce) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'signature_replayed'::text, NULL::bigint, NULL::integer, NULL::bigint, NULL::bigint, NULL::uuid, NULL::uuid;
    RETURN;
  END IF;
  UPDATE hq_branches SET last_seen_at = now() WHERE branch_id = p_branch;

  INSERT INTO hq_epochs (branch_id, epoch, first_seq, held_through, max_seq)
  VALUES (p_branch, p_epoch, p_first_seq, p_first_seq - 1, p_first_seq - 1) ON CONFLICT DO NOTHING;
  -- Pushes of one epoch take turns here, whichever process they reached.
  SELECT e.first_seq, e.held_through, e.max_seq INTO v_first, v_held, v_max
  FROM hq_epochs e WHERE e.branch_id = p_branch AND e.epoch = p_epoch FOR UPDATE;
  IF v_first <> p_first_seq THEN
    -- Refused: the nonce is given back with the rest, so nothing of the request stays.
    DELETE FROM hq_nonces WHERE branch_id = p_branch AND nonce = p_nonce;
    RETURN QUERY SELECT 'epoch_mismatch'::text, NULL::bigint, NULL::integer, v_first, NULL::bigint, NULL::uuid, NULL::uuid;
    RETURN;
  END IF;

  IF v_lo <= v_max THEN
    -- Only a batch reaching below the highest seq held can meet events held already.
    SELECT x.seq, h.event_id, x.id INTO v_seq, v_held_id, v_sent_id
    FROM jsonb_to_recordset(p_events) AS x(seq bigint, id uuid)
    JOIN hq_events h ON h.branch_id = p_branch AND h.epoch = p_epoch AND h.seq = x.seq
    WHERE h.event_id <> x.id
    ORDER BY x.seq LIMIT 1;
    IF FOUND THEN
      DELETE FROM hq_nonces WHERE branch_id = p_branch AND nonce = p_nonce;
      RETURN QUERY SELECT 'event_conflict'::text, NULL::bigint, NULL::integer, NULL::bigint, v_seq, v_held_id, v_sent_id;
      RETURN;
    END IF;
    INSERT INTO hq_events (branch_id, epoch, seq, event_id, type, v, at, payload)
    SELECT p_branch, p_epoch, x.seq, x.id, x.type, x.v, timestamptz 'epoch' + x.at::float8 * interval '1 millisecond', x.payload
    FROM jsonb_to_recordset(p_events) AS x(seq bigint, id uuid, type text, v integer, at bigint, payload jsonb)
    WHERE NOT EXISTS (SELECT 1 FROM hq_events h WHERE h.branch_id = p_branch AND h.epoch = p_epoch AND h.seq = x.seq);
  ELSE
    INSERT INTO hq_events (branch_id, epoch, seq, event_id, type, v, at, payload)
    SELECT p_branch, p_epoch, x.seq, x.id, x.type, x.v, timestamptz 'epoch' + x.at::float8 * interval '1 millisecond', x.payload
    FROM jsonb_to_recordset(p_events) AS x(seq bigint, id uuid, type text, v integer, at bigint, payload jsonb);
  END IF;
  GET DIAGNOSTICS v_stored = ROW_COUNT;

  -- Over every seq now held without a gap: this batch's, and any a reordered batch left beyond a hole.
  IF v_held < greatest(v_max, v_hi) THEN
    FOR v_seq IN SELECT h.seq FROM hq_events h WHERE h.branch_id = p_branch AND h.epoch = p_epoch AND h.seq > v_held ORDER BY h.seq LOOP
      EXIT WHEN v_seq <> v_held + 1;
      v_held := v_seq;
    END LOOP;
  END IF;
  UPDATE hq_epochs e SET held_through = v_held, max_seq = greatest(e.max_seq, v_hi), last_push_at = now()
  WHERE e.branch_id = p_branch AND e.epoch = p_epoch;
  RETURN QUERY SELECT 'stored'::text, v_held, v_stored, NULL::bigint, NULL::bigint, NULL::uuid, NULL::uuid;
END
$$;
