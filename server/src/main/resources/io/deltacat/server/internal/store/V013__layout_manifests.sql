-- Table layouts with a manifest per commit (branch "packds"): a commit to a table whose property
-- "layout" names a layout (packds) carries the layout's manifest, a file staged with the write's
-- data files; the delta records its URI, plans answer the manifest of the state they read, and the
-- file lives as long as the table's files.
ALTER TABLE deltas ADD COLUMN layout_manifest TEXT;
