-- Version 11: users, their tokens (only a hash of each secret is kept) and grants per namespace,
-- and who began each transaction (only that user, or an admin, may carry it on). Portable SQL.

CREATE TABLE users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
);

CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL REFERENCES users (name),
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT,
    -- the Idempotency-Key of the request that issued it: a resend is refused, never a second token
    idem_key TEXT UNIQUE
);
CREATE INDEX tokens_user ON tokens (user_name);

CREATE TABLE grants (
    namespace TEXT NOT NULL,
    user_name TEXT NOT NULL REFERENCES users (name),
    role TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (namespace, user_name)
);

ALTER TABLE transactions ADD COLUMN user_name TEXT;
