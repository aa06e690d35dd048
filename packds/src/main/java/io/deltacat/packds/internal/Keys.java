package io.deltacat.packds.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/** Episode and merge keys in canonical form (as {@code io.deltacat.io.spi.ArrowValues} reads them) and their order. */
public final class Keys {
    private Keys() {
    }

    /** Orders canonical keys: numbers by value, strings by code point, booleans false first. */
    public static final Comparator<Object> ORDER = Keys::compare;

    /** The canonical form of a key a caller gives (an {@code Integer} becomes a {@code Long}, ...). */
    public static Object canonical(Object key) {
        if (key == null) {
            throw new InvalidRequestException("an episode key must not be null");
        }
        if (key instanceof Integer || key instanceof Short || key instanceof Byte) {
            return ((Number) key).longValue();
        }
        if (key instanceof BigDecimal) {
            return ((BigDecimal) key).stripTrailingZeros();
        }
        if (key instanceof java.time.LocalDate) {
            return ((java.time.LocalDate) key).toEpochDay();
        }
        if (key instanceof Long || key instanceof String || key instanceof Boolean || key instanceof Double) {
            return key;
        }
        throw new InvalidRequestException("an episode key of type " + key.getClass().getSimpleName()
                + " is not supported (integers, strings, booleans, decimals, dates)");
    }

    /** Compares two canonical keys of one column. */
    public static int compare(Object a, Object b) {
        if (a instanceof String && b instanceof String) {
            return Literals.compareCodePoints((String) a, (String) b);
        }
        if (a instanceof Long && b instanceof Long) {
            return Long.compare((Long) a, (Long) b);
        }
        if (a instanceof BigDecimal && b instanceof BigDecimal) {
            return ((BigDecimal) a).compareTo((BigDecimal) b);
        }
        if (a instanceof Boolean && b instanceof Boolean) {
            return Boolean.compare((Boolean) a, (Boolean) b);
        }
        if (a instanceof Number && b instanceof Number) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        throw new IllegalArgumentException("keys of different types: " + a + ", " + b);
    }

    /** Compares two composite keys column by column (nulls first). */
    public static int compareTuples(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x == null || y == null) {
                if (x != y) {
                    return x == null ? -1 : 1;
                }
                continue;
            }
            int c = compare(x, y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
