package io.deltacat.api.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table as the catalog describes it: its Arrow schema, storage format, properties, layout (partition
 * and sort keys, empty lists when none) and current size. Times are nanoseconds since the epoch.
 * Schema fields carry the metadata {@code deltacat.field_id} (the server-assigned id that survives
 * renames) and, on merge keys, {@code deltacat.merge_key=true}.
 *
 * @param latestCommitTime commit time of the newest delta, empty for a table with no data yet
 * @param partitionKeys    the partition scheme, in order
 * @param sortKeys         the sort scheme, in order
 * @param schemaVersion    the version of the current schema (1 at creation, +1 per schema change)
 */
public record TableInfo(String namespace, String name, Schema schema, String format,
                        Map<String, String> properties, long createdAt, OptionalLong latestCommitTime,
                        long rowCount, long fileCount, List<PartitionKey> partitionKeys, List<SortKey> sortKeys,
                        int schemaVersion) {
    public TableInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(format, "format");
        properties = Map.copyOf(properties);
        Objects.requireNonNull(latestCommitTime, "latestCommitTime");
        partitionKeys = List.copyOf(partitionKeys);
        sortKeys = List.copyOf(sortKeys);
    }

    /** A table without partition or sort keys, at schema version 1. */
    public TableInfo(String namespace, String name, Schema schema, String format, Map<String, String> properties,
                     long createdAt, OptionalLong latestCommitTime, long rowCount, long fileCount) {
        this(namespace, name, schema, format, properties, createdAt, latestCommitTime, rowCount, fileCount,
                List.of(), List.of(), 1);
    }

    /**
     * The merge-key columns in schema order (fields whose metadata has {@code deltacat.merge_key=true});
     * empty for a table without merge keys.
     */
    public List<String> mergeKeys() {
        return MergeKeys.of(schema);
    }
}
