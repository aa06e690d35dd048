-- Version 2: id counters (safe with several server processes), compaction deltas, the job queue.
-- Portable SQL (SQLite and PostgreSQL).

-- Ids come from a counter row updated in the inserting transaction (a row lock on PostgreSQL),
-- never from MAX(id) + 1, which two replicas could compute at once.
CREATE TABLE id_counters (
    name TEXT PRIMARY KEY,
    last_id BIGINT NOT NULL
);
INSERT INTO id_counters (name, last_id) SELECT 'namespaces', COALESCE(MAX(id), 0) FROM namespaces;
INSERT INTO id_counters (name, last_id) SELECT 'tables', COALESCE(MAX(id), 0) FROM tables;
INSERT INTO id_counters (name, last_id) SELECT 'commits', COALESCE(MAX(id), 0) FROM commits;
INSERT INTO id_counters (name, last_id) SELECT 'deltas', COALESCE(MAX(id), 0) FROM deltas;
INSERT INTO id_counters (name, last_id) SELECT 'data_files', COALESCE(MAX(id), 0) FROM data_files;

-- A compacted delta replaces every file at or below this stream position.
ALTER TABLE deltas ADD COLUMN compacted_through BIGINT;

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL UNIQUE,
    job_type TEXT NOT NULL,
    dispatch TEXT NOT NULL,
    state TEXT NOT NULL,
    context TEXT NOT NULL,
    worker_tags TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    lease_ms BIGINT NOT NULL,
    fencing_token BIGINT NOT NULL,
    lease_deadline BIGINT,
    worker_id TEXT,
    created_at BIGINT NOT NULL,
    available_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    records_processed BIGINT NOT NULL,
    watermark TEXT,
    error TEXT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_claimable ON jobs (dispatch, state, available_at, seq);
CREATE INDEX jobs_leases ON jobs (state, lease_deadline);
CREATE INDEX jobs_type_seq ON jobs (job_type, seq);

-- The tags a worker must have to claim the job (all of them).
CREATE TABLE job_tags (
    job_id TEXT NOT NULL REFERENCES jobs (id),
    tag TEXT NOT NULL,
    PRIMARY KEY (job_id, tag)
);
CREATE INDEX job_tags_tag ON job_tags (tag);

CREATE TABLE job_events (
    job_id TEXT NOT NULL REFERENCES jobs (id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    at BIGINT NOT NULL,
    completed BIGINT,
    expected BIGINT,
    metadata TEXT NOT NULL,
    fencing_token BIGINT NOT NULL,
    PRIMARY KEY (job_id, seq)
);

INSERT INTO id_counters (name, last_id) VALUES ('jobs', 0);
