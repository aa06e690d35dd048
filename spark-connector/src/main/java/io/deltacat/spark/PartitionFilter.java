package io.deltacat.spark;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.TableInfo;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.apache.spark.sql.sources.AlwaysFalse;
import org.apache.spark.sql.sources.AlwaysTrue;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;

/**
 * The filter of an overwrite ({@code df.writeTo(t).overwrite(cond)}, {@code INSERT OVERWRITE t PARTITION
 * (k = v)}), decided per data file from its partition values. That is exact only when every column the
 * filter names is an identity partition key of the table (every row of a file then has the file's
 * value), so any other filter is refused when the write is built: the table has no row-level delete by
 * predicate, and deleting approximately is not an option. Evaluation follows SQL's three-valued logic: a
 * file's rows are replaced when the filter is {@code true} for them, kept when it is false or unknown.
 */
final class PartitionFilter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Filter[] filters;
    /** Identity partition column name to its index among the table's partition keys. */
    private final HashMap<String, Integer> keys;

    private PartitionFilter(Filter[] filters, HashMap<String, Integer> keys) {
        this.filters = filters;
        this.keys = keys;
    }

    /**
     * The overwrite filter of {@code table}.
     *
     * @throws UnsupportedFeatureException when a filter names a column that is not an identity partition
     *         key, or uses an operator or value this class cannot decide exactly
     */
    static PartitionFilter of(TableInfo table, Filter[] filters) {
        HashMap<String, Integer> keys = new HashMap<>();
        List<PartitionKey> pk = table.partitionKeys();
        for (int i = 0; i < pk.size(); i++) {
            if (pk.get(i).transform() == PartitionKey.Transform.IDENTITY) {
                keys.put(pk.get(i).column(), i);
            }
        }
        PartitionFilter f = new PartitionFilter(filters.clone(), keys);
        for (Filter part : filters) {
            for (String column : part.references()) {
                if (!keys.containsKey(column)) {
                    throw new UnsupportedFeatureException("cannot overwrite " + table.namespace() + "." + table.name()
                            + " where " + part + ": column '" + column + "' is not an identity partition column "
                            + "(identity partition columns: " + keys.keySet() + "), and DeltaCAT tables have no "
                            + "row-level delete by predicate; overwrite by identity partition values, use dynamic "
                            + "partition overwrite, or replace the whole table");
                }
            }
            f.check(part);
        }
        return f;
    }

    /** Whether the rows of a file with these partition values are replaced by the overwrite. */
    boolean replaces(List<Object> partitionValues) {
        for (Filter part : filters) {
            if (!Boolean.TRUE.equals(eval(part, partitionValues))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return Arrays.toString(filters);
    }

    /** Refuses operators {@link #eval} does not know, before any file is looked at. */
    private void check(Filter f) {
        if (f instanceof And a) {
            check(a.left());
            check(a.right());
        } else if (f instanceof Or o) {
            check(o.left());
            check(o.right());
        } else if (f instanceof Not n) {
            check(n.child());
        } else if (!(f instanceof EqualTo || f instanceof EqualNullSafe || f instanceof In || f instanceof IsNull
                || f instanceof IsNotNull || f instanceof GreaterThan || f instanceof GreaterThanOrEqual
                || f instanceof LessThan || f instanceof LessThanOrEqual || f instanceof AlwaysTrue
                || f instanceof AlwaysFalse)) {
            throw new UnsupportedFeatureException("cannot overwrite where " + f + ": only comparisons, IN, null "
                    + "checks, AND, OR and NOT of identity partition columns are decided exactly");
        }
    }

    /** Three-valued: TRUE, FALSE or null (unknown). */
    private Boolean eval(Filter f, List<Object> values) {
        if (f instanceof AlwaysTrue) {
            return true;
        }
        if (f instanceof AlwaysFalse) {
            return false;
        }
        if (f instanceof And a) {
            Boolean l = eval(a.left(), values);
            Boolean r = eval(a.right(), values);
            return Boolean.FALSE.equals(l) || Boolean.FALSE.equals(r) ? Boolean.FALSE : l == null || r == null ? null : true;
        }
        if (f instanceof Or o) {
            Boolean l = eval(o.left(), values);
            Boolean r = eval(o.right(), values);
            return Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r) ? Boolean.TRUE : l == null || r == null ? null : false;
        }
        if (f instanceof Not n) {
            Boolean c = eval(n.child(), values);
            return c == null ? null : !c;
        }
        Object v = values.get(keys.get(f.references()[0]));
        if (f instanceof IsNull) {
            return v == null;
        }
        if (f instanceof IsNotNull) {
            return v != null;
        }
        if (f instanceof EqualNullSafe e) {
            return v == null || e.value() == null ? v == e.value() : compare(v, e.value(), f) == 0;
        }
        if (f instanceof In in) {
            boolean unknown = v == null;
            for (Object candidate : in.values()) {
                if (candidate == null) {
                    unknown = true;
                } else if (v != null && compare(v, candidate, f) == 0) {
                    return true;
                }
            }
            return unknown ? null : false;
        }
        Object literal = literal(f);
        if (v == null || literal == null) {
            return null;
        }
        int c = compare(v, literal, f);
        if (f instanceof EqualTo) {
            return c == 0;
        }
        if (f instanceof GreaterThan) {
            return c > 0;
        }
        if (f instanceof GreaterThanOrEqual) {
            return c >= 0;
        }
        if (f instanceof LessThan) {
            return c < 0;
        }
        return c <= 0; // LessThanOrEqual: check() let nothing else through
    }

    private static Object literal(Filter f) {
        if (f instanceof EqualTo e) {
            return e.value();
        }
        if (f instanceof GreaterThan g) {
            return g.value();
        }
        if (f instanceof GreaterThanOrEqual g) {
            return g.value();
        }
        if (f instanceof LessThan l) {
            return l.value();
        }
        return ((LessThanOrEqual) f).value();
    }

    /**
     * Compares a file's partition value with a Spark literal: numbers as numbers, strings and booleans as
     * themselves. Other values (dates, timestamps, binary) are refused rather than guessed at.
     */
    private static int compare(Object partitionValue, Object literal, Filter f) {
        if (partitionValue instanceof Number a && literal instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        if (partitionValue instanceof String a && literal instanceof String b) {
            return a.compareTo(b);
        }
        if (partitionValue instanceof Boolean a && literal instanceof Boolean b) {
            return Boolean.compare(a, b);
        }
        throw new UnsupportedFeatureException("cannot overwrite where " + f + ": a partition value "
                + partitionValue + " (" + partitionValue.getClass().getSimpleName() + ") cannot be compared exactly "
                + "with " + literal + " (" + literal.getClass().getSimpleName() + "); overwrite by partitions of "
                + "string, integer or boolean columns, or use dynamic partition overwrite");
    }

    /** The partition values of a file as a key that compares equal across their JSON and Java forms. */
    static List<String> key(List<Object> partitionValues) {
        return partitionValues.stream().map(v -> v == null ? "\u0000null" : v instanceof Number n
                ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : v.toString()).toList();
    }
}
