package io.deltacat.api.expr;

import io.deltacat.api.error.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Canonical forms of values for comparison, one per column type, shared by the client (residual
 * filtering, statistics) and the server (validation, pruning):
 * <ul>
 *   <li>integers: {@link Long}; floating point: {@link Double}; decimal: {@link BigDecimal};</li>
 *   <li>utf8: {@link String}; bool: {@link Boolean};</li>
 *   <li>date: {@link Long} days since the epoch; timestamp: {@link Long} in the column's unit since
 *       the epoch (UTC).</li>
 * </ul>
 */
public final class Literals {
    private Literals() {
    }

    /** Whether values of this type can be compared and filtered on. */
    public static boolean isComparable(ArrowType type) {
        switch (type.getTypeID()) {
            case Int: case FloatingPoint: case Decimal: case Utf8: case LargeUtf8: case Bool:
            case Date: case Timestamp:
                return true;
            default:
                return false;
        }
    }

    /**
     * Converts a literal to the canonical form of {@code type}.
     *
     * @throws InvalidRequestException when the literal cannot be a value of that type
     */
    public static Object normalize(String column, ArrowType type, Object literal) {
        try {
            Object v = convert(type, literal);
            if (v != null) {
                return v;
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            // fall through to the uniform message below
        }
        throw new InvalidRequestException("literal " + describe(literal) + " does not fit column '"
                + column + "' of type " + typeName(type));
    }

    /** A short, readable name of an Arrow type for messages, e.g. {@code int64}, {@code utf8}. */
    public static String typeName(ArrowType type) {
        switch (type.getTypeID()) {
            case Int: {
                ArrowType.Int t = (ArrowType.Int) type;
                return (t.getIsSigned() ? "int" : "uint") + t.getBitWidth();
            }
            case FloatingPoint:
                return ((ArrowType.FloatingPoint) type).getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE
                        ? "float32" : ((ArrowType.FloatingPoint) type).getPrecision()
                        == org.apache.arrow.vector.types.FloatingPointPrecision.HALF ? "float16" : "float64";
            case Utf8: return "utf8";
            case LargeUtf8: return "large_utf8";
            case Bool: return "bool";
            case Binary: return "binary";
            default: return type.toString().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static String describe(Object literal) {
        return literal instanceof String ? "'" + literal + "'" : String.valueOf(literal)
                + " (" + literal.getClass().getSimpleName() + ")";
    }

    private static Object convert(ArrowType type, Object v) {
        switch (type.getTypeID()) {
            case Int:
                if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    return ((Number) v).longValue();
                }
                if (v instanceof BigDecimal) {
                    return ((BigDecimal) v).longValueExact();
                }
                if (v instanceof java.math.BigInteger) {
                    return ((java.math.BigInteger) v).longValueExact();
                }
                if (v instanceof Double || v instanceof Float) {
                    double d = ((Number) v).doubleValue();
                    return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Object) (long) d : null;
                }
                return null;
            case FloatingPoint:
                return v instanceof Number ? (Object) ((Number) v).doubleValue() : null;
            case Decimal:
                if (v instanceof BigDecimal) {
                    return ((BigDecimal) v).stripTrailingZeros();
                }
                if (v instanceof Number) {
                    return new BigDecimal(v.toString()).stripTrailingZeros();
                }
                return v instanceof String ? new BigDecimal((String) v).stripTrailingZeros() : null;
            case Utf8: case LargeUtf8:
                return v instanceof String ? v : v instanceof CharSequence ? v.toString() : null;
            case Bool:
                return v instanceof Boolean ? v : null;
            case Date:
                if (v instanceof LocalDate) {
                    return ((LocalDate) v).toEpochDay();
                }
                if (v instanceof String) {
                    return LocalDate.parse((String) v).toEpochDay();
                }
                return isIntegral(v) ? (Object) ((Number) v).longValue() : null;
            case Timestamp: {
                TimeUnit unit = unitOf((ArrowType.Timestamp) type);
                if (v instanceof Instant) {
                    return fromInstant((Instant) v, unit);
                }
                if (v instanceof LocalDateTime) {
                    return fromInstant(((LocalDateTime) v).toInstant(ZoneOffset.UTC), unit);
                }
                if (v instanceof OffsetDateTime) {
                    return fromInstant(((OffsetDateTime) v).toInstant(), unit);
                }
                if (v instanceof String) {
                    String s = (String) v;
                    Instant instant = s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")
                            ? OffsetDateTime.parse(s).toInstant()
                            : LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
                    return fromInstant(instant, unit);
                }
                return isIntegral(v) ? (Object) ((Number) v).longValue() : null;
            }
            default:
                return null;
        }
    }

    /** Compares strings by code point, which differs from {@link String#compareTo} only around surrogates. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static boolean isIntegral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
    }

    /** The time unit of a timestamp type as a {@link TimeUnit}. */
    public static TimeUnit unitOf(ArrowType.Timestamp type) {
        switch (type.getUnit()) {
            case SECOND: return TimeUnit.SECONDS;
            case MILLISECOND: return TimeUnit.MILLISECONDS;
            case MICROSECOND: return TimeUnit.MICROSECONDS;
            default: return TimeUnit.NANOSECONDS;
        }
    }

    private static long fromInstant(Instant i, TimeUnit unit) {
        long seconds = i.getEpochSecond();
        long nanos = i.getNano();
        switch (unit) {
            case SECONDS: return seconds;
            case MILLISECONDS: return Math.addExact(Math.multiplyExact(seconds, 1000L), nanos / 1_000_000L);
            case MICROSECONDS: return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000L);
            default: return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
        }
    }

    /**
     * Compares two canonical values of one column type. Numbers of different boxes compare by value;
     * strings by Unicode code point (the order of their UTF-8 bytes, as Parquet statistics use).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof Long && b instanceof Long) {
            return Long.compare((Long) a, (Long) b);
        }
        if (a instanceof String && b instanceof String) {
            return compareCodePoints((String) a, (String) b);
        }
        if (a instanceof Number && b instanceof Number) {
            if (a instanceof BigDecimal || b instanceof BigDecimal) {
                return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
            }
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        return ((Comparable) a).compareTo(b);
    }
}
