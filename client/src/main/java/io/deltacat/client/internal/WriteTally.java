package io.deltacat.client.internal;

import io.deltacat.api.model.WriteProgress;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Counts how far a write has come and tells the write's progress listener after each step. */
final class WriteTally {
    private final Consumer<WriteProgress> listener;
    private final int filesTotal;
    private final long bytesTotal;
    private long rows;
    private int filesRead;
    private long bytesRead;

    WriteTally(Consumer<WriteProgress> listener, int filesTotal, long bytesTotal) {
        this.listener = listener;
        this.filesTotal = filesTotal;
        this.bytesTotal = bytesTotal;
    }

    /** A batch of {@code count} rows went to staging. */
    void rows(long count) {
        rows += count;
        tell();
    }

    /** An input file of {@code bytes} bytes was read to its end, or copied with its {@code copiedRows}. */
    void fileRead(long bytes, long copiedRows) {
        filesRead++;
        bytesRead += bytes;
        rows += copiedRows;
        tell();
    }

    private void tell() {
        listener.accept(new WriteProgress(rows, filesRead, filesTotal, bytesRead, bytesTotal));
    }

    /** {@code source} with each batch it gives counted (Arrow data: no files, no bytes). */
    static BatchSource counting(BatchSource source, Consumer<WriteProgress> listener) {
        WriteTally tally = new WriteTally(listener, 0, 0);
        return new BatchSource() {
            @Override
            public Schema schema() {
                return source.schema();
            }

            @Override
            public VectorSchemaRoot next() {
                VectorSchemaRoot batch = source.next();
                if (batch != null) {
                    tally.rows(batch.getRowCount());
                }
                return batch;
            }
        };
    }
}
