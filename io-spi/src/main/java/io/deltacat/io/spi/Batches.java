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
     * Refuses a batch with a null in a column that {@code schema} declares non-nullable (top-level
     * columns), before anything of it is written: a provider's writer calls it first, so a file never
     * holds a null its own schema says cannot be there.
     *
     * <pre>{@code
     * public void write(VectorSchemaRoot batch) {
     *     Batches.requireNoNullsInRequiredColumns(schema, batch, uri);
     *     ...
     * }
     * }</pre>
     *
     * @param where the file being written, for the message
     * @throws io.deltacat.api.error.InvalidRequestException naming the column and the first row with a null
     */
    public static void requireNoNullsInRequiredColumns(Schema schema, VectorSchemaRoot batch, String where) {
        List<Field> fields = schema.getFields();
        int rows = batch.getRowCount();
        for (int c = 0; c < fields.size() && c < batch.getFieldVectors().size(); c++) {
            FieldVector v = batch.getFieldVectors().get(c);
            if (fields.get(c).isNullable() || rows == 0 || v.getNullCount() == 0) {
                continue;
            }
            int row = 0;
            while (row < rows && !v.isNull(row)) {
                row++;
            }
            throw new io.deltacat.api.error.InvalidRequestException("column '" + fields.get(c).getName()
                    + "' is declared non-null, but row " + row + " of the batch written to " + where
                    + " holds a null; nothing of the batch was written");
        }
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
        return rows.length == batch.getRowCount() ? takeAll(batch, columns, allocator)
                : copy(batch, columns, rows, allocator);
    }

    /** {@link #take} of every row: the {@code columns} of {@code batch} transferred into a new batch. */
    public static VectorSchemaRoot takeAll(VectorSchemaRoot batch, List<String> columns, BufferAllocator allocator) {
        List<FieldVector> out = new ArrayList<>(columns.size());
        for (String c : columns) {
            TransferPair tp = batch.getVector(c).getTransferPair(allocator);
            tp.transfer();
            out.add((FieldVector) tp.getTo());
        }
        return root(out, batch.getRowCount());
    }

    /**
     * A copy, allocated from {@code allocator}, of the {@code columns} of {@code batch} (in that
     * order) at the rows {@code rows}, in the order given (repeats allowed); {@code batch} is left
     * as it is. The caller closes the result.
     */
    public static VectorSchemaRoot copy(VectorSchemaRoot batch, List<String> columns, int[] rows,
                                        BufferAllocator allocator) {
        List<FieldVector> out = new ArrayList<>(columns.size());
        try {
            for (String c : columns) {
                FieldVector src = batch.getVector(c);
                FieldVector dst = src.getField().createVector(allocator);
                out.add(dst);
                dst.setInitialCapacity(Math.max(rows.length, 1));
                dst.allocateNew();
                TransferPair tp = src.makeTransferPair(dst);
                for (int i = 0; i < rows.length; i++) {
                    tp.copyValueSafe(rows[i], i);
                }
                dst.setValueCount(rows.length);
            }
        } catch (RuntimeException e) {
            out.forEach(FieldVector::close);
            throw e;
        }
        return root(out, rows.length);
    }

    private static VectorSchemaRoot root(List<FieldVector> vectors, int rows) {
        List<Field> fields = new ArrayList<>(vectors.size());
        vectors.forEach(v -> fields.add(v.getField()));
        return new VectorSchemaRoot(fields, vectors, rows);
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
