package io.deltacat.packds.internal;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Collects rows copied from other batches of the same columns (by position) into one new batch. */
final class RowSink implements AutoCloseable {
    private VectorSchemaRoot root;
    private int rows;

    RowSink(Schema schema, BufferAllocator allocator) {
        root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
    }

    /** Appends row {@code row} of {@code source}, whose columns are this sink's, in order. */
    void append(VectorSchemaRoot source, int row) {
        for (int c = 0; c < root.getFieldVectors().size(); c++) {
            root.getVector(c).copyFromSafe(row, rows, source.getVector(c));
        }
        rows++;
    }

    /**
     * Appends rows {@code [from, from + count)} of {@code source} in bulk (a slice of each column
     * appended with one buffer copy, not row by row).
     */
    void appendRange(VectorSchemaRoot source, int from, int count) {
        if (count == 0) {
            return;
        }
        for (int c = 0; c < root.getFieldVectors().size(); c++) {
            org.apache.arrow.vector.FieldVector target = root.getVector(c);
            target.setValueCount(rows);
            org.apache.arrow.vector.util.TransferPair slice = source.getVector(c).getTransferPair(target.getAllocator());
            slice.splitAndTransfer(from, count);
            try (org.apache.arrow.vector.ValueVector part = slice.getTo()) {
                part.accept(new org.apache.arrow.vector.util.VectorAppender(target), null);
            }
        }
        rows += count;
    }

    int rows() {
        return rows;
    }

    /** Arrow buffer bytes held (after {@link #seal()}, exact). */
    long bytes() {
        long n = 0;
        for (var v : root.getFieldVectors()) {
            n += v.getBufferSize();
        }
        return n;
    }

    /** Sets the row count on the batch being collected, which stays owned by this sink. */
    VectorSchemaRoot seal() {
        root.setRowCount(rows);
        return root;
    }

    /** Hands the collected batch to the caller (who closes it); the sink is empty and unusable after. */
    VectorSchemaRoot take() {
        VectorSchemaRoot out = seal();
        root = null;
        return out;
    }

    /** Empties the batch for reuse. */
    void reset() {
        root.clear();
        root.allocateNew();
        rows = 0;
    }

    @Override
    public void close() {
        if (root != null) {
            root.close();
            root = null;
        }
    }
}
