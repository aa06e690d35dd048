-- Version 6: multi-table transactions. Portable SQL (SQLite and PostgreSQL).

-- A transaction collects operations (table creates and drops, prepared writes) and applies them
-- all in one commit. start_time is the catalog time it began at: the conflict checks ask what
-- other commits changed after it.
CREATE TABLE transactions (
    id TEXT PRIMARY KEY,
    message TEXT NOT NULL,
    state TEXT NOT NULL,
    start_time BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ttl_ns BIGINT NOT NULL,
    commit_time BIGINT,
    error TEXT
);
CREATE INDEX transactions_state_expiry ON transactions (state, expires_at);

-- The operations of a transaction in the order they were made; payload is JSON.
CREATE TABLE transaction_ops (
    transaction_id TEXT NOT NULL REFERENCES transactions (id),
    seq INTEGER NOT NULL,
    op TEXT NOT NULL,
    namespace TEXT NOT NULL,
    table_name TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (transaction_id, seq)
);

-- A write inside a transaction is 'prepared' by its commit call (its checked manifest becomes an
-- operation of the transaction) and committed with its transaction.
ALTER TABLE writes ADD COLUMN transaction_id TEXT;
