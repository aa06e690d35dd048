package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A write session opened for files that other processes stage: a distributed engine's driver begins
 * it ({@link io.deltacat.api.CatalogClient#beginStagedWrite}), ships it to its tasks (it is
 * {@link Serializable}), each task writes files into the staging prefix
 * ({@link io.deltacat.api.CatalogClient#openStagedFiles}), and the driver commits the files of the
 * tasks it accepted in one commit ({@link io.deltacat.api.CatalogClient#commitStagedWrite}) or aborts
 * the session. Nothing is visible before that commit.
 *
 * @param schemaJson          the write's effective schema (Arrow JSON, {@link Schema#toJson()}): every
 *                            staged file has exactly these columns
 * @param credentials         storage properties for the staging prefix (empty for local roots)
 */
@Evolving
public record StagedWriteTarget(String writeId, String namespace, String table, String stagingUri, String format,
                                String schemaJson, List<PartitionKey> partitionKeys, List<SortKey> sortKeys,
                                Map<String, String> formatOptions, long targetFileSizeBytes,
                                Map<String, String> credentials) implements Serializable {
    private static final long serialVersionUID = 1L;

    public StagedWriteTarget {
        Objects.requireNonNull(writeId, "writeId");
        Objects.requireNonNull(stagingUri, "stagingUri");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(schemaJson, "schemaJson");
        partitionKeys = List.copyOf(partitionKeys);
        sortKeys = List.copyOf(sortKeys);
        formatOptions = Map.copyOf(formatOptions);
        credentials = Map.copyOf(credentials);
    }

    /** The write's effective schema, without the catalog's field metadata: the schema of every batch staged. */
    public Schema schema() {
        try {
            return Schema.fromJSON(schemaJson);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable schema of write " + writeId + ": " + e.getMessage(), e);
        }
    }
}
