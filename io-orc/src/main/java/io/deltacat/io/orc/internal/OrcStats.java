package io.deltacat.io.orc.internal;

import io.deltacat.api.expr.ColumnRange;
import io.deltacat.api.expr.Predicate;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import io.deltacat.bundle.orc.shaded.ColumnStatistics;
import io.deltacat.bundle.orc.shaded.DateColumnStatistics;
import io.deltacat.bundle.orc.shaded.DecimalColumnStatistics;
import io.deltacat.bundle.orc.shaded.DoubleColumnStatistics;
import io.deltacat.bundle.orc.shaded.IntegerColumnStatistics;
import io.deltacat.bundle.orc.shaded.StringColumnStatistics;
import io.deltacat.bundle.orc.shaded.StripeStatistics;
import io.deltacat.bundle.orc.shaded.TypeDescription;

/** Stripe pruning with the advisory filter: ORC stripe statistics as canonical column ranges. */
final class OrcStats {
    private OrcStats() {
    }

    /** Whether a row of the stripe might match, judged by its statistics; never false when unsure. */
    static boolean mightMatch(Predicate filter, TypeDescription fileSchema, Map<String, Field> storedFields,
                              StripeStatistics stats, long rows) {
        try {
            ColumnStatistics[] columns = stats.getColumnStatistics();
            return filter.mightMatch(column -> range(fileSchema, storedFields, columns, column, rows));
        } catch (RuntimeException e) {
            return true; // statistics that cannot be interpreted never prune
        }
    }

    private static ColumnRange range(TypeDescription fileSchema, Map<String, Field> storedFields,
                                     ColumnStatistics[] columns, String column, long rows) {
        int index = fileSchema.getFieldNames().indexOf(column);
        if (index < 0) {
            return ColumnRange.UNKNOWN;
        }
        TypeDescription type = fileSchema.getChildren().get(index);
        if (type.getId() >= columns.length || !type.getCategory().isPrimitive()) {
            return ColumnRange.UNKNOWN;
        }
        ColumnStatistics s = columns[type.getId()];
        long nulls = s.hasNull() ? rows - s.getNumberOfValues() : 0;
        Object min = null;
        Object max = null;
        if (s.getNumberOfValues() > 0) {
            Field field = OrcTypes.toArrow(column, type, storedFields.get(column));
            switch (field.getType().getTypeID()) {
                case Int:
                    if (s instanceof IntegerColumnStatistics) {
                        min = ((IntegerColumnStatistics) s).getMinimum();
                        max = ((IntegerColumnStatistics) s).getMaximum();
                    }
                    break;
                case FloatingPoint:
                    if (s instanceof DoubleColumnStatistics) {
                        double lo = ((DoubleColumnStatistics) s).getMinimum();
                        double hi = ((DoubleColumnStatistics) s).getMaximum();
                        if (!Double.isNaN(lo) && !Double.isNaN(hi)) {
                            min = lo;
                            max = hi;
                        }
                    }
                    break;
                case Date:
                    if (s instanceof DateColumnStatistics) {
                        min = ((DateColumnStatistics) s).getMinimumDayOfEpoch();
                        max = ((DateColumnStatistics) s).getMaximumDayOfEpoch();
                    }
                    break;
                case Utf8:
                    if (s instanceof StringColumnStatistics) {
                        // null when ORC truncated the value; UTF-8 order equals String order without surrogates
                        String lo = ((StringColumnStatistics) s).getMinimum();
                        String hi = ((StringColumnStatistics) s).getMaximum();
                        if (lo != null && hi != null && lo.chars().noneMatch(c -> c >= 0xD800)
                                && hi.chars().noneMatch(c -> c >= 0xD800)) {
                            min = lo;
                            max = hi;
                        }
                    }
                    break;
                case Decimal:
                    if (s instanceof DecimalColumnStatistics && ((DecimalColumnStatistics) s).getMinimum() != null
                            && ((DecimalColumnStatistics) s).getMaximum() != null) {
                        min = ((DecimalColumnStatistics) s).getMinimum().bigDecimalValue().stripTrailingZeros();
                        max = ((DecimalColumnStatistics) s).getMaximum().bigDecimalValue().stripTrailingZeros();
                    }
                    break;
                default:
                    break; // timestamps (millisecond statistics), booleans, binary: no range
            }
        }
        return new ColumnRange(min, max, nulls, rows);
    }
}
