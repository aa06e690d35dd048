package io.deltacat.io.text.internal;

import io.deltacat.api.error.InvalidRequestException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Scalar values as text, exactly: which Arrow types a text format can hold, how a value is written
 * and how it is parsed back. Integers and floats in decimal (floats in Java's shortest round-trip
 * form), booleans {@code true}/{@code false}, binary as base64, decimals as plain decimal strings,
 * dates {@code yyyy-MM-dd}, times {@code HH:mm:ss[.fraction]}, timestamps
 * {@code yyyy-MM-ddTHH:mm:ss[.fraction]} with as many fraction digits as the unit holds, and
 * {@code Z} appended for timestamps with a time zone (the instant, in UTC).
 */
final class TextValues {
    private TextValues() {
    }

    /** Whether {@code type} is a scalar type text can represent exactly. */
    static boolean scalar(ArrowType type) {
        switch (type.getTypeID()) {
            case Int:
            case Bool:
            case Utf8:
            case LargeUtf8:
            case Binary:
            case LargeBinary:
            case FixedSizeBinary:
            case Decimal:
            case Time:
            case Timestamp:
                return true;
            case FloatingPoint:
                return ((ArrowType.FloatingPoint) type).getPrecision() != FloatingPointPrecision.HALF;
            case Date:
                return ((ArrowType.Date) type).getUnit() == DateUnit.DAY;
            default:
                return false;
        }
    }

    /** Whether values of {@code type} are written as numbers (unquoted in CSV, numbers in JSON). */
    static boolean numeric(ArrowType type) {
        switch (type.getTypeID()) {
            case Int:
            case FloatingPoint:
            case Decimal:
                return true;
            default:
                return false;
        }
    }

    /**
     * Checks every column of {@code schema} can be written by {@code format}; nested types (list,
     * struct) only when {@code nested} is allowed.
     *
     * @throws InvalidRequestException naming the first column (path) and type that cannot be held
     */
    static void check(String format, Schema schema, boolean nested) {
        for (Field f : schema.getFields()) {
            check(format, f, f.getName(), nested);
        }
    }

    private static void check(String format, Field f, String path, boolean nested) {
        ArrowType t = f.getType();
        if (f.getDictionary() != null) {
            throw unsupported(format, path, "dictionary-encoded " + describe(f));
        }
        if (scalar(t)) {
            return;
        }
        if (nested && t.getTypeID() == ArrowType.ArrowTypeID.List) {
            check(format, f.getChildren().get(0), path + "[]", true);
            return;
        }
        if (nested && t.getTypeID() == ArrowType.ArrowTypeID.Struct) {
            if (f.getChildren().isEmpty()) {
                throw unsupported(format, path, "struct without fields");
            }
            for (Field c : f.getChildren()) {
                check(format, c, path + "." + c.getName(), true);
            }
            return;
        }
        throw unsupported(format, path, describe(f));
    }

    /** A field's whole type as users write it: {@code list<int32>}, {@code struct<a: utf8>} (not Arrow's "List"). */
    private static String describe(Field f) {
        switch (f.getType().getTypeID()) {
            case Struct: {
                StringBuilder b = new StringBuilder("struct<");
                for (int i = 0; i < f.getChildren().size(); i++) {
                    Field c = f.getChildren().get(i);
                    b.append(i == 0 ? "" : ", ").append(c.getName()).append(": ").append(describe(c));
                }
                return b.append('>').toString();
            }
            case List: case LargeList: case FixedSizeList: case Map:
                return io.deltacat.api.expr.Literals.typeName(f.getType())
                        + (f.getChildren().isEmpty() ? "" : "<" + describe(f.getChildren().get(0)) + ">");
            default:
                return io.deltacat.api.expr.Literals.typeName(f.getType());
        }
    }

    private static InvalidRequestException unsupported(String format, String path, String type) {
        return new InvalidRequestException("column '" + path + "' has type " + type + ", which the " + format
                + " format cannot hold" + (format.equals("json") ? "" : " (use json, feather or parquet)"));
    }

    /** The value at {@code i} as text, or null for a null slot. Only for {@link #scalar} types. */
    static String format(FieldVector v, int i) {
        if (v.isNull(i)) {
            return null;
        }
        if (v instanceof UInt1Vector) {
            return Integer.toString(Byte.toUnsignedInt(((UInt1Vector) v).get(i)));
        }
        if (v instanceof UInt2Vector) {
            return Integer.toString(((UInt2Vector) v).get(i));
        }
        if (v instanceof UInt4Vector) {
            return Long.toString(Integer.toUnsignedLong(((UInt4Vector) v).get(i)));
        }
        if (v instanceof UInt8Vector) {
            return Long.toUnsignedString(((UInt8Vector) v).get(i));
        }
        if (v instanceof BaseIntVector) {
            return Long.toString(((BaseIntVector) v).getValueAsLong(i));
        }
        if (v instanceof Float8Vector) {
            return Double.toString(((Float8Vector) v).get(i));
        }
        if (v instanceof Float4Vector) {
            return Float.toString(((Float4Vector) v).get(i));
        }
        if (v instanceof BitVector) {
            return ((BitVector) v).get(i) != 0 ? "true" : "false";
        }
        if (v instanceof VarCharVector) {
            return new String(((VarCharVector) v).get(i), StandardCharsets.UTF_8);
        }
        if (v instanceof LargeVarCharVector) {
            return new String(((LargeVarCharVector) v).get(i), StandardCharsets.UTF_8);
        }
        if (v instanceof VarBinaryVector) {
            return Base64.getEncoder().encodeToString(((VarBinaryVector) v).get(i));
        }
        if (v instanceof LargeVarBinaryVector) {
            return Base64.getEncoder().encodeToString(((LargeVarBinaryVector) v).get(i));
        }
        if (v instanceof FixedSizeBinaryVector) {
            return Base64.getEncoder().encodeToString(((FixedSizeBinaryVector) v).get(i));
        }
        if (v instanceof DecimalVector) {
            return ((DecimalVector) v).getObject(i).toPlainString();
        }
        if (v instanceof Decimal256Vector) {
            return ((Decimal256Vector) v).getObject(i).toPlainString();
        }
        if (v instanceof DateDayVector) {
            return LocalDate.ofEpochDay(((DateDayVector) v).get(i)).toString();
        }
        if (v instanceof TimeSecVector) {
            return time(((TimeSecVector) v).get(i) * 1_000_000_000L, 0);
        }
        if (v instanceof TimeMilliVector) {
            return time(((TimeMilliVector) v).get(i) * 1_000_000L, 3);
        }
        if (v instanceof TimeMicroVector) {
            return time(((TimeMicroVector) v).get(i) * 1_000L, 6);
        }
        if (v instanceof TimeNanoVector) {
            return time(((TimeNanoVector) v).get(i), 9);
        }
        if (v instanceof TimeStampVector) {
            ArrowType.Timestamp t = (ArrowType.Timestamp) v.getField().getType();
            return timestamp(((TimeStampVector) v).get(i), t.getUnit(), t.getTimezone() != null);
        }
        throw new IllegalArgumentException("no text form for type " + v.getField().getType());
    }

    private static String time(long nanoOfDay, int digits) {
        if (nanoOfDay < 0 || nanoOfDay >= 86_400_000_000_000L) {
            throw new IllegalArgumentException("the time of day " + nanoOfDay + " ns lies outside 00:00 to 24:00");
        }
        LocalTime t = LocalTime.ofNanoOfDay(nanoOfDay);
        StringBuilder b = new StringBuilder(18);
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond());
        fraction(b, t.getNano(), digits);
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int n) {
        if (n < 10) {
            b.append('0');
        }
        return b.append(n);
    }

    private static void fraction(StringBuilder b, int nanos, int digits) {
        if (digits == 0) {
            return;
        }
        String n = Integer.toString(nanos + 1_000_000_000).substring(1); // 9 digits
        b.append('.').append(n, 0, digits);
    }

    static int digits(TimeUnit unit) {
        switch (unit) {
            case SECOND: return 0;
            case MILLISECOND: return 3;
            case MICROSECOND: return 6;
            default: return 9;
        }
    }

    private static long perSecond(TimeUnit unit) {
        switch (unit) {
            case SECOND: return 1L;
            case MILLISECOND: return 1_000L;
            case MICROSECOND: return 1_000_000L;
            default: return 1_000_000_000L;
        }
    }

    /** The earliest and latest epoch seconds a {@link LocalDateTime} (so our text) can hold. */
    private static final long MIN_SECONDS = LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC);
    private static final long MAX_SECONDS = LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC);

    static String timestamp(long value, TimeUnit unit, boolean zoned) {
        long per = perSecond(unit);
        long seconds = Math.floorDiv(value, per);
        if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("the timestamp " + value + " " + unit.name().toLowerCase(java.util.Locale.ROOT)
                    + "s from 1970 lies beyond the years -999999999 to 999999999 that text dates can hold");
        }
        int nanos = (int) (Math.floorMod(value, per) * (1_000_000_000L / per));
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(32);
        b.append(t.toLocalDate()).append('T');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond());
        fraction(b, nanos, digits(unit));
        if (zoned) {
            b.append('Z');
        }
        return b.toString();
    }

    private static final Pattern DATE_TIME = Pattern.compile(
            "([+-]?\\d{4,}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.(\\d{1,9}))?)?))?"
                    + "\\s*(Z|z|UTC|[+-]\\d{2}(?::?\\d{2})?)?");

    /** A parsed timestamp: epoch seconds and nanos, and whether the text carried an offset. */
    record Instant(long seconds, int nanos, boolean offset, int fractionDigits) {
    }

    /** Parses a date-time; {@code zone} applies when the text has no offset (null: UTC). Null if not one. */
    static Instant parseDateTime(String text, String zone) {
        Instant fast = CommonDateTimes.parse(text, zone);
        if (fast != null) {
            return fast;
        }
        Matcher m = DATE_TIME.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        LocalDate date = LocalDate.parse(m.group(1));
        LocalTime time = m.group(2) == null ? LocalTime.MIDNIGHT : LocalTime.parse(m.group(2));
        LocalDateTime ldt = LocalDateTime.of(date, time);
        String off = m.group(4);
        long seconds;
        if (off != null) {
            ZoneOffset o;
            if (off.equalsIgnoreCase("Z") || off.equals("UTC")) {
                o = ZoneOffset.UTC;
            } else if (off.length() == 3) {
                o = ZoneOffset.of(off + ":00");
            } else {
                o = ZoneOffset.of(off.length() == 5 ? off.substring(0, 3) + ":" + off.substring(3) : off);
            }
            seconds = ldt.toEpochSecond(o);
        } else if (zone != null) {
            seconds = ldt.atZone(ZoneId.of(zone)).toEpochSecond();
        } else {
            seconds = ldt.toEpochSecond(ZoneOffset.UTC);
        }
        return new Instant(seconds, ldt.getNano(), off != null, m.group(3) == null ? 0 : m.group(3).length());
    }

    static long toUnit(long seconds, int nanos, TimeUnit unit, String text) {
        long per = perSecond(unit);
        long nanosPerUnit = 1_000_000_000L / per;
        if (nanos % nanosPerUnit != 0) {
            throw new IllegalArgumentException("'" + text + "' is finer than the column's unit " + unit);
        }
        long fraction = nanos / nanosPerUnit;
        if (seconds < 0 && fraction > 0) {
            // counted from the next second up, so that the earliest values of the unit (whose
            // whole seconds alone lie below Long.MIN_VALUE) do not overflow on the way
            return Math.addExact(Math.multiplyExact(seconds + 1, per), fraction - per);
        }
        return Math.addExact(Math.multiplyExact(seconds, per), fraction);
    }

    /**
     * Parses {@code text} into slot {@code i} of {@code v} (a {@link #scalar} type), growing the vector
     * as needed.
     *
     * @throws IllegalArgumentException (or {@link ArithmeticException}, a runtime parse exception) when the
     *         text is not a value of the type
     */
    static void parse(FieldVector v, int i, String text) {
        if (v instanceof BaseIntVector) {
            ArrowType.Int t = (ArrowType.Int) v.getField().getType();
            String s = text.trim();
            long n;
            if (t.getIsSigned()) {
                n = Long.parseLong(s);
                if (t.getBitWidth() < 64) {
                    long max = (1L << (t.getBitWidth() - 1)) - 1;
                    if (n > max || n < -max - 1) {
                        throw new IllegalArgumentException("'" + s + "' is out of range for " + t);
                    }
                }
            } else {
                n = t.getBitWidth() == 64 ? Long.parseUnsignedLong(s) : Long.parseLong(s);
                if (t.getBitWidth() < 64 && (n < 0 || n >= 1L << t.getBitWidth())) {
                    throw new IllegalArgumentException("'" + s + "' is out of range for " + t);
                }
            }
            ensure(v, i);
            if (v instanceof BigIntVector) {
                ((BigIntVector) v).set(i, n);
            } else if (v instanceof IntVector) {
                ((IntVector) v).set(i, (int) n);
            } else if (v instanceof SmallIntVector) {
                ((SmallIntVector) v).set(i, (short) n);
            } else if (v instanceof TinyIntVector) {
                ((TinyIntVector) v).set(i, (byte) n);
            } else {
                ((BaseIntVector) v).setWithPossibleTruncate(i, n);
            }
        } else if (v instanceof Float8Vector) {
            ((Float8Vector) v).setSafe(i, Double.parseDouble(floatText(text)));
        } else if (v instanceof Float4Vector) {
            ((Float4Vector) v).setSafe(i, Float.parseFloat(floatText(text)));
        } else if (v instanceof BitVector) {
            String s = text.trim();
            boolean b;
            if (s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("t")) {
                b = true;
            } else if (s.equalsIgnoreCase("false") || s.equals("0") || s.equalsIgnoreCase("f")) {
                b = false;
            } else {
                throw new IllegalArgumentException("'" + s + "' is not a boolean (true or false)");
            }
            ((BitVector) v).setSafe(i, b ? 1 : 0);
        } else if (v instanceof VarCharVector) {
            ((VarCharVector) v).setSafe(i, text.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof LargeVarCharVector) {
            ((LargeVarCharVector) v).setSafe(i, text.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof VarBinaryVector) {
            ((VarBinaryVector) v).setSafe(i, Base64.getDecoder().decode(text.trim()));
        } else if (v instanceof LargeVarBinaryVector) {
            ((LargeVarBinaryVector) v).setSafe(i, Base64.getDecoder().decode(text.trim()));
        } else if (v instanceof FixedSizeBinaryVector) {
            byte[] bytes = Base64.getDecoder().decode(text.trim());
            FixedSizeBinaryVector f = (FixedSizeBinaryVector) v;
            if (bytes.length != f.getByteWidth()) {
                throw new IllegalArgumentException("binary value of " + bytes.length + " bytes, the column holds "
                        + f.getByteWidth());
            }
            f.setSafe(i, bytes);
        } else if (v instanceof DecimalVector) {
            DecimalVector d = (DecimalVector) v;
            d.setSafe(i, decimal(text, d.getPrecision(), d.getScale()));
        } else if (v instanceof Decimal256Vector) {
            Decimal256Vector d = (Decimal256Vector) v;
            d.setSafe(i, decimal(text, d.getPrecision(), d.getScale()));
        } else if (v instanceof DateDayVector) {
            String s = text.trim();
            LocalDate date;
            if (s.length() > 10 && (s.charAt(10) == 'T' || s.charAt(10) == ' ')) {
                Instant at = parseDateTime(s, null);
                if (at == null || at.seconds % 86_400 != 0 || at.nanos != 0) {
                    throw new IllegalArgumentException("'" + s + "' is not a date (yyyy-MM-dd)");
                }
                date = LocalDate.ofEpochDay(at.seconds / 86_400);
            } else {
                date = LocalDate.parse(s);
            }
            ((DateDayVector) v).setSafe(i, Math.toIntExact(date.toEpochDay()));
        } else if (v instanceof TimeSecVector || v instanceof TimeMilliVector || v instanceof TimeMicroVector
                || v instanceof TimeNanoVector) {
            long nanos = LocalTime.parse(text.trim()).toNanoOfDay();
            TimeUnit unit = ((ArrowType.Time) v.getField().getType()).getUnit();
            long value = exact(nanos, unit, text);
            if (v instanceof TimeSecVector) {
                ((TimeSecVector) v).setSafe(i, (int) value);
            } else if (v instanceof TimeMilliVector) {
                ((TimeMilliVector) v).setSafe(i, (int) value);
            } else if (v instanceof TimeMicroVector) {
                ((TimeMicroVector) v).setSafe(i, value);
            } else {
                ((TimeNanoVector) v).setSafe(i, value);
            }
        } else if (v instanceof TimeStampVector) {
            ArrowType.Timestamp t = (ArrowType.Timestamp) v.getField().getType();
            Instant at = parseDateTime(text, t.getTimezone());
            if (at == null) {
                throw new IllegalArgumentException("'" + text + "' is not a timestamp (yyyy-MM-dd HH:mm:ss[.f][offset])");
            }
            ((TimeStampVector) v).setSafe(i, toUnit(at.seconds, at.nanos, t.getUnit(), text));
        } else {
            throw new IllegalArgumentException("no text form for type " + v.getField().getType());
        }
    }

    private static long exact(long nanos, TimeUnit unit, String text) {
        long per = 1_000_000_000L / perSecond(unit);
        if (nanos % per != 0) {
            throw new IllegalArgumentException("'" + text + "' is finer than the column's unit " + unit);
        }
        return nanos / per;
    }

    private static String floatText(String text) {
        String s = text.trim();
        if (!s.isEmpty() && s.charAt(s.length() - 1) >= '0' && s.charAt(s.length() - 1) <= '9') {
            return s; // a plain number (most values): no need to lower-case it for the names below
        }
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf": case "+inf": case "infinity": case "+infinity":
                return "Infinity";
            case "-inf": case "-infinity":
                return "-Infinity";
            case "nan": case "-nan":
                return "NaN";
            default:
                if (!s.isEmpty() && (Character.isLetter(s.charAt(s.length() - 1)))) {
                    // Java would accept 1.5d or 2f: text formats do not
                    throw new NumberFormatException("'" + s + "' is not a number");
                }
                return s;
        }
    }

    private static BigDecimal decimal(String text, int precision, int scale) {
        BigDecimal d = new BigDecimal(text.trim());
        try {
            d = d.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' has more than " + scale + " decimal places");
        }
        if (d.precision() > precision) {
            throw new IllegalArgumentException("'" + text.trim() + "' has more than " + precision + " digits");
        }
        return d;
    }

    /** Grows a fixed-width vector until slot {@code i} exists. */
    static void ensure(FieldVector v, int i) {
        while (i >= v.getValueCapacity()) {
            v.reAlloc();
        }
    }

    /** Marks slot {@code i} null, growing the vector as needed. */
    static void setNull(FieldVector v, int i) {
        if (v instanceof BaseFixedWidthVector) {
            ((BaseFixedWidthVector) v).setNull(i);
        } else if (v instanceof BaseVariableWidthVector) {
            ((BaseVariableWidthVector) v).setNull(i);
        } else if (v instanceof BaseLargeVariableWidthVector) {
            ((BaseLargeVariableWidthVector) v).setNull(i);
        } else if (v instanceof ListVector) {
            ((ListVector) v).setNull(i);
        } else if (v instanceof StructVector) {
            StructVector s = (StructVector) v;
            s.setNull(i);
            for (FieldVector c : s.getChildrenFromFields()) {
                setNull(c, i);
            }
        } else {
            throw new IllegalArgumentException("cannot set a null in " + v.getField().getType());
        }
    }
}
