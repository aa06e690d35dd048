package io.deltacat.client.internal;

import io.deltacat.api.expr.Literals;
import io.deltacat.api.model.SortKey;
import io.deltacat.io.spi.ArrowValues;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The row order of a batch under sort keys: canonical values compared per key (strings by code point),
 * ascending or descending, nulls first or last; ties keep their input order (the sort is stable).
 */
final class FileSorter {
    private FileSorter() {
    }

    /** The row indices of {@code batch} in sorted order. */
    static int[] order(VectorSchemaRoot batch, List<SortKey> keys) {
        int rows = batch.getRowCount();
        Object[][] values = new Object[keys.size()][];
        for (int k = 0; k < keys.size(); k++) {
            FieldVector v = batch.getVector(keys.get(k).column());
            Object[] col = new Object[rows];
            for (int r = 0; r < rows; r++) {
                col[r] = ArrowValues.canonical(v, r);
            }
            values[k] = col;
        }
        Comparator<Integer> cmp = (a, b) -> {
            for (int k = 0; k < keys.size(); k++) {
                int c = compare(keys.get(k), values[k][a], values[k][b]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        return IntStream.range(0, rows).boxed().sorted(cmp).mapToInt(Integer::intValue).toArray();
    }

    static int compare(SortKey key, Object a, Object b) {
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            int nullFirst = key.nulls() == SortKey.Nulls.FIRST ? -1 : 1;
            return a == null ? nullFirst : -nullFirst;
        }
        int c = Literals.compare(a, b);
        return key.order() == SortKey.Order.DESCENDING ? -c : c;
    }
}
