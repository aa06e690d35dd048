package io.deltacat.client.internal;

import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.SortKey;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.ColumnStatsCollector;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/**
 * Writes batches laid out by a table's partition and sort schemes: each batch is split by partition
 * value, rows are buffered per partition (copies, so the caller's batches stay untouched), and a
 * partition's buffer becomes one data file, sorted by the sort keys, when it reaches the target size
 * or at the end. Memory: the buffered rows, at most {@code 2 x target} before the largest partition is
 * flushed early.
 */
final class LayoutWriter implements AutoCloseable {
    private static final int WRITE_SLICE_ROWS = 64 * 1024;

    /** A data file written and described for the manifest. */
    record Written(String name, io.deltacat.io.spi.WrittenFile file, Map<String, io.deltacat.api.model.ColumnStats> stats,
                   List<Object> partitionValues) {
    }

    private static final class Buffer {
        final List<VectorSchemaRoot> parts = new ArrayList<>();
        long bytes;
    }

    private final Schema schema;
    private final PartitionSplitter splitter;
    private final List<SortKey> sortKeys;
    private final FormatProvider provider;
    private final Storage storage;
    private final String staging;
    private final String prefix;
    private final String extension;
    private final Map<String, String> formatOptions;
    private final long target;
    private final BufferAllocator allocator;
    private final Map<List<Object>, Buffer> buffers = new LinkedHashMap<>();
    private final List<Written> written = new ArrayList<>();
    private long buffered;
    private int fileNumber;

    LayoutWriter(Schema schema, List<PartitionKey> partitionKeys, List<SortKey> sortKeys, FormatProvider provider,
                 Storage storage, String staging, String prefix, int firstFile, Map<String, String> formatOptions,
                 long targetFileSizeBytes, BufferAllocator allocator) {
        this.schema = schema;
        this.splitter = new PartitionSplitter(partitionKeys, schema);
        this.sortKeys = List.copyOf(sortKeys);
        this.provider = provider;
        this.storage = storage;
        this.staging = staging;
        this.prefix = prefix;
        this.extension = provider.extensions().iterator().next();
        this.formatOptions = formatOptions;
        this.target = Math.max(1, targetFileSizeBytes);
        this.allocator = allocator;
        this.fileNumber = firstFile;
    }

    void add(VectorSchemaRoot batch) {
        for (Map.Entry<List<Object>, int[]> group : splitter.split(batch).entrySet()) {
            VectorSchemaRoot part = copyRows(batch, group.getValue());
            Buffer b = buffers.computeIfAbsent(group.getKey(), k -> new Buffer());
            b.parts.add(part);
            long size = bytes(part);
            b.bytes += size;
            buffered += size;
            if (b.bytes >= target) {
                flush(group.getKey());
            }
        }
        while (buffered > 2 * target && !buffers.isEmpty()) {
            List<Object> largest = null;
            long max = -1;
            for (Map.Entry<List<Object>, Buffer> e : buffers.entrySet()) {
                if (e.getValue().bytes > max) {
                    max = e.getValue().bytes;
                    largest = e.getKey();
                }
            }
            flush(largest);
        }
    }

    /** Flushes every partition and returns all files written, in order. */
    List<Written> finish() {
        for (List<Object> key : new ArrayList<>(buffers.keySet())) {
            flush(key);
        }
        return written;
    }

    private void flush(List<Object> key) {
        Buffer b = buffers.remove(key);
        if (b == null) {
            return;
        }
        buffered -= b.bytes;
        try (VectorSchemaRoot all = VectorSchemaRoot.create(schema, allocator)) {
            all.allocateNew();
            VectorSchemaRootAppender.append(all, b.parts.toArray(new VectorSchemaRoot[0]));
            b.parts.forEach(VectorSchemaRoot::close);
            b.parts.clear();
            int rows = all.getRowCount();
            int[] order = sortKeys.isEmpty() ? null : FileSorter.order(all, sortKeys);
            String name = String.format("%s%05d.%s", prefix, fileNumber++, extension);
            ColumnStatsCollector stats = new ColumnStatsCollector();
            try (FormatWriter writer = provider.openWriter(storage.outputFile(staging + name), schema, formatOptions,
                    allocator)) {
                for (int from = 0; from < rows; from += WRITE_SLICE_ROWS) {
                    int n = Math.min(WRITE_SLICE_ROWS, rows - from);
                    int[] slice = new int[n];
                    for (int i = 0; i < n; i++) {
                        slice[i] = order == null ? from + i : order[from + i];
                    }
                    try (VectorSchemaRoot out = copyRows(all, slice)) {
                        writer.write(out);
                        stats.add(out);
                    }
                }
                written.add(new Written(name, writer.finish(), stats.result(), key));
            }
        } finally {
            b.parts.forEach(VectorSchemaRoot::close);
        }
    }

    /** A copy of the given rows of {@code batch}, in the given order. */
    private VectorSchemaRoot copyRows(VectorSchemaRoot batch, int[] rows) {
        List<String> columns = new ArrayList<>();
        batch.getSchema().getFields().forEach(f -> columns.add(f.getName()));
        return Batches.copy(batch, columns, rows, allocator);
    }

    private static long bytes(VectorSchemaRoot root) {
        long n = 0;
        for (FieldVector v : root.getFieldVectors()) {
            n += v.getBufferSize();
        }
        return n;
    }

    /** Releases whatever is still buffered (after a failure). */
    @Override
    public void close() {
        buffers.values().forEach(b -> b.parts.forEach(VectorSchemaRoot::close));
        buffers.clear();
    }
}
