package io.deltacat.spark;

import io.deltacat.api.expr.Predicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.apache.spark.sql.sources.StringContains;
import org.apache.spark.sql.sources.StringEndsWith;
import org.apache.spark.sql.sources.StringStartsWith;

/**
 * Spark's data source filters as DeltaCAT predicates. A filter translates when every part of it does:
 * comparisons, {@code IN}, null checks, {@code AND}/{@code OR}/{@code NOT} and string prefix, suffix
 * and substring tests (as {@code LIKE}) on top-level columns, with literals the predicate language
 * has (numbers, strings, booleans, decimals, dates, timestamps). Others stay with Spark.
 */
final class Filters {
    private Filters() {
    }

    /** The predicate of {@code filter}, or empty when some part of it has no counterpart. */
    static Optional<Predicate> translate(Filter filter, Set<String> columns) {
        return Optional.ofNullable(convert(filter, columns));
    }

    /** The conjunction of every filter that translates (empty when none does). */
    static Optional<Predicate> conjunction(Filter[] filters, Set<String> columns) {
        List<Predicate> parts = new ArrayList<>();
        for (Filter f : filters) {
            translate(f, columns).ifPresent(parts::add);
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts.size() == 1 ? parts.get(0) : Predicate.and(parts.toArray(new Predicate[0])));
    }

    private static Predicate convert(Filter f, Set<String> columns) {
        if (f instanceof And a) {
            Predicate l = convert(a.left(), columns);
            Predicate r = convert(a.right(), columns);
            return l == null || r == null ? null : Predicate.and(l, r);
        }
        if (f instanceof Or o) {
            Predicate l = convert(o.left(), columns);
            Predicate r = convert(o.right(), columns);
            return l == null || r == null ? null : Predicate.or(l, r);
        }
        if (f instanceof Not n) {
            Predicate p = convert(n.child(), columns);
            return p == null ? null : Predicate.not(p);
        }
        String column = attribute(f);
        if (column == null || !columns.contains(column)) {
            return null;
        }
        if (f instanceof IsNull) {
            return Predicate.isNull(column);
        }
        if (f instanceof IsNotNull) {
            return Predicate.isNotNull(column);
        }
        if (f instanceof In in) {
            List<Object> values = new ArrayList<>();
            for (Object v : in.values()) {
                Object lit = literal(v);
                if (lit == null) {
                    return null; // NULL in an IN list has SQL's three-valued meaning: left to Spark
                }
                values.add(lit);
            }
            return values.isEmpty() ? null : Predicate.in(column, values);
        }
        if (f instanceof StringStartsWith s) {
            return plain(s.value()) ? Predicate.like(column, s.value() + "%") : null;
        }
        if (f instanceof StringEndsWith s) {
            return plain(s.value()) ? Predicate.like(column, "%" + s.value()) : null;
        }
        if (f instanceof StringContains s) {
            return plain(s.value()) ? Predicate.like(column, "%" + s.value() + "%") : null;
        }
        Object value = comparedValue(f);
        if (value == null) {
            return null;
        }
        if (f instanceof EqualTo || f instanceof EqualNullSafe) {
            return Predicate.eq(column, value);
        }
        if (f instanceof GreaterThan) {
            return Predicate.gt(column, value);
        }
        if (f instanceof GreaterThanOrEqual) {
            return Predicate.ge(column, value);
        }
        if (f instanceof LessThan) {
            return Predicate.lt(column, value);
        }
        if (f instanceof LessThanOrEqual) {
            return Predicate.le(column, value);
        }
        return null;
    }

    /** A LIKE pattern made of {@code s} matches exactly {@code s} when it has no wildcard or escape. */
    private static boolean plain(String s) {
        return s.indexOf('%') < 0 && s.indexOf('_') < 0 && s.indexOf('\\') < 0;
    }

    private static String attribute(Filter f) {
        String[] refs = f.references();
        return refs.length == 1 ? refs[0] : null;
    }

    private static Object comparedValue(Filter f) {
        Object v;
        if (f instanceof EqualTo e) {
            v = e.value();
        } else if (f instanceof EqualNullSafe e) {
            v = e.value();
        } else if (f instanceof GreaterThan e) {
            v = e.value();
        } else if (f instanceof GreaterThanOrEqual e) {
            v = e.value();
        } else if (f instanceof LessThan e) {
            v = e.value();
        } else if (f instanceof LessThanOrEqual e) {
            v = e.value();
        } else {
            return null;
        }
        return literal(v);
    }

    /** A Spark filter value as a predicate literal, or null when it has none (null, binary, intervals). */
    static Object literal(Object v) {
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof java.time.LocalDate
                || v instanceof java.time.Instant || v instanceof java.time.LocalDateTime) {
            return v;
        }
        return null;
    }
}
