package io.deltacat.api.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table as the catalog describes it: its Arrow schema, storage format, properties and current
 * size. Times are nanoseconds since the epoch.
 *
 * @param latestCommitTime commit time of the newest delta, empty for a table with no data yet
 */
public record TableInfo(String namespace, String name, Schema schema, String format,
                        Map<String, String> properties, long createdAt, OptionalLong latestCommitTime,
                        long rowCount, long fileCount) {
    public TableInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(format, "format");
        properties = Map.copyOf(properties);
        Objects.requireNonNull(latestCommitTime, "latestCommitTime");
    }

    /**
     * The merge-key columns in schema order (fields whose metadata has {@code deltacat.merge_key=true});
     * empty for a table without merge keys.
     */
    public List<String> mergeKeys() {
        return MergeKeys.of(schema);
    }
}
