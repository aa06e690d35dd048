-- Catalog metadata, version 1. Portable SQL (SQLite and PostgreSQL): ids are assigned by the
-- server, times are BIGINT nanoseconds since the epoch, JSON is stored as TEXT.

CREATE TABLE clock (
    id INTEGER PRIMARY KEY,
    last_ns BIGINT NOT NULL
);
INSERT INTO clock (id, last_ns) VALUES (1, 0);

CREATE TABLE namespaces (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    properties TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    dropped_at BIGINT
);
CREATE UNIQUE INDEX namespaces_live_name ON namespaces (name) WHERE dropped_at IS NULL;

CREATE TABLE tables (
    id BIGINT PRIMARY KEY,
    namespace_id BIGINT NOT NULL REFERENCES namespaces (id),
    name TEXT NOT NULL,
    schema_json TEXT NOT NULL,
    format TEXT NOT NULL,
    properties TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    dropped_at BIGINT
);
CREATE UNIQUE INDEX tables_live_name ON tables (namespace_id, name) WHERE dropped_at IS NULL;

CREATE TABLE commits (
    id BIGINT PRIMARY KEY,
    commit_time BIGINT NOT NULL UNIQUE,
    write_id TEXT,
    client_commit_id TEXT
);

CREATE TABLE deltas (
    id BIGINT PRIMARY KEY,
    commit_ref BIGINT NOT NULL REFERENCES commits (id),
    table_id BIGINT NOT NULL REFERENCES tables (id),
    delta_type TEXT NOT NULL,
    commit_time BIGINT NOT NULL
);
CREATE INDEX deltas_table_time ON deltas (table_id, commit_time);

CREATE TABLE data_files (
    id BIGINT PRIMARY KEY,
    delta_id BIGINT NOT NULL REFERENCES deltas (id),
    table_id BIGINT NOT NULL REFERENCES tables (id),
    uri TEXT NOT NULL,
    format TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    size_bytes BIGINT NOT NULL,
    stream_position BIGINT NOT NULL,
    stats TEXT
);
CREATE INDEX data_files_table_pos ON data_files (table_id, stream_position);

CREATE TABLE writes (
    id TEXT PRIMARY KEY,
    namespace TEXT NOT NULL,
    table_name TEXT NOT NULL,
    mode TEXT NOT NULL,
    format TEXT NOT NULL,
    schema_json TEXT NOT NULL,
    table_properties TEXT NOT NULL,
    auto_create_namespace INTEGER NOT NULL,
    staging_uri TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    client_commit_id TEXT,
    commit_time BIGINT,
    commit_result TEXT
);
CREATE INDEX writes_state_expiry ON writes (state, expires_at);

CREATE TABLE idempotency (
    idem_key TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (idem_key, method, path)
);
CREATE INDEX idempotency_created ON idempotency (created_at);

