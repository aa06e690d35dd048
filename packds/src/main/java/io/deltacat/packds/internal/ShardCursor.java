package io.deltacat.packds.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.PositionedReader;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storage;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads row ranges of shards in mostly ascending order, keeping the current shard's reader open: the
 * next range of the same shard continues where the last ended (rows between are decoded and
 * skipped), any other range opens a positioned reader. Not thread-safe.
 */
final class ShardCursor implements AutoCloseable {
    private final FormatProvider provider;
    private final Storage storage;
    private final List<String> columns;
    private final BufferAllocator allocator;
    private String uri;
    private FormatReader reader;
    private VectorSchemaRoot batch;
    private long batchStart;
    private int batchRows;
    private long rowsRead;

    ShardCursor(FormatProvider provider, Storage storage, List<String> columns, BufferAllocator allocator) {
        this.provider = provider;
        this.storage = storage;
        this.columns = columns;
        this.allocator = allocator;
    }

    /** Rows decoded so far (those delivered plus those skipped). */
    long rowsRead() {
        return rowsRead;
    }

    /** Appends rows {@code [from, to)} of shard {@code shardUri} (of {@code shardRows} rows) to {@code sink}. */
    void copy(String shardUri, long shardRows, long from, long to, SinkSupplier sink) {
        if (!shardUri.equals(uri) || from < batchStart) {
            reopen(shardUri, shardRows, from);
        }
        long row = from;
        while (row < to) {
            if (batch == null || row >= batchStart + batchRows) {
                batchStart += batchRows;
                batchRows = 0;
                if (!reader.next()) {
                    throw new IllegalStateException("shard " + shardUri + " ended before row " + row);
                }
                batch = reader.batch();
                batchRows = batch.getRowCount();
                rowsRead += batchRows;
                continue;
            }
            if (row < batchStart) {
                throw new IllegalStateException("shard " + shardUri + " read out of order at row " + row);
            }
            long end = Math.min(to, batchStart + batchRows);
            sink.get(reader.schema()).appendRange(batch, (int) (row - batchStart), (int) (end - row));
            row = end;
        }
    }

    /** The sink to copy into, made on first use from the shard's schema. */
    interface SinkSupplier {
        RowSink get(org.apache.arrow.vector.types.pojo.Schema schema);
    }

    private void reopen(String shardUri, long shardRows, long from) {
        closeReader();
        PositionedReader at = provider.openReaderAt(storage.inputFile(shardUri),
                new ReadRequest(columns, Optional.empty(), ShardRows.BATCH_ROWS), from, shardRows - from, allocator);
        uri = shardUri;
        reader = at.reader();
        batch = null;
        batchStart = at.firstRow();
        batchRows = 0;
    }

    private void closeReader() {
        if (reader != null) {
            reader.close();
            reader = null;
            batch = null;
            uri = null;
        }
    }

    @Override
    public void close() {
        closeReader();
    }
}
