package io.deltacat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The schema syntax of {@code deltacat tables create --schema}: comma-separated columns, each
 * {@code NAME TYPE [not null]}, e.g. {@code "id int64 not null, name string, seen timestamp(us, UTC)"}.
 * Types: {@code bool}, {@code int8 int16 int32 int64}, {@code float32 float64} ({@code float},
 * {@code double}), {@code string}, {@code binary}, {@code date}, {@code timestamp(UNIT[, ZONE])} with
 * UNIT {@code s ms us ns}, {@code decimal(PRECISION, SCALE)}. Columns are nullable unless marked
 * {@code not null}.
 */
final class SchemaSpec {
    private SchemaSpec() {
    }

    /** Parses a schema; a mistake is a {@link CliUsageException} naming the column. */
    static Schema parse(String spec) {
        List<Field> fields = new ArrayList<>();
        for (String column : splitTopLevel(spec)) {
            String c = column.strip();
            if (c.isEmpty()) {
                throw new CliUsageException("--schema has an empty column in '" + spec + "'");
            }
            boolean notNull = false;
            String lower = c.toLowerCase(Locale.ROOT);
            if (lower.endsWith(" not null")) {
                notNull = true;
                c = c.substring(0, c.length() - " not null".length()).strip();
            }
            int space = c.indexOf(' ');
            if (space < 0) {
                throw new CliUsageException("--schema column '" + c + "' needs a type: NAME TYPE [not null]");
            }
            String name = c.substring(0, space);
            ArrowType type = type(name, c.substring(space + 1).strip());
            fields.add(new Field(name, notNull ? FieldType.notNullable(type) : FieldType.nullable(type), null));
        }
        return new Schema(fields);
    }

    private static ArrowType type(String column, String spec) {
        String t = spec.toLowerCase(Locale.ROOT).replace(" ", "");
        switch (t) {
            case "bool": case "boolean": return ArrowType.Bool.INSTANCE;
            case "int8": return new ArrowType.Int(8, true);
            case "int16": return new ArrowType.Int(16, true);
            case "int32": case "int": return new ArrowType.Int(32, true);
            case "int64": case "long": return new ArrowType.Int(64, true);
            case "float32": case "float": return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case "float64": case "double": return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case "string": case "utf8": return ArrowType.Utf8.INSTANCE;
            case "binary": return ArrowType.Binary.INSTANCE;
            case "date": return new ArrowType.Date(DateUnit.DAY);
            default: break;
        }
        if (t.startsWith("timestamp(") && t.endsWith(")")) {
            String[] args = spec.substring(spec.indexOf('(') + 1, spec.lastIndexOf(')')).split(",");
            TimeUnit unit = unit(column, args[0].strip().toLowerCase(Locale.ROOT));
            String zone = args.length > 1 ? args[1].strip() : null;
            return new ArrowType.Timestamp(unit, zone);
        }
        if (t.startsWith("decimal(") && t.endsWith(")")) {
            String[] args = t.substring("decimal(".length(), t.length() - 1).split(",");
            try {
                return new ArrowType.Decimal(Integer.parseInt(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 0, 128);
            } catch (NumberFormatException e) {
                throw new CliUsageException("--schema column '" + column + "': decimal(PRECISION, SCALE) takes numbers");
            }
        }
        throw new CliUsageException("--schema column '" + column + "' has unknown type '" + spec + "'; known: bool,"
                + " int8, int16, int32, int64, float32, float64, string, binary, date, timestamp(UNIT[, ZONE]),"
                + " decimal(P, S)");
    }

    private static TimeUnit unit(String column, String unit) {
        switch (unit) {
            case "s": return TimeUnit.SECOND;
            case "ms": return TimeUnit.MILLISECOND;
            case "us": return TimeUnit.MICROSECOND;
            case "ns": return TimeUnit.NANOSECOND;
            default: throw new CliUsageException("--schema column '" + column + "': timestamp unit is s, ms, us or ns,"
                    + " got '" + unit + "'");
        }
    }

    /** The name of a type in this syntax (Arrow's own text for types it has no name for). */
    static String typeName(ArrowType type) {
        if (type instanceof ArrowType.Int i) {
            return (i.getIsSigned() ? "int" : "uint") + i.getBitWidth();
        }
        if (type instanceof ArrowType.FloatingPoint f) {
            return f.getPrecision() == FloatingPointPrecision.SINGLE ? "float32"
                    : f.getPrecision() == FloatingPointPrecision.DOUBLE ? "float64" : "float16";
        }
        if (type instanceof ArrowType.Utf8) {
            return "string";
        }
        if (type instanceof ArrowType.Bool) {
            return "bool";
        }
        if (type instanceof ArrowType.Binary) {
            return "binary";
        }
        if (type instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY) {
            return "date";
        }
        if (type instanceof ArrowType.Timestamp ts) {
            String unit = switch (ts.getUnit()) {
                case SECOND -> "s";
                case MILLISECOND -> "ms";
                case MICROSECOND -> "us";
                case NANOSECOND -> "ns";
            };
            return "timestamp(" + unit + (ts.getTimezone() != null ? ", " + ts.getTimezone() : "") + ")";
        }
        if (type instanceof ArrowType.Decimal d) {
            return "decimal(" + d.getPrecision() + ", " + d.getScale() + ")";
        }
        return type.toString();
    }

    private static List<String> splitTopLevel(String spec) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < spec.length(); i++) {
            char ch = spec.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                parts.add(spec.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(spec.substring(start));
        return parts;
    }
}
