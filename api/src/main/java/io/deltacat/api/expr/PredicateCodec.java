package io.deltacat.api.expr;

import io.deltacat.api.error.InvalidRequestException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts predicates to and from their wire form, built of plain JSON-shaped Java values
 * ({@link Map}, {@link List}, {@link String}, {@link Number}, {@link Boolean}), so any JSON library
 * can carry them:
 *
 * <pre>
 * {"eq": ["task", "pick_screwdriver"]}        {"in": ["id", [1, 2, 3]]}
 * {"between": ["age", 1, 9]}                  {"is_null": "age"}
 * {"like": ["name", "Ch%"]}                   {"and": [p1, p2]}   {"or": [p1, p2]}   {"not": p}
 * </pre>
 * Dates and instants travel as ISO-8601 strings.
 */
public final class PredicateCodec {
    private PredicateCodec() {
    }

    /** The wire form of {@code p}. */
    public static Map<String, Object> toWire(Predicate p) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (p instanceof Predicate.Compare) {
            Predicate.Compare c = (Predicate.Compare) p;
            out.put(c.op().wireName(), List.of(c.column(), literalToWire(c.value())));
        } else if (p instanceof Predicate.In) {
            Predicate.In in = (Predicate.In) p;
            List<Object> values = new ArrayList<>();
            in.values().forEach(v -> values.add(literalToWire(v)));
            out.put("in", List.of(in.column(), values));
        } else if (p instanceof Predicate.IsNull) {
            out.put("is_null", ((Predicate.IsNull) p).column());
        } else if (p instanceof Predicate.Between) {
            Predicate.Between b = (Predicate.Between) p;
            out.put("between", List.of(b.column(), literalToWire(b.low()), literalToWire(b.high())));
        } else if (p instanceof Predicate.Like) {
            Predicate.Like l = (Predicate.Like) p;
            out.put("like", List.of(l.column(), l.pattern()));
        } else if (p instanceof Predicate.And) {
            List<Object> ops = new ArrayList<>();
            ((Predicate.And) p).operands().forEach(o -> ops.add(toWire(o)));
            out.put("and", ops);
        } else if (p instanceof Predicate.Or) {
            List<Object> ops = new ArrayList<>();
            ((Predicate.Or) p).operands().forEach(o -> ops.add(toWire(o)));
            out.put("or", ops);
        } else {
            out.put("not", toWire(((Predicate.Not) p).operand()));
        }
        return out;
    }

    private static Object literalToWire(Object v) {
        if (v instanceof LocalDate || v instanceof Instant || v instanceof LocalDateTime
                || v instanceof OffsetDateTime) {
            return v.toString();
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        return v;
    }

    /**
     * Parses the wire form.
     *
     * @throws InvalidRequestException for an unknown operator or a malformed node, naming it
     */
    public static Predicate fromWire(Object node) {
        if (!(node instanceof Map) || ((Map<?, ?>) node).size() != 1) {
            throw new InvalidRequestException("a filter node must be an object with exactly one operator, got: "
                    + abbreviate(node));
        }
        Map.Entry<?, ?> e = ((Map<?, ?>) node).entrySet().iterator().next();
        String op = String.valueOf(e.getKey());
        Object arg = e.getValue();
        switch (op) {
            case "eq": case "ne": case "lt": case "le": case "gt": case "ge": {
                List<?> a = args(op, arg, 2);
                return new Predicate.Compare(Predicate.Op.valueOf(op.toUpperCase(java.util.Locale.ROOT)),
                        column(op, a.get(0)), literal(op, a.get(1)));
            }
            case "in": {
                List<?> a = args(op, arg, 2);
                if (!(a.get(1) instanceof List)) {
                    throw new InvalidRequestException("'in' needs [column, [values...]]");
                }
                List<Object> values = new ArrayList<>();
                for (Object v : (List<?>) a.get(1)) {
                    values.add(literal(op, v));
                }
                return new Predicate.In(column(op, a.get(0)), values);
            }
            case "between": {
                List<?> a = args(op, arg, 3);
                return new Predicate.Between(column(op, a.get(0)), literal(op, a.get(1)), literal(op, a.get(2)));
            }
            case "like": {
                List<?> a = args(op, arg, 2);
                if (!(a.get(1) instanceof String)) {
                    throw new InvalidRequestException("'like' needs a string pattern");
                }
                return new Predicate.Like(column(op, a.get(0)), (String) a.get(1));
            }
            case "is_null": {
                Object col = arg instanceof List && ((List<?>) arg).size() == 1 ? ((List<?>) arg).get(0) : arg;
                return new Predicate.IsNull(column(op, col));
            }
            case "and": case "or": {
                if (!(arg instanceof List) || ((List<?>) arg).isEmpty()) {
                    throw new InvalidRequestException("'" + op + "' needs a non-empty list of filters");
                }
                List<Predicate> ops = new ArrayList<>();
                for (Object o : (List<?>) arg) {
                    ops.add(fromWire(o));
                }
                return op.equals("and") ? new Predicate.And(ops) : new Predicate.Or(ops);
            }
            case "not":
                return new Predicate.Not(fromWire(arg));
            default:
                throw new InvalidRequestException("unknown filter operator '" + op
                        + "'; known: eq, ne, lt, le, gt, ge, in, between, like, is_null, and, or, not");
        }
    }

    private static List<?> args(String op, Object arg, int n) {
        if (!(arg instanceof List) || ((List<?>) arg).size() != n) {
            throw new InvalidRequestException("'" + op + "' needs a list of " + n + " arguments, got: "
                    + abbreviate(arg));
        }
        return (List<?>) arg;
    }

    private static String column(String op, Object c) {
        if (!(c instanceof String) || ((String) c).isEmpty()) {
            throw new InvalidRequestException("'" + op + "' needs a column name first, got: " + abbreviate(c));
        }
        return (String) c;
    }

    private static Object literal(String op, Object v) {
        if (v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Double || v instanceof BigDecimal || v instanceof Short || v instanceof Byte
                || v instanceof Float) {
            return v;
        }
        if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        }
        throw new InvalidRequestException("'" + op + "' has an invalid literal: " + abbreviate(v)
                + " (expected a string, number or boolean)");
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
