package io.deltacat.io.spi;

import io.deltacat.api.model.ColumnStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a data file holds, as read from the file itself rather than taken from whoever wrote it:
 * the server checks a commit's manifest against these before recording it.
 *
 * @param schema      the file's columns as Arrow fields
 * @param rowCount    the number of rows
 * @param columnStats min/max/null count of the columns whose statistics the file gives or the read
 *                    computed; a column missing here has unknown statistics (never pruned on)
 */
public record FileFacts(Schema schema, long rowCount, Map<String, ColumnStats> columnStats) {
    public FileFacts {
        Objects.requireNonNull(schema, "schema");
        columnStats = Collections.unmodifiableMap(new LinkedHashMap<>(columnStats)); // column order kept
        if (rowCount < 0) {
            throw new IllegalArgumentException("rowCount must be >= 0");
        }
    }
}
