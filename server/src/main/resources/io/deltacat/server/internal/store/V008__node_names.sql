-- Version 8: a pipeline node's optional human-readable display name (free text, not unique; the id
-- stays the node's address). NULL: the node has none.
ALTER TABLE pipeline_nodes ADD COLUMN display_name TEXT;
