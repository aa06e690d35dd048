package io.deltacat.client.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** Batches to write, from a single root or a reader. The caller keeps ownership of both. */
interface BatchSource {
    Schema schema();

    /** The next batch, or null at the end; valid until the next call. */
    VectorSchemaRoot next();

    static BatchSource of(VectorSchemaRoot root) {
        return new BatchSource() {
            private boolean done;

            @Override
            public Schema schema() {
                return root.getSchema();
            }

            @Override
            public VectorSchemaRoot next() {
                if (done) {
                    return null;
                }
                done = true;
                return root;
            }
        };
    }

    static BatchSource of(ArrowReader reader) {
        return new BatchSource() {
            @Override
            public Schema schema() {
                try {
                    return reader.getVectorSchemaRoot().getSchema();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public VectorSchemaRoot next() {
                try {
                    return reader.loadNextBatch() ? reader.getVectorSchemaRoot() : null;
                } catch (IOException e) {
                    throw new UncheckedIOException("reading the data to write failed: " + e.getMessage(), e);
                }
            }
        };
    }
}
