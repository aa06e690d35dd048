package io.deltacat.api.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A row filter: a small typed expression tree over column values.
 *
 * <pre>{@code
 * Predicate p = Predicate.and(Predicate.eq("task", "pick_screwdriver"), Predicate.ge("score", 0.5));
 * }</pre>
 *
 * <p>Comparisons with a null value are unknown and exclude the row, as in SQL. Literals are plain
 * Java values: {@link String}, {@link Number}, {@link Boolean}, {@link java.time.LocalDate} (for
 * date columns) and {@link java.time.Instant} (for timestamp columns). On the wire a predicate is
 * JSON such as {@code {"eq": ["task", "pick_screwdriver"]}}; see {@link PredicateCodec}.
 */
public sealed interface Predicate
        permits Predicate.Compare, Predicate.In, Predicate.IsNull, Predicate.Between, Predicate.Like,
        Predicate.And, Predicate.Or, Predicate.Not {

    /** Comparison operators and their wire names. */
    enum Op {
        EQ("eq"), NE("ne"), LT("lt"), LE("le"), GT("gt"), GE("ge");

        private final String wireName;

        Op(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        boolean test(int cmp) {
            switch (this) {
                case EQ: return cmp == 0;
                case NE: return cmp != 0;
                case LT: return cmp < 0;
                case LE: return cmp <= 0;
                case GT: return cmp > 0;
                default: return cmp >= 0;
            }
        }
    }

    /** {@code column op value}. */
    record Compare(Op op, String column, Object value) implements Predicate {
        public Compare {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value (use isNull for null checks)");
        }
    }

    /** {@code column IN (values)}. */
    record In(String column, List<Object> values) implements Predicate {
        public In {
            Objects.requireNonNull(column, "column");
            values = List.copyOf(values);
        }
    }

    /** {@code column IS NULL}. */
    record IsNull(String column) implements Predicate {
        public IsNull {
            Objects.requireNonNull(column, "column");
        }
    }

    /** {@code column BETWEEN low AND high}, both ends inclusive. */
    record Between(String column, Object low, Object high) implements Predicate {
        public Between {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }
    }

    /** SQL {@code LIKE} on a string column: {@code %} matches any run, {@code _} one character. */
    record Like(String column, String pattern) implements Predicate {
        public Like {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** All of the operands hold. */
    record And(List<Predicate> operands) implements Predicate {
        public And {
            operands = List.copyOf(operands);
            if (operands.isEmpty()) {
                throw new IllegalArgumentException("and needs at least one operand");
            }
        }
    }

    /** Any of the operands holds. */
    record Or(List<Predicate> operands) implements Predicate {
        public Or {
            operands = List.copyOf(operands);
            if (operands.isEmpty()) {
                throw new IllegalArgumentException("or needs at least one operand");
            }
        }
    }

    /** The operand does not hold (unknown stays unknown). */
    record Not(Predicate operand) implements Predicate {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    static Predicate eq(String column, Object value) {
        return new Compare(Op.EQ, column, value);
    }

    static Predicate ne(String column, Object value) {
        return new Compare(Op.NE, column, value);
    }

    static Predicate lt(String column, Object value) {
        return new Compare(Op.LT, column, value);
    }

    static Predicate le(String column, Object value) {
        return new Compare(Op.LE, column, value);
    }

    static Predicate gt(String column, Object value) {
        return new Compare(Op.GT, column, value);
    }

    static Predicate ge(String column, Object value) {
        return new Compare(Op.GE, column, value);
    }

    static Predicate in(String column, Collection<?> values) {
        return new In(column, new ArrayList<>(values));
    }

    static Predicate in(String column, Object... values) {
        return new In(column, List.of(values));
    }

    static Predicate isNull(String column) {
        return new IsNull(column);
    }

    static Predicate isNotNull(String column) {
        return new Not(new IsNull(column));
    }

    static Predicate between(String column, Object low, Object high) {
        return new Between(column, low, high);
    }

    static Predicate like(String column, String pattern) {
        return new Like(column, pattern);
    }

    static Predicate and(Predicate... operands) {
        return new And(List.of(operands));
    }

    static Predicate or(Predicate... operands) {
        return new Or(List.of(operands));
    }

    static Predicate not(Predicate operand) {
        return new Not(operand);
    }

    /** The columns this predicate reads, in first-use order. */
    default Set<String> columns() {
        Set<String> out = new LinkedHashSet<>();
        PredicateSupport.collectColumns(this, out);
        return out;
    }

    /**
     * Checks every column exists in {@code schema} and every literal fits its column's type, and
     * returns the predicate with literals in their canonical form (see {@link Literals}).
     *
     * @throws io.deltacat.api.error.InvalidRequestException naming the column or literal at fault
     */
    default Predicate bind(Schema schema) {
        return PredicateSupport.bind(this, schema);
    }

    /**
     * Evaluates a bound predicate on one row. {@code row} gives each column's canonical value (or
     * null). Returns {@code TRUE}, {@code FALSE} or {@code null} for unknown.
     */
    default Boolean evaluate(java.util.function.Function<String, Object> row) {
        return PredicateSupport.evaluate(this, row);
    }

    /**
     * Whether any row of a file with the given column statistics might match this bound predicate.
     * False only when the statistics prove no row can match.
     */
    default boolean mightMatch(java.util.function.Function<String, ColumnRange> stats) {
        return PredicateSupport.mightMatch(this, stats);
    }
}
