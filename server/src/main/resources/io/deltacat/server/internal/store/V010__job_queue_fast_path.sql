-- Version 10: the job queue's cheap path (issue 14). Portable SQL (SQLite and PostgreSQL).

-- Events are numbered by a counter on the job row (the job's row is updated with every event
-- anyway), not by a MAX(seq) query per event.
ALTER TABLE jobs ADD COLUMN event_count BIGINT NOT NULL DEFAULT 0;
UPDATE jobs SET event_count = (SELECT COALESCE(MAX(e.seq), 0) FROM job_events e WHERE e.job_id = jobs.id);

-- A claim walks pending jobs in queue order and stops after the jobs it wants (no sort of every
-- claimable job); a job without required tags needs no look-up in job_tags. The queue's indexes
-- cover only the rows they serve (pending jobs; held leases), so the claim's and the end's UPDATEs
-- add no entries to them for rows that leave that state.
DROP INDEX jobs_claimable;
CREATE INDEX jobs_claim_order ON jobs (dispatch, seq) WHERE state = 'pending';
DROP INDEX jobs_leases;
CREATE INDEX jobs_leases ON jobs (lease_deadline) WHERE state IN ('claimed', 'running');
ALTER TABLE jobs ADD COLUMN tag_count INTEGER NOT NULL DEFAULT 0;
UPDATE jobs SET tag_count = (SELECT COUNT(*) FROM job_tags t WHERE t.job_id = jobs.id);

-- Resends without stored answers: the Idempotency-Key of the request that created the job (with the
-- SHA-256 of that request's body and the job's place in it), of the claim that holds it (with the
-- job's place in that claim's answer), of the call that ended its last attempt, and of its last
-- event. The unique indexes make two concurrent runs of one keyed submit or claim collide: the
-- second waits for the first and, once it committed, fails with a unique-key race that re-runs its
-- transaction, which then finds the first one's jobs.
ALTER TABLE jobs ADD COLUMN submit_key TEXT;
ALTER TABLE jobs ADD COLUMN submit_hash TEXT;
ALTER TABLE jobs ADD COLUMN submit_index INTEGER;
ALTER TABLE jobs ADD COLUMN claim_key TEXT;
ALTER TABLE jobs ADD COLUMN claim_index INTEGER;
ALTER TABLE jobs ADD COLUMN end_key TEXT;
ALTER TABLE jobs ADD COLUMN event_key TEXT;
CREATE UNIQUE INDEX jobs_submit_key ON jobs (submit_key, submit_index);
CREATE UNIQUE INDEX jobs_claim_key ON jobs (claim_key, claim_index);
