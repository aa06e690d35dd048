package io.deltacat.io.spi;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Writes Arrow batches into one file. Not thread-safe. */
public interface FormatWriter extends AutoCloseable {

    /** Appends the rows of {@code batch}; the caller keeps ownership of the batch. */
    void write(VectorSchemaRoot batch);

    /** Approximate bytes written so far (buffered data included), used to roll files. */
    long estimatedSize();

    /** Completes the file and makes it visible; returns its row count and final size. */
    WrittenFile finish();

    /** Releases resources; if {@link #finish()} was not called, the file is discarded. */
    @Override
    void close();
}
