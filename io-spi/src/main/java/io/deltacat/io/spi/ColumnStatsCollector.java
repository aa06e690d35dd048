package io.deltacat.io.spi;

import io.deltacat.api.expr.Literals;
import io.deltacat.api.model.ColumnStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Collects per-column min, max and null count over the batches written to one file. Columns whose
 * type has no canonical value get a null count only; a float column that saw NaN, and a string
 * column whose bound exceeds {@value #MAX_STRING_BOUND} characters, get no min/max (unknown never
 * prunes, a wrong bound would).
 */
public final class ColumnStatsCollector {
    /** The longest string bound kept as a min or max (longer ones make the bounds unknown). */
    public static final int MAX_STRING_BOUND = 1024;

    private final Map<String, Acc> columns = new LinkedHashMap<>();

    static final class Acc {
        Object min;
        Object max;
        long nulls;
        boolean boundsUnknown;
    }

    /** Adds the rows of {@code batch}. */
    public void add(VectorSchemaRoot batch) {
        int rows = batch.getRowCount();
        for (FieldVector v : batch.getFieldVectors()) {
            Acc acc = columns.computeIfAbsent(v.getName(), k -> new Acc());
            boolean canonical = ArrowValues.supports(v);
            if (!canonical) {
                acc.boundsUnknown = true;
                acc.nulls += v.getNullCount();
                continue;
            }
            if (FastStats.add(v, rows, acc)) {
                continue;
            }
            for (int i = 0; i < rows; i++) {
                Object value = ArrowValues.canonical(v, i);
                if (value == null) {
                    acc.nulls++;
                    continue;
                }
                if (value instanceof Double && ((Double) value).isNaN()) {
                    acc.boundsUnknown = true;
                    continue;
                }
                if (acc.min == null || Literals.compare(value, acc.min) < 0) {
                    acc.min = value;
                }
                if (acc.max == null || Literals.compare(value, acc.max) > 0) {
                    acc.max = value;
                }
            }
        }
    }

    /** The statistics so far, by column name. */
    public Map<String, ColumnStats> result() {
        Map<String, ColumnStats> out = new LinkedHashMap<>();
        columns.forEach((name, acc) -> {
            boolean known = !acc.boundsUnknown && acc.min != null && fits(acc.min) && fits(acc.max);
            out.put(name, new ColumnStats(known ? Optional.of(acc.min) : Optional.empty(),
                    known ? Optional.of(acc.max) : Optional.empty(), acc.nulls));
        });
        return out;
    }

    private static boolean fits(Object bound) {
        return !(bound instanceof String) || ((String) bound).length() <= MAX_STRING_BOUND;
    }
}
