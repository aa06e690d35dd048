package io.deltacat.io.testkit;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The column types {@link FormatProviderContract} knows. A provider declares the ones it holds
 * ({@link Capabilities#types}); the suite round-trips each of those and expects every other one to be
 * refused before any byte is written. Each kind is one nullable column named {@link #column()} (the
 * kit's generated data fills it with nulls, edge values and ordinary values).
 */
public enum Kind {
    INT8("i8", new ArrowType.Int(8, true)),
    INT16("i16", new ArrowType.Int(16, true)),
    INT32("i32", new ArrowType.Int(32, true)),
    INT64("i64", new ArrowType.Int(64, true)),
    /** Floats hold NaN, -0.0, infinities and the extremes. */
    FLOAT32("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
    FLOAT64("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
    BOOL("flag", ArrowType.Bool.INSTANCE),
    /** Strings hold the empty string, unicode beyond the BMP, delimiters and quotes, and a 256 KiB value. */
    UTF8("name", ArrowType.Utf8.INSTANCE),
    BINARY("bin", ArrowType.Binary.INSTANCE),
    DECIMAL_5_2("dec5", new ArrowType.Decimal(5, 2, 128)),
    DECIMAL_18_3("dec18", new ArrowType.Decimal(18, 3, 128)),
    DECIMAL_38_10("dec38", new ArrowType.Decimal(38, 10, 128)),
    DATE32("day", new ArrowType.Date(DateUnit.DAY)),
    TIMESTAMP_S("ts_s", new ArrowType.Timestamp(TimeUnit.SECOND, null)),
    TIMESTAMP_MS("ts_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
    TIMESTAMP_US("ts_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
    TIMESTAMP_NS("ts_ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
    TIMESTAMP_S_UTC("ts_s_utc", new ArrowType.Timestamp(TimeUnit.SECOND, "UTC")),
    TIMESTAMP_MS_UTC("ts_ms_utc", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
    TIMESTAMP_US_UTC("ts_us_utc", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
    TIMESTAMP_NS_UTC("ts_ns_utc", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")),
    /** A timestamp with a named zone: the zone must come back as written. */
    TIMESTAMP_US_ZONE("ts_us_ny", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "America/New_York")),
    /** A timestamp with an offset zone. */
    TIMESTAMP_NS_OFFSET("ts_ns_offset", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+02:00")),
    LIST_INT32("ints", ArrowType.List.INSTANCE, field("item", new ArrowType.Int(32, true))),
    LIST_UTF8("words", ArrowType.List.INSTANCE, field("item", ArrowType.Utf8.INSTANCE)),
    STRUCT("point", ArrowType.Struct.INSTANCE,
            field("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            field("note", ArrowType.Utf8.INSTANCE),
            field("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))),

    // the types below are not in every format: a provider declares the ones it holds

    UINT8("u8", new ArrowType.Int(8, false)),
    UINT16("u16", new ArrowType.Int(16, false)),
    UINT32("u32", new ArrowType.Int(32, false)),
    UINT64("u64", new ArrowType.Int(64, false)),
    LARGE_UTF8("big_text", ArrowType.LargeUtf8.INSTANCE),
    LARGE_BINARY("big_bin", ArrowType.LargeBinary.INSTANCE),
    FIXED_SIZE_BINARY("fixed4", new ArrowType.FixedSizeBinary(4)),
    DECIMAL256("dec60", new ArrowType.Decimal(60, 6, 256)),
    DATE64("day_ms", new ArrowType.Date(DateUnit.MILLISECOND)),
    TIME64_US("tod", new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
    DURATION_US("elapsed", new ArrowType.Duration(TimeUnit.MICROSECOND)),
    LIST_OF_LIST("matrix", ArrowType.List.INSTANCE,
            new Field("item", FieldType.nullable(ArrowType.List.INSTANCE),
                    List.of(field("item", new ArrowType.Int(32, true))))),
    LIST_OF_STRUCT("pairs", ArrowType.List.INSTANCE,
            new Field("item", FieldType.nullable(ArrowType.Struct.INSTANCE),
                    List.of(field("k", new ArrowType.Int(32, true)), field("tag", ArrowType.Utf8.INSTANCE)))),
    LARGE_LIST("big_ints", ArrowType.LargeList.INSTANCE, field("item", new ArrowType.Int(64, true))),
    FIXED_SIZE_LIST("vec3", new ArrowType.FixedSizeList(3),
            field("item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))),
    MAP("attrs", new ArrowType.Map(false),
            new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                    new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                    field("value", new ArrowType.Int(32, true)))));

    private final String column;
    private final ArrowType type;
    private final List<Field> children;

    Kind(String column, ArrowType type, Field... children) {
        this.column = column;
        this.type = type;
        this.children = List.of(children);
    }

    private static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    /** The name of this kind's column in the kit's data, e.g. {@code ts_us_ny}. */
    public String column() {
        return column;
    }

    /** This kind's column: nullable, named {@link #column()}. */
    public Field field() {
        return new Field(column, FieldType.nullable(type), children);
    }

    /** Whether this kind is a timestamp (the suite checks the edges of the epoch and of the unit). */
    public boolean isTimestamp() {
        return type instanceof ArrowType.Timestamp;
    }

    /** The kinds every general-purpose table format is expected to hold (the round-trip list of issue 9). */
    public static Set<Kind> core() {
        return EnumSet.range(INT8, STRUCT);
    }

    /** The kind whose column is {@code column}. */
    public static Kind ofColumn(String column) {
        for (Kind k : values()) {
            if (k.column.equals(column)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no kind has column '" + column + "'");
    }
}
