-- Layout and schema evolution (branch "layout"): partition and sort schemes, field ids and schema
-- versions. Portable SQL (SQLite and PostgreSQL).

ALTER TABLE tables ADD COLUMN partition_spec TEXT;
ALTER TABLE tables ADD COLUMN sort_spec TEXT;
ALTER TABLE tables ADD COLUMN schema_version INTEGER;
ALTER TABLE tables ADD COLUMN last_field_id INTEGER;
UPDATE tables SET schema_version = 1, last_field_id = 0;

-- every schema a table has had; a data file names the version it was written with
CREATE TABLE schema_versions (
    table_id BIGINT NOT NULL REFERENCES tables (id),
    version INTEGER NOT NULL,
    schema_json TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (table_id, version)
);
INSERT INTO schema_versions (table_id, version, schema_json, created_at)
    SELECT id, 1, schema_json, created_at FROM tables;

ALTER TABLE data_files ADD COLUMN partition_values TEXT;
ALTER TABLE data_files ADD COLUMN schema_version INTEGER;
UPDATE data_files SET schema_version = 1;

ALTER TABLE writes ADD COLUMN partition_spec TEXT;
ALTER TABLE writes ADD COLUMN sort_spec TEXT;
