package io.deltacat.spark;

import io.deltacat.api.expr.Predicate;
import io.deltacat.io.spi.Batches;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.sources.Filter;

/**
 * What every read task of one scan shares: the connection, the table and snapshot, the columns Spark
 * needs, the pushed filters (re-translated on the executor: Spark's filters are serializable, our
 * predicates need not be) and the schemas, as Arrow JSON.
 *
 * @param snapshotTime the plan's snapshot (commit time), so every task reads the same state
 * @param columns      the columns to hand Spark, in its order (empty: Spark needs only row counts)
 * @param limit        rows a task may stop after, or -1
 * @param fileSchemas  the schema of each schema version the planned files were written with
 * @param access       the storage access the server vended with the plan, renewed on the executors
 */
record ReadSpec(Connection connection, String namespace, String table, long snapshotTime, String tableSchemaJson,
                List<String> columns, Filter[] filters, int batchSize, long limit,
                Map<Integer, String> fileSchemas, ExecutorAccess access) implements Serializable {
    private static final long serialVersionUID = 1L;

    ReadSpec {
        columns = List.copyOf(columns);
        filters = filters.clone();
        fileSchemas = Map.copyOf(fileSchemas);
    }

    Schema tableSchema() {
        return parse(tableSchemaJson);
    }

    /** The columns actually read: Spark's, or the first column only to count rows. */
    List<String> readColumns(Schema tableSchema) {
        return columns.isEmpty() ? List.of(tableSchema.getFields().get(0).getName()) : columns;
    }

    /** The table schema restricted to {@link #readColumns}, in their order. */
    Schema readSchema(Schema tableSchema) {
        return Batches.project(tableSchema, readColumns(tableSchema));
    }

    /** The pushed filters as one predicate over the table's columns. */
    Optional<Predicate> predicate(Schema tableSchema) {
        HashSet<String> names = new HashSet<>();
        tableSchema.getFields().forEach(f -> names.add(f.getName()));
        return Filters.conjunction(filters, names);
    }

    static Schema parse(String json) {
        try {
            return Schema.fromJSON(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable Arrow schema JSON: " + e.getMessage(), e);
        }
    }
}
