-- An idempotency key is bound to the request it was first sent with: method, path and a hash of the
-- body. Answers stored before this migration have no hash and match any body.
ALTER TABLE idempotency ADD COLUMN request_hash TEXT;
