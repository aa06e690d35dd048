package io.deltacat.io.spi;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads one file as a sequence of Arrow batches. The reader owns the batch returned by
 * {@link #batch()}: it is valid until the next {@link #next()} or {@link #close()}; a caller that
 * keeps data transfers it out. Between two calls to {@link #next()} the caller may also give the
 * batch's emptied vectors the buffers of an older batch of the same types (so the reader reuses
 * memory instead of allocating it); a reader sizes, resets or replaces whatever buffers its vectors
 * hold before filling them. Not thread-safe.
 */
public interface FormatReader extends AutoCloseable {

    /** The schema of the batches: the file's columns, projected as requested, in request order. */
    Schema schema();

    /** Loads the next batch; false at the end. */
    boolean next();

    /** The current batch. */
    VectorSchemaRoot batch();

    @Override
    void close();
}
