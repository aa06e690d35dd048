package io.deltacat.api.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A thin read plan from the server: the table's schema at the snapshot and the files to read, after
 * pruning by partition values and statistics, in reconciliation order: the newest superseding delta's files
 * ({@code compacted} or {@code replace}) first, then later deltas' files in stream order. A table
 * with merge keys is read by reconciling {@code upsert}/{@code append} rows and {@code delete} keys in
 * this order (later wins).
 *
 * @param snapshotTime commit time of the state being read (0 for a table with no data)
 * @param totalFiles   files in the snapshot before pruning
 * @param fileSchemas  the schema of every schema version a planned file was written with, by version;
 *                     a reader maps each file's columns to {@code schema} by field id
 * @param layoutManifest URI of the layout manifest of the snapshot (a {@code packds} table's shard
 *                     manifest), or null for a plain table or one without data
 */
public record ReadPlan(String namespace, String table, Schema schema, long snapshotTime,
                       List<DataFile> files, int totalFiles, Map<Integer, Schema> fileSchemas,
                       List<StorageCredential> credentials, String layoutManifest) {
    /**
     * @param credentials the storage access vended with the plan for exactly its files (none for local
     *                    roots); renewed by the reader when it lapses
     */
    public ReadPlan {
        Objects.requireNonNull(schema, "schema");
        files = List.copyOf(files);
        fileSchemas = Map.copyOf(fileSchemas);
        credentials = List.copyOf(credentials);
    }

    /** A plan of a table without layout manifest. */
    public ReadPlan(String namespace, String table, Schema schema, long snapshotTime, List<DataFile> files,
                    int totalFiles, Map<Integer, Schema> fileSchemas, List<StorageCredential> credentials) {
        this(namespace, table, schema, snapshotTime, files, totalFiles, fileSchemas, credentials, null);
    }

    /** A plan that needs no storage credentials (local roots). */
    public ReadPlan(String namespace, String table, Schema schema, long snapshotTime, List<DataFile> files,
                    int totalFiles, Map<Integer, Schema> fileSchemas) {
        this(namespace, table, schema, snapshotTime, files, totalFiles, fileSchemas, List.of());
    }

    /** A plan whose files were all written with {@code schema}. */
    public ReadPlan(String namespace, String table, Schema schema, long snapshotTime, List<DataFile> files,
                    int totalFiles) {
        this(namespace, table, schema, snapshotTime, files, totalFiles, Map.of());
    }

    /**
     * The merge-key columns in schema order (fields whose metadata has {@code deltacat.merge_key=true});
     * empty for a table without merge keys.
     */
    public List<String> mergeKeys() {
        return MergeKeys.of(schema);
    }
}
