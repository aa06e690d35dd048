package io.deltacat.server.internal.catalog;

import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Whether a write's data fits its table: the write mode's rules and the schema rules. */
final class SchemaChecks {
    private SchemaChecks() {
    }

    /**
     * The write-mode rules and the schema-evolution rules for a write's data: a {@code delete} write
     * carries at least the merge keys (its schema is the data's); any other write carries the table's
     * columns, except nullable or defaulted ones it may leave out (filled), and, under
     * {@code schema_evolution_mode=auto}, new ones. Returns the write's effective schema.
     */
    static SchemaEvolution.WriteSchema checkWriteData(String namespace, String table, String mode, Schema tableSchema,
                                                      Schema data, Map<String, String> properties) {
        if (mode.equals("delete")) {
            WriteModes.checkData(namespace, table, mode, tableSchema, data);
            return new SchemaEvolution.WriteSchema(data, List.of(), List.of());
        }
        WriteModes.requireMergeKeys(namespace, table, mode, tableSchema);
        return SchemaEvolution.checkWrite(tableSchema, data, properties);
    }

    /**
     * {@link #checkWriteData} at commit, for the write's stored (effective) schema: its files hold
     * exactly that schema, so a column the table gained since the write began cannot be filled now
     * (the files would lack it); the write must be redone.
     */
    static SchemaEvolution.WriteSchema checkCommitData(String namespace, String table, String mode,
                                                       Schema tableSchema, Schema written,
                                                       Map<String, String> properties) {
        SchemaEvolution.WriteSchema ws = checkWriteData(namespace, table, mode, tableSchema, written, properties);
        if (!ws.filled().isEmpty()) {
            throw new ConflictException("table '" + namespace + "." + table + "' gained column(s) " + ws.filled()
                    + " after this write began, and its files lack them; write again");
        }
        return ws;
    }

    /**
     * Checks that data of {@code data}'s schema can go into a table of {@code table}'s schema: the
     * same field names in the same order with equal Arrow types; a non-nullable data field may go
     * into a nullable table field.
     */
    static void checkSchema(Schema table, Schema data) {
        List<Field> tf = table.getFields();
        List<Field> df = data.getFields();
        for (int i = 0; i < Math.max(tf.size(), df.size()); i++) {
            if (i >= df.size()) {
                throw new InvalidRequestException("schema mismatch: the data lacks table column '" + tf.get(i).getName()
                        + "' (" + typeName(tf.get(i)) + ") at position " + (i + 1));
            }
            if (i >= tf.size()) {
                throw new InvalidRequestException("schema mismatch: data column '" + df.get(i).getName()
                        + "' (" + typeName(df.get(i)) + ") is not in the table schema");
            }
            checkField(tf.get(i), df.get(i), tf.get(i).getName());
        }
    }

    private static void checkField(Field t, Field d, String path) {
        if (!t.getName().equals(d.getName())) {
            throw new InvalidRequestException("schema mismatch at column '" + path + "': the data has column '"
                    + d.getName() + "' (" + typeName(d) + ") where the table has '" + t.getName() + "' (" + typeName(t) + ")");
        }
        if (!t.getType().equals(d.getType()) || t.getChildren().size() != d.getChildren().size()) {
            throw new InvalidRequestException("schema mismatch at column '" + path + "': data type " + typeName(d)
                    + " does not match table type " + typeName(t));
        }
        if (!t.isNullable() && d.isNullable()) {
            throw new InvalidRequestException("schema mismatch at column '" + path + "': the data column is nullable"
                    + " but the table column (" + typeName(t) + ") is not");
        }
        for (int i = 0; i < t.getChildren().size(); i++) {
            checkField(t.getChildren().get(i), d.getChildren().get(i), path + "." + t.getChildren().get(i).getName());
        }
    }

    private static String typeName(Field f) {
        return Literals.typeName(f.getType());
    }
}
