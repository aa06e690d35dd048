-- Write modes and retention (branch "modes"). Delta types are now append, upsert, delete, replace
-- and compacted; a replace delta, like a compacted one, supersedes every file at or below its
-- compacted_through position. A data file superseded for longer than the retention window is deleted
-- from storage by maintenance and marked here, so a read as of a time that needs it fails clearly.
ALTER TABLE data_files ADD COLUMN removed_at BIGINT;
CREATE INDEX deltas_table_type ON deltas (table_id, delta_type);
