-- The wait estimate learns how many participants an officer serves at once from the newest finished
-- services with the same number of positions. Without its own index that read walked every finished
-- ticket of the branch's history (through tickets_finished, which starts with the service) and sorted
-- them, on every issue and every state read while an officer is on duty. With it, it reads the
-- newest few and stops. Written on a finish, not on an issue.
CREATE INDEX tickets_concurrency ON tickets(session_position_count, finished_at) WHERE status = 'done' AND concurrency IS NOT NULL;
