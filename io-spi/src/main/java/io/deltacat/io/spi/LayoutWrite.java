package io.deltacat.io.spi;

import io.deltacat.api.model.WriteMode;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One write handed to a {@link LayoutProvider}.
 *
 * @param mode            the write's mode as requested ({@code AUTO} on a merge-keyed table merges)
 * @param schema          the schema of every staged file: the table's columns (for {@code DELETE},
 *                        only the merge-key columns)
 * @param mergeKeys       the table's merge keys
 * @param tableProperties the table's properties (its layout settings among them)
 * @param baseSnapshot    commit time of the table's state the write builds on (0: no data yet); the
 *                        commit is refused if the table moved on meanwhile
 * @param baseSidecarUri  the sidecar (manifest) of that state, or null when there is none
 * @param input           the data, one batch per call, null at the end; a batch is valid until the next
 *                        call and owned by the caller
 */
public record LayoutWrite(String namespace, String table, WriteMode mode, Schema schema,
                          java.util.List<String> mergeKeys, Map<String, String> tableProperties, FormatProvider format,
                          Map<String, String> formatOptions, Storage storage, String stagingUri,
                          long baseSnapshot, String baseSidecarUri, Supplier<VectorSchemaRoot> input,
                          BufferAllocator allocator) {
    public LayoutWrite {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(schema, "schema");
        mergeKeys = java.util.List.copyOf(mergeKeys);
        tableProperties = Map.copyOf(tableProperties);
        formatOptions = Map.copyOf(formatOptions);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(stagingUri, "stagingUri");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(allocator, "allocator");
    }
}
