-- Version 5: pipeline nodes (subscriptions, transforms, publications), their tables and watermarks,
-- their runs (jobs), pipelines, and writes prepared for a job's completion. Portable SQL.

CREATE TABLE pipeline_nodes (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,              -- subscription | transform | publication
    node_type TEXT NOT NULL,         -- the user's label (subscriberType, transformType, ...)
    run_mode TEXT NOT NULL,          -- delta | version
    dispatch_mode TEXT NOT NULL,     -- local | custom
    dispatch_config TEXT NOT NULL,   -- JSON object of strings
    worker_tags TEXT NOT NULL,       -- JSON array: the tags a worker needs to claim a run
    max_attempts INTEGER NOT NULL,
    lease_ms BIGINT NOT NULL,
    trigger_kind TEXT NOT NULL,      -- event | schedule
    interval_seconds BIGINT,
    cron TEXT,
    timezone TEXT,
    next_fire_at BIGINT,             -- schedules: the next instant a run is due (ns since the epoch)
    paused INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Sources carry the node's watermark: the commit time of the last source delta consumed (0: none).
CREATE TABLE pipeline_node_tables (
    node_id TEXT NOT NULL REFERENCES pipeline_nodes (id),
    role TEXT NOT NULL,              -- source | sink
    position INTEGER NOT NULL,
    namespace TEXT NOT NULL,
    table_name TEXT NOT NULL,
    watermark BIGINT NOT NULL,
    PRIMARY KEY (node_id, role, namespace, table_name)
);
CREATE INDEX pipeline_node_tables_table ON pipeline_node_tables (namespace, table_name, role);

-- Each run of a node is a job of the queue.
CREATE TABLE pipeline_runs (
    job_id TEXT PRIMARY KEY REFERENCES jobs (id),
    node_id TEXT NOT NULL,
    reason TEXT NOT NULL,            -- event | schedule | manual | redrive | rollback
    created_at BIGINT NOT NULL
);
CREATE INDEX pipeline_runs_node ON pipeline_runs (node_id, created_at);

CREATE TABLE pipelines (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    pinned INTEGER NOT NULL,         -- 1: fixed node set; 0: re-discovered from the seeds
    created_at BIGINT NOT NULL
);

CREATE TABLE pipeline_members (
    pipeline_id TEXT NOT NULL REFERENCES pipelines (id),
    node_id TEXT NOT NULL,
    PRIMARY KEY (pipeline_id, node_id)
);

-- A write prepared for a node run commits with that run's completion, in its transaction.
ALTER TABLE writes ADD COLUMN prepared_job TEXT;
ALTER TABLE writes ADD COLUMN prepared_commit TEXT;
