package io.deltacat.io.spi;

import io.deltacat.api.expr.Predicate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/** Arrow batch helpers: row selection by predicate, projection, copying. */
public final class Batches {
    private Batches() {
    }

    /**
     * The indices of the rows of {@code batch} for which the bound {@code filter} is true (unknown
     * counts as false).
     */
    public static int[] select(VectorSchemaRoot batch, Predicate filter) {
        Map<String, FieldVector> byName = new HashMap<>();
        for (String c : filter.columns()) {
            FieldVector v = batch.getVector(c);
            if (v == null) {
                throw new IllegalArgumentException("filter column '" + c + "' is not in the batch");
            }
            byName.put(c, v);
        }
        int rows = batch.getRowCount();
        int[] selected = new int[rows];
        int n = 0;
        int[] current = new int[1];
        java.util.function.Function<String, Object> row = c -> ArrowValues.canonical(byName.get(c), current[0]);
        for (int i = 0; i < rows; i++) {
            current[0] = i;
            if (Boolean.TRUE.equals(filter.evaluate(row))) {
                selected[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(selected, n);
    }

    /**
     * A new batch, allocated from {@code allocator}, with the {@code columns} of {@code batch} (in
     * that order) and only the rows in {@code rows} (ascending indices). When every row is kept the
     * vectors are transferred rather than copied, leaving those columns of {@code batch} empty. The
     * caller closes the result.
     */
    public static VectorSchemaRoot take(VectorSchemaRoot batch, List<String> columns, int[] rows,
                                        BufferAllocator allocator) {
        return take(batch, columns, rows.length == batch.getRowCount() ? null : rows, batch.getRowCount(), allocator);
    }

    /** {@link #take} of every row: the {@code columns} of {@code batch} transferred into a new batch. */
    public static VectorSchemaRoot takeAll(VectorSchemaRoot batch, List<String> columns, BufferAllocator allocator) {
        return take(batch, columns, null, batch.getRowCount(), allocator);
    }

    /** {@code rows} null: all {@code count} rows, transferred. */
    private static VectorSchemaRoot take(VectorSchemaRoot batch, List<String> columns, int[] rows, int count,
                                         BufferAllocator allocator) {
        boolean all = rows == null;
        List<FieldVector> out = new ArrayList<>(columns.size());
        try {
            for (String c : columns) {
                FieldVector src = batch.getVector(c);
                if (all) {
                    TransferPair tp = src.getTransferPair(allocator);
                    tp.transfer();
                    out.add((FieldVector) tp.getTo());
                } else {
                    FieldVector dst = src.getField().createVector(allocator);
                    dst.setInitialCapacity(Math.max(rows.length, 1));
                    dst.allocateNew();
                    TransferPair tp = src.makeTransferPair(dst);
                    for (int i = 0; i < rows.length; i++) {
                        tp.copyValueSafe(rows[i], i);
                    }
                    dst.setValueCount(rows.length);
                    out.add(dst);
                }
            }
        } catch (RuntimeException e) {
            out.forEach(FieldVector::close);
            throw e;
        }
        List<Field> fields = new ArrayList<>(out.size());
        out.forEach(v -> fields.add(v.getField()));
        return new VectorSchemaRoot(fields, out, all ? count : rows.length);
    }

    /** {@code schema} restricted to {@code columns}, in that order. */
    public static Schema project(Schema schema, List<String> columns) {
        if (columns.isEmpty()) {
            return schema;
        }
        List<Field> fields = new ArrayList<>(columns.size());
        for (String c : columns) {
            fields.add(schema.findField(c));
        }
        return new Schema(fields, schema.getCustomMetadata());
    }
}
