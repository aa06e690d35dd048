package io.deltacat.packds.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.PositionedReader;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Random-access reads of a shard's rows: {@link FormatProvider#openReaderAt} starts at (or just
 * before) the first row wanted, so a read of one episode decodes that episode's rows and at most the
 * rest of one row group (Parquet) or page (Lance) before it, never the shard.
 */
final class ShardRows {
    static final int BATCH_ROWS = 8192;

    /**
     * Live rows of {@code [start, end)} with their positions, and the rows decoded to find them.
     * The caller closes {@code rows}.
     */
    record Read(VectorSchemaRoot rows, long[] positions, long rowsRead) implements AutoCloseable {
        @Override
        public void close() {
            rows.close();
        }
    }

    private ShardRows() {
    }

    /** Whether row {@code row} lies in one of the {@code deleted} ranges (start -> end). */
    static boolean deleted(TreeMap<Long, Long> deleted, long row) {
        Map.Entry<Long, Long> e = deleted.floorEntry(row);
        return e != null && e.getValue() > row;
    }

    /** Reads the live rows of {@code [start, end)} of shard {@code uri} (all columns when {@code columns} is empty). */
    static Read read(FormatProvider provider, Storage storage, String uri, List<String> columns, long start,
                     long end, TreeMap<Long, Long> deleted, BufferAllocator allocator) {
        PositionedReader at = provider.openReaderAt(storage.inputFile(uri),
                new ReadRequest(columns, Optional.empty(), (int) Math.max(64, Math.min(BATCH_ROWS, end - start))),
                start, end - start, allocator);
        long[] positions = new long[(int) (end - start)];
        int kept = 0;
        long rowsRead = 0;
        try (FormatReader reader = at.reader(); RowSink sink = new RowSink(reader.schema(), allocator)) {
            long pos = at.firstRow();
            while (pos < end && reader.next()) {
                VectorSchemaRoot batch = reader.batch();
                int n = batch.getRowCount();
                rowsRead += n;
                for (int i = 0; i < n; i++) {
                    long p = pos + i;
                    if (p >= start && p < end && !deleted(deleted, p)) {
                        sink.append(batch, i);
                        positions[kept++] = p;
                    }
                }
                pos += n;
            }
            return new Read(sink.take(), java.util.Arrays.copyOf(positions, kept), rowsRead);
        }
    }
}
