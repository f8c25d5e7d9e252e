-- Hot paths read only the present: these indexes keep the state, issuing, calling and the
-- supervisor's overview from reading past days' officer sessions and print jobs.

-- Officers on duty now (every state, issue and call), in sign-in order.
CREATE INDEX officer_sessions_open ON officer_sessions(started_at) WHERE ended_at IS NULL;
-- Sessions that ended within a day being reported.
CREATE INDEX officer_sessions_ended ON officer_sessions(ended_at, started_at) WHERE ended_at IS NOT NULL;
-- Today's failed prints for the supervisor's reprint list.
CREATE INDEX print_jobs_failed ON print_jobs(created_at) WHERE state = 'failed';
