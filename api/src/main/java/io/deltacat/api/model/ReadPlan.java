package io.deltacat.api.model;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A thin read plan from the server: the table's schema at the snapshot and the files to read, after
 * pruning by statistics, in reconciliation order: the newest superseding delta's files
 * ({@code compacted} or {@code replace}) first, then later deltas' files in stream order. A table
 * with merge keys is read by reconciling {@code upsert}/{@code append} rows and {@code delete} keys in
 * this order (later wins).
 *
 * @param snapshotTime commit time of the state being read (0 for a table with no data)
 * @param totalFiles   files in the snapshot before pruning
 */
public record ReadPlan(String namespace, String table, Schema schema, long snapshotTime,
                       List<DataFile> files, int totalFiles) {
    public ReadPlan {
        Objects.requireNonNull(schema, "schema");
        files = List.copyOf(files);
    }

    /**
     * The merge-key columns in schema order (fields whose metadata has {@code deltacat.merge_key=true});
     * empty for a table without merge keys.
     */
    public List<String> mergeKeys() {
        return MergeKeys.of(schema);
    }
}
