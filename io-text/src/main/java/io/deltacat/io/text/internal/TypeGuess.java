package io.deltacat.io.text.internal;

import io.deltacat.api.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The type of a column inferred from its values when no schema is given: int64, float64, bool,
 * date32, timestamp (microseconds, or nanoseconds when a value needs them; UTC when values carry an
 * offset), utf8 otherwise; for JSON also lists and structs. Every inferred column is nullable; a column
 * with only nulls is utf8.
 */
final class TypeGuess {
    enum Kind { NONE, BOOL, INT, FLOAT, DATE, TIMESTAMP, STRING, LIST, STRUCT }

    private static final Pattern INT = Pattern.compile("[+-]?(0|[1-9][0-9]*)");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
    private static final Pattern LEADING_ZERO = Pattern.compile("[+-]?0[0-9].*");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Kind kind = Kind.NONE;
    private boolean zoned;
    private boolean unzoned;
    private boolean nanos;
    private TypeGuess element;
    private Map<String, TypeGuess> fields;

    Kind kind() {
        return kind;
    }

    /** A value seen as text (a CSV field, or a JSON string when {@code onlyTemporal}). */
    void text(String s, boolean onlyTemporal) {
        String t = s.trim();
        if (!onlyTemporal) {
            if (LEADING_ZERO.matcher(t).matches()) {
                merge(Kind.STRING); // 007 is a code, not a number: keep its text
                return;
            }
            if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                merge(Kind.BOOL);
                return;
            }
            if (INT.matcher(t).matches()) {
                try {
                    Long.parseLong(t);
                    merge(Kind.INT);
                    return;
                } catch (NumberFormatException e) {
                    merge(Kind.FLOAT);
                    return;
                }
            }
            if (FLOAT.matcher(t).matches()) {
                merge(Kind.FLOAT);
                return;
            }
        }
        if (DATE.matcher(t).matches()) {
            try {
                java.time.LocalDate.parse(t);
                merge(Kind.DATE);
                return;
            } catch (RuntimeException e) {
                merge(Kind.STRING);
                return;
            }
        }
        if (t.length() > 10 && (t.charAt(10) == 'T' || t.charAt(10) == ' ')) {
            try {
                TextValues.Instant at = TextValues.parseDateTime(t, null);
                if (at != null) {
                    merge(Kind.TIMESTAMP);
                    if (at.offset()) {
                        zoned = true;
                    } else {
                        unzoned = true;
                    }
                    nanos |= at.fractionDigits() > 6;
                    return;
                }
            } catch (RuntimeException e) {
                // not a valid date-time: a string
            }
        }
        merge(Kind.STRING);
    }

    /** A JSON scalar of a known kind. */
    void scalar(Kind k) {
        merge(k);
    }

    /** The element guess of a list column (makes this a list). */
    TypeGuess element() {
        merge(Kind.LIST);
        if (element == null) {
            element = new TypeGuess();
        }
        return element;
    }

    /** The guess of a struct field (makes this a struct). */
    TypeGuess field(String name) {
        merge(Kind.STRUCT);
        if (fields == null) {
            fields = new LinkedHashMap<>();
        }
        return fields.computeIfAbsent(name, n -> new TypeGuess());
    }

    /** Marks this a struct even when it has no fields yet. */
    void struct() {
        merge(Kind.STRUCT);
        if (fields == null) {
            fields = new LinkedHashMap<>();
        }
    }

    private void merge(Kind k) {
        if (kind == k || k == Kind.NONE) {
            return;
        }
        if (kind == Kind.NONE) {
            kind = k;
            return;
        }
        if (kind == Kind.LIST || kind == Kind.STRUCT || k == Kind.LIST || k == Kind.STRUCT) {
            throw new ConflictingTypes(kind, k);
        }
        if ((kind == Kind.INT && k == Kind.FLOAT) || (kind == Kind.FLOAT && k == Kind.INT)) {
            kind = Kind.FLOAT;
        } else if ((kind == Kind.DATE && k == Kind.TIMESTAMP) || (kind == Kind.TIMESTAMP && k == Kind.DATE)) {
            kind = Kind.TIMESTAMP;
            unzoned = true;
        } else {
            kind = Kind.STRING;
        }
    }

    /** Values of a column mix nested and other kinds: no type can hold them. */
    static final class ConflictingTypes extends RuntimeException {
        ConflictingTypes(Kind a, Kind b) {
            super("values mix " + a.name().toLowerCase() + " and " + b.name().toLowerCase());
        }
    }

    Field toField(String name) {
        switch (kind) {
            case BOOL:
                return leaf(name, ArrowType.Bool.INSTANCE);
            case INT:
                return leaf(name, new ArrowType.Int(64, true));
            case FLOAT:
                return leaf(name, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
            case DATE:
                return leaf(name, new ArrowType.Date(DateUnit.DAY));
            case TIMESTAMP:
                if (zoned && unzoned) {
                    return leaf(name, ArrowType.Utf8.INSTANCE);
                }
                return leaf(name, new ArrowType.Timestamp(nanos ? TimeUnit.NANOSECOND : TimeUnit.MICROSECOND,
                        zoned ? "UTC" : null));
            case LIST:
                return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(element.toField("item")));
            case STRUCT: {
                if (fields.isEmpty()) {
                    throw new InvalidRequestException("column '" + name
                            + "' only holds empty objects: no type can be inferred, pass a schema");
                }
                List<Field> children = new ArrayList<>();
                fields.forEach((n, g) -> children.add(g.toField(n)));
                return new Field(name, FieldType.nullable(ArrowType.Struct.INSTANCE), children);
            }
            default:
                return leaf(name, ArrowType.Utf8.INSTANCE);
        }
    }

    private static Field leaf(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }
}
