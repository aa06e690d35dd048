package io.deltacat.api.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One data file of a read plan: where it is, its format, size, the delta it belongs to, its column
 * statistics, its partition values and the schema version it was written with.
 *
 * @param partitionValues one value per partition key of the table, in key order (a value may be null);
 *                        empty for an unpartitioned table
 * @param schemaVersion   the table schema version the file was written with; {@link ReadPlan#fileSchemas()}
 *                        holds that schema
 */
public record DataFile(String uri, String format, long rowCount, long sizeBytes, String deltaType,
                       long streamPosition, Map<String, ColumnStats> columns, List<Object> partitionValues,
                       int schemaVersion) {
    public DataFile {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(format, "format");
        columns = Map.copyOf(columns);
        // values may be null: an unmodifiable copy rather than List.copyOf
        partitionValues = Collections.unmodifiableList(new ArrayList<>(partitionValues));
    }

    /** A file of an unpartitioned table, written with schema version 1. */
    public DataFile(String uri, String format, long rowCount, long sizeBytes, String deltaType, long streamPosition,
                    Map<String, ColumnStats> columns) {
        this(uri, format, rowCount, sizeBytes, deltaType, streamPosition, columns, List.of(), 1);
    }
}
