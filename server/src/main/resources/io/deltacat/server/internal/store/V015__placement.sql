-- Data placement (branch "placement"): a table may be placed on roots besides its home root; each
-- placement's replication is driven by jobs of type "replication" (dispatch local) and keeps a
-- watermark: the commit time through which every file a read needs is present and verified there.
CREATE TABLE placements (
    table_id BIGINT NOT NULL REFERENCES tables (id),
    root TEXT NOT NULL,
    state TEXT NOT NULL,
    placed_at BIGINT NOT NULL,
    backfill INTEGER NOT NULL,
    backfill_done INTEGER NOT NULL,
    watermark BIGINT NOT NULL,
    replicated_at BIGINT,
    job_id TEXT,
    last_error TEXT,
    failed_at BIGINT,
    unplaced_at BIGINT,
    PRIMARY KEY (table_id, root)
);

-- One verified copy of a home data file at a placed root, keyed by the home file's URI (a compaction
-- that keeps a file lists the same URI again: it is copied once).
CREATE TABLE replicas (
    table_id BIGINT NOT NULL REFERENCES tables (id),
    root TEXT NOT NULL,
    home_uri TEXT NOT NULL,
    replica_uri TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    checksum TEXT NOT NULL,
    verified_at BIGINT NOT NULL,
    PRIMARY KEY (table_id, root, home_uri)
);
CREATE INDEX replicas_home ON replicas (table_id, home_uri);
