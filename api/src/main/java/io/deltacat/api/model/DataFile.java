package io.deltacat.api.model;

import java.util.Map;
import java.util.Objects;

/**
 * One data file of a read plan: where it is, its format, size, the delta it belongs to and its column
 * statistics.
 */
public record DataFile(String uri, String format, long rowCount, long sizeBytes, String deltaType,
                       long streamPosition, Map<String, ColumnStats> columns) {
    public DataFile {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(format, "format");
        columns = Map.copyOf(columns);
    }
}
