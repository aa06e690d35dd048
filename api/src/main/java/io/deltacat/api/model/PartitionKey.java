package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * One key of a table's partition scheme: a source column and the transform that turns its value into
 * the partition value (DeltaCAT / Iceberg semantics). Data files hold rows of a single partition
 * value per key, so reads can skip whole files.
 *
 * <pre>{@code
 * client.catalog().createTable(t -> t.table("events").schema(schema)
 *         .partitionBy(PartitionKey.identity("region"), PartitionKey.day("ts"), PartitionKey.bucket("id", 16)));
 * }</pre>
 *
 * <p>Transforms, on canonical values (see {@link Literals}); a null value gives a null partition value:
 * <ul>
 *   <li>{@code identity}: the value itself (any comparable type);</li>
 *   <li>{@code bucket(n)}: {@code (murmur3_32(v) & Integer.MAX_VALUE) % n}, where integers and dates
 *       hash as 8-byte little-endian longs, timestamps as microseconds since the epoch, strings as
 *       UTF-8 bytes (Iceberg's definition);</li>
 *   <li>{@code truncate(w)}: integers {@code v - floorMod(v, w)}, strings their first {@code w} code
 *       points;</li>
 *   <li>{@code year}, {@code month}, {@code day}: years, months, days since 1970-01-01 of a date or
 *       timestamp column (UTC); {@code hour}: hours since the epoch of a timestamp column.</li>
 * </ul>
 *
 * @param column    the source column (a top-level field)
 * @param transform the transform
 * @param parameter {@code n} of bucket, {@code w} of truncate, 0 otherwise
 */
@Evolving
public record PartitionKey(String column, Transform transform, int parameter) implements java.io.Serializable {

    /** The partition transforms and their wire names. */
    public enum Transform {
        IDENTITY("identity"), BUCKET("bucket"), TRUNCATE("truncate"), YEAR("year"), MONTH("month"), DAY("day"),
        HOUR("hour");

        private final String wireName;

        Transform(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The transform with this wire name. */
        public static Transform fromWire(String name) {
            for (Transform t : values()) {
                if (t.wireName.equals(name)) {
                    return t;
                }
            }
            throw new InvalidRequestException("unknown partition transform '" + name
                    + "'; known: identity, bucket, truncate, year, month, day, hour");
        }

        boolean parameterized() {
            return this == BUCKET || this == TRUNCATE;
        }
    }

    public PartitionKey {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(transform, "transform");
        if (transform.parameterized() && parameter <= 0) {
            throw new InvalidRequestException(transform.wireName() + " of column '" + column
                    + "' needs a positive parameter, got " + parameter);
        }
        if (!transform.parameterized() && parameter != 0) {
            throw new InvalidRequestException(transform.wireName() + " of column '" + column
                    + "' takes no parameter, got " + parameter);
        }
    }

    public static PartitionKey identity(String column) {
        return new PartitionKey(column, Transform.IDENTITY, 0);
    }

    /** {@code bucket(n)}: the value's hash modulo {@code buckets}. */
    public static PartitionKey bucket(String column, int buckets) {
        return new PartitionKey(column, Transform.BUCKET, buckets);
    }

    /** {@code truncate(w)}: integers rounded down to a multiple of {@code width}, strings cut to {@code width} code points. */
    public static PartitionKey truncate(String column, int width) {
        return new PartitionKey(column, Transform.TRUNCATE, width);
    }

    public static PartitionKey year(String column) {
        return new PartitionKey(column, Transform.YEAR, 0);
    }

    public static PartitionKey month(String column) {
        return new PartitionKey(column, Transform.MONTH, 0);
    }

    public static PartitionKey day(String column) {
        return new PartitionKey(column, Transform.DAY, 0);
    }

    public static PartitionKey hour(String column) {
        return new PartitionKey(column, Transform.HOUR, 0);
    }

    /** A readable name, e.g. {@code region}, {@code bucket[16](id)}, {@code day(ts)}. */
    @Override
    public String toString() {
        switch (transform) {
            case IDENTITY: return column;
            case BUCKET: case TRUNCATE: return transform.wireName() + "[" + parameter + "](" + column + ")";
            default: return transform.wireName() + "(" + column + ")";
        }
    }

    /** Whether this transform can be applied to a column of {@code type}. */
    public boolean supports(ArrowType type) {
        switch (transform) {
            case IDENTITY:
                return Literals.isComparable(type);
            case BUCKET:
                return isInt(type) || isString(type) || type instanceof ArrowType.Date || type instanceof ArrowType.Timestamp;
            case TRUNCATE:
                return isInt(type) || isString(type);
            case YEAR: case MONTH: case DAY:
                return type instanceof ArrowType.Date || type instanceof ArrowType.Timestamp;
            default:
                return type instanceof ArrowType.Timestamp;
        }
    }

    /**
     * Checks that the transform fits a column of {@code type}.
     *
     * @throws InvalidRequestException naming the key and the type when it does not
     */
    public void check(ArrowType type) {
        if (!supports(type)) {
            throw new InvalidRequestException("partition key " + this + ": transform '" + transform.wireName()
                    + "' cannot be applied to column '" + column + "' of type " + Literals.typeName(type));
        }
    }

    /**
     * The partition value of a canonical column value (see {@link Literals}): a {@link Long}, a
     * {@link String}, a {@link Boolean}, a {@link java.math.BigDecimal} or a {@link Double} (identity
     * only), or null for a null value.
     */
    public Object apply(ArrowType type, Object value) {
        if (value == null) {
            return null;
        }
        switch (transform) {
            case IDENTITY:
                return value;
            case BUCKET:
                return (long) ((hash(type, value) & Integer.MAX_VALUE) % parameter);
            case TRUNCATE:
                if (value instanceof String) {
                    String s = (String) value;
                    int cps = s.codePointCount(0, s.length());
                    return cps <= parameter ? s : s.substring(0, s.offsetByCodePoints(0, parameter));
                }
                long v = (Long) value;
                return v - Math.floorMod(v, (long) parameter);
            case HOUR:
                return Math.floorDiv(toMicros(type, (Long) value), 3_600_000_000L);
            default:
                long days = toDays(type, (Long) value);
                if (transform == Transform.DAY) {
                    return days;
                }
                LocalDate d = LocalDate.ofEpochDay(days);
                return transform == Transform.YEAR ? (long) (d.getYear() - 1970)
                        : ChronoUnit.MONTHS.between(LocalDate.of(1970, 1, 1), d.withDayOfMonth(1));
        }
    }

    /**
     * The smallest and largest canonical source values whose partition value is {@code partition},
     * for transforms that preserve order (identity, truncate of integers, year, month, day, hour);
     * null for the others (bucket, truncate of strings) or a null partition value.
     */
    public Object[] sourceRange(ArrowType type, Object partition) {
        if (partition == null) {
            return null;
        }
        switch (transform) {
            case IDENTITY:
                return new Object[] {partition, partition};
            case TRUNCATE:
                if (!(partition instanceof Long)) {
                    return null;
                }
                long lo = (Long) partition;
                return new Object[] {lo, lo + parameter - 1};
            case HOUR: {
                long h = (Long) partition;
                return new Object[] {fromMicros(type, h * 3_600_000_000L, false),
                        fromMicros(type, (h + 1) * 3_600_000_000L, true)};
            }
            case YEAR: case MONTH: case DAY: {
                long n = (Long) partition;
                LocalDate start;
                LocalDate end;
                if (transform == Transform.DAY) {
                    start = LocalDate.ofEpochDay(n);
                    end = start.plusDays(1);
                } else if (transform == Transform.MONTH) {
                    start = LocalDate.of(1970, 1, 1).plusMonths(n);
                    end = start.plusMonths(1);
                } else {
                    start = LocalDate.of((int) (1970 + n), 1, 1);
                    end = start.plusYears(1);
                }
                if (type instanceof ArrowType.Date) {
                    return new Object[] {start.toEpochDay(), end.toEpochDay() - 1};
                }
                return new Object[] {fromMicros(type, start.toEpochDay() * 86_400_000_000L, false),
                        fromMicros(type, end.toEpochDay() * 86_400_000_000L, true)};
            }
            default:
                return null;
        }
    }

    private static int hash(ArrowType type, Object value) {
        if (value instanceof String) {
            return Murmur3.hashBytes(((String) value).getBytes(StandardCharsets.UTF_8));
        }
        long v = (Long) value;
        if (type instanceof ArrowType.Timestamp) {
            v = toMicros(type, v);
        }
        return Murmur3.hashLong(v);
    }

    private static boolean isInt(ArrowType type) {
        return type instanceof ArrowType.Int;
    }

    private static boolean isString(ArrowType type) {
        return type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8;
    }

    private static TimeUnit unit(ArrowType type) {
        switch (((ArrowType.Timestamp) type).getUnit()) {
            case SECOND: return TimeUnit.SECONDS;
            case MILLISECOND: return TimeUnit.MILLISECONDS;
            case MICROSECOND: return TimeUnit.MICROSECONDS;
            default: return TimeUnit.NANOSECONDS;
        }
    }

    private static long toMicros(ArrowType type, long v) {
        TimeUnit u = unit(type);
        return u == TimeUnit.NANOSECONDS ? Math.floorDiv(v, 1000L) : u.toMicros(v);
    }

    /** Micros to the column's unit; {@code exclusiveEnd} turns an exclusive end into the last value before it. */
    private static long fromMicros(ArrowType type, long micros, boolean exclusiveEnd) {
        TimeUnit u = unit(type);
        long v;
        if (u == TimeUnit.NANOSECONDS) {
            v = micros * 1000L;
        } else if (u == TimeUnit.MICROSECONDS) {
            v = micros;
        } else {
            // whole periods start on whole seconds, so the division is exact
            v = micros / (u == TimeUnit.MILLISECONDS ? 1000L : 1_000_000L);
        }
        return exclusiveEnd ? v - 1 : v;
    }

    private static long toDays(ArrowType type, long v) {
        if (type instanceof ArrowType.Date) {
            return v; // canonical dates are days
        }
        return Math.floorDiv(toMicros(type, v), 86_400_000_000L);
    }
}
