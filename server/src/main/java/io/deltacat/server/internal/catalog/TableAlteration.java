package io.deltacat.server.internal.catalog;

import static io.deltacat.server.internal.store.Sql.update;

import io.deltacat.api.error.ConflictException;
import io.deltacat.server.internal.catalog.Model.AlterTable;
import io.deltacat.server.internal.catalog.Rows.TableRow;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table's schema and properties changing: an alter checked against the table's state, and the
 * rows that record its result (a new schema version). Used by {@code alterTable}, by a transaction's
 * alter at its commit, and by writes that add fields under {@code schema_evolution_mode=auto}.
 */
final class TableAlteration {
    private TableAlteration() {
    }

    /**
     * A table's state after an alter: its schema change (null for properties only) and its properties.
     */
    record Altered(SchemaEvolution.Evolved evolved, Map<String, String> properties) {
    }

    /** Checks an alter against a table's state and computes the result; changes nothing. */
    static Altered altered(Schema schema, int lastFieldId, Layout layout, Map<String, String> properties,
                           String name, boolean hasData, AlterTable req) {
        SchemaEvolution.Evolved evolved = null;
        if (!req.changes().isEmpty()) {
            if (SchemaEvolution.mode(properties).equals("disabled")) {
                throw new ConflictException("table '" + name + "' has " + SchemaEvolution.MODE_PROPERTY
                        + "=disabled: its schema cannot change");
            }
            evolved = SchemaEvolution.apply(schema, lastFieldId, layout, hasData, req.changes());
        }
        Map<String, String> props = new LinkedHashMap<>(properties);
        props.putAll(req.properties());
        return new Altered(evolved, props);
    }

    /** Stores an alter's result: a new schema version when the schema changed, and the properties. */
    static TableRow applyAlter(Connection c, TableRow t, Altered a, long time) throws SQLException {
        if (a.evolved() != null) {
            t = evolve(c, t, a.evolved(), time);
        }
        if (!a.properties().equals(t.properties())) {
            update(c, "UPDATE tables SET properties = ? WHERE id = ?", StoredJson.writeMap(a.properties()), t.id());
            t = new TableRow(t.id(), t.namespace(), t.name(), t.schema(), t.format(), a.properties(), t.createdAt(),
                    t.layout(), t.schemaVersion(), t.lastFieldId());
        }
        return t;
    }

    /** Stores a table's next schema version (with its layout, whose key columns may be renamed). */
    static TableRow evolve(Connection c, TableRow t, SchemaEvolution.Evolved e, long time) throws SQLException {
        if (t.schema().getFields().stream().anyMatch(f -> SchemaEvolution.fieldId(f) < 0)) {
            // a table from before field ids: its one schema version gets the ids the change just assigned
            // (in field order, as ensureIds does), so its files map to the new schema by id
            update(c, "UPDATE schema_versions SET schema_json = ? WHERE table_id = ? AND version = ?",
                    SchemaEvolution.ensureIds(t.schema(), t.lastFieldId(), t.layout()).schema().toJson(), t.id(),
                    t.schemaVersion());
        }
        int version = t.schemaVersion() + 1;
        update(c, "UPDATE tables SET schema_json = ?, partition_spec = ?, sort_spec = ?, schema_version = ?,"
                + " last_field_id = ? WHERE id = ?", e.schema().toJson(),
                Layout.partitionJson(e.layout().partitionKeys()).toString(),
                Layout.sortJson(e.layout().sortKeys()).toString(), version, e.lastFieldId(), t.id());
        update(c, "INSERT INTO schema_versions (table_id, version, schema_json, created_at) VALUES (?, ?, ?, ?)",
                t.id(), version, e.schema().toJson(), time);
        return new TableRow(t.id(), t.namespace(), t.name(), e.schema(), t.format(), t.properties(), t.createdAt(),
                e.layout(), version, e.lastFieldId());
    }
}
