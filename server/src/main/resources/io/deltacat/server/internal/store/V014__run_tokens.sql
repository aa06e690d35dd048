-- Secrets the server keeps in its catalog database so that every replica and every restart agrees on
-- them. run-token-key: the HMAC key of the tokens handed to remotely dispatched node runs
-- (auth/RunTokens): a run's token is derived from its id, so a server restarted mid-run still
-- accepts the token its remote execution (e.g. a Ray job) was started with.
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);
