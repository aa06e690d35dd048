package io.deltacat.io.parquet.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The mapping between Arrow schemas and Parquet schemas: the Parquet type of each Arrow field we
 * write, and the Arrow field of each Parquet column any tool writes (with the Arrow schema the
 * writer stored, when it agrees with the column).
 */
final class ParquetSchemas {
    /**
     * Key of the file's key-value metadata holding the exact Arrow schema, as Arrow's writers store it
     * (pyarrow, Arrow C++ and Rust): the base64 of an IPC-serialized schema message. Other Arrow
     * readers take time zones, large types and field metadata from it.
     */
    static final String ARROW_SCHEMA_KEY = "ARROW:schema";
    /** Where our writers before {@link #ARROW_SCHEMA_KEY} kept the Arrow schema (JSON); still read. */
    static final String LEGACY_SCHEMA_KEY = "deltacat.arrow.schema";
    static final String MESSAGE_NAME = "schema";

    private ParquetSchemas() {
    }

    static InvalidRequestException cannotStore(Field field) {
        return new InvalidRequestException("parquet provider cannot store column '" + field.getName()
                + "' of type " + Literals.typeName(field.getType()));
    }

    /** The Parquet schema of an Arrow schema; rejects the first column it cannot store. */
    static MessageType toParquet(Schema schema) {
        List<Type> types = new ArrayList<>();
        for (Field f : schema.getFields()) {
            types.add(toParquet(f));
        }
        return new MessageType(MESSAGE_NAME, types);
    }

    /**
     * The Parquet type of one Arrow field: a primitive column, a group for a struct, or a standard
     * three-level LIST group for a list (lists nest: {@code list<list<int64>>}, lists of structs of lists).
     */
    static Type toParquet(Field field) {
        try {
            return parquetType(field);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("parquet provider cannot store column '" + field.getName()
                    + "' of type " + describe(field));
        }
    }

    /** A readable type of a field, with its children: {@code list<int64>}, {@code struct<a: utf8>}. */
    static String describe(Field field) {
        ArrowType type = field.getType();
        switch (type.getTypeID()) {
            case Struct: {
                StringBuilder b = new StringBuilder("struct<");
                for (int i = 0; i < field.getChildren().size(); i++) {
                    Field c = field.getChildren().get(i);
                    b.append(i == 0 ? "" : ", ").append(c.getName()).append(": ").append(describe(c));
                }
                return b.append('>').toString();
            }
            case List: case LargeList: case FixedSizeList: case Map:
                return Literals.typeName(type) + (field.getChildren().isEmpty() ? ""
                        : "<" + describe(field.getChildren().get(0)) + ">");
            default:
                return Literals.typeName(type);
        }
    }

    private static Type parquetType(Field field) {
        Type.Repetition rep = field.isNullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        if (field.getDictionary() != null) {
            throw cannotStore(field);
        }
        switch (field.getType().getTypeID()) {
            case Struct: {
                if (field.getChildren().isEmpty()) {
                    throw cannotStore(field);
                }
                Types.GroupBuilder<org.apache.parquet.schema.GroupType> g = Types.buildGroup(rep);
                for (Field child : field.getChildren()) {
                    g.addField(parquetType(child));
                }
                return g.named(field.getName());
            }
            case List: {
                if (field.getChildren().size() != 1) {
                    throw cannotStore(field);
                }
                Type element = parquetType(renamed(field.getChildren().get(0), "element"));
                return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
                        .addField(Types.repeatedGroup().addField(element).named("list"))
                        .named(field.getName());
            }
            default:
                if (!field.getChildren().isEmpty()) {
                    throw cannotStore(field);
                }
                return toParquetPrimitive(field, rep);
        }
    }

    private static Field renamed(Field f, String name) {
        return new Field(name, f.getFieldType(), f.getChildren());
    }

    private static PrimitiveType toParquetPrimitive(Field field, Type.Repetition rep) {
        ArrowType type = field.getType();
        String name = field.getName();
        switch (type.getTypeID()) {
            case Int: {
                ArrowType.Int t = (ArrowType.Int) type;
                int bits = t.getBitWidth();
                if (bits == 64) {
                    return t.getIsSigned() ? Types.primitive(PrimitiveTypeName.INT64, rep).named(name)
                            : Types.primitive(PrimitiveTypeName.INT64, rep)
                            .as(LogicalTypeAnnotation.intType(64, false)).named(name);
                }
                if (bits == 32 && t.getIsSigned()) {
                    return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
                }
                return Types.primitive(PrimitiveTypeName.INT32, rep)
                        .as(LogicalTypeAnnotation.intType(bits, t.getIsSigned())).named(name);
            }
            case FloatingPoint: {
                FloatingPointPrecision p = ((ArrowType.FloatingPoint) type).getPrecision();
                if (p == FloatingPointPrecision.SINGLE) {
                    return Types.primitive(PrimitiveTypeName.FLOAT, rep).named(name);
                }
                if (p == FloatingPointPrecision.DOUBLE) {
                    return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
                }
                throw cannotStore(field);
            }
            case Bool:
                return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
            case Utf8:
            case LargeUtf8: // the same column; ARROW:schema tells Arrow readers it is large (as pyarrow writes it)
                return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
            case Binary:
            case LargeBinary:
                return Types.primitive(PrimitiveTypeName.BINARY, rep).named(name);
            case FixedSizeBinary:
                return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
                        .length(((ArrowType.FixedSizeBinary) type).getByteWidth()).named(name);
            case Date:
                if (((ArrowType.Date) type).getUnit() == DateUnit.DAY) {
                    return Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.dateType()).named(name);
                }
                throw cannotStore(field);
            case Timestamp: {
                ArrowType.Timestamp t = (ArrowType.Timestamp) type;
                LogicalTypeAnnotation.TimeUnit unit;
                switch (t.getUnit()) {
                    case MILLISECOND: unit = LogicalTypeAnnotation.TimeUnit.MILLIS; break;
                    case MICROSECOND: unit = LogicalTypeAnnotation.TimeUnit.MICROS; break;
                    case NANOSECOND: unit = LogicalTypeAnnotation.TimeUnit.NANOS; break;
                    default: throw cannotStore(field);
                }
                return Types.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.timestampType(t.getTimezone() != null, unit)).named(name);
            }
            case Time: {
                ArrowType.Time t = (ArrowType.Time) type;
                switch (t.getUnit()) {
                    case MILLISECOND:
                        return Types.primitive(PrimitiveTypeName.INT32, rep)
                                .as(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
                    case MICROSECOND:
                        return Types.primitive(PrimitiveTypeName.INT64, rep)
                                .as(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
                    case NANOSECOND:
                        return Types.primitive(PrimitiveTypeName.INT64, rep)
                                .as(LogicalTypeAnnotation.timeType(false, LogicalTypeAnnotation.TimeUnit.NANOS)).named(name);
                    default:
                        throw cannotStore(field); // time32[s]: Parquet has no seconds unit
                }
            }
            case Decimal: {
                ArrowType.Decimal t = (ArrowType.Decimal) type;
                if (t.getBitWidth() != 128 || t.getPrecision() < 1 || t.getPrecision() > 38) {
                    throw cannotStore(field);
                }
                LogicalTypeAnnotation ann = LogicalTypeAnnotation.decimalType(t.getScale(), t.getPrecision());
                if (t.getPrecision() <= 9) {
                    return Types.primitive(PrimitiveTypeName.INT32, rep).as(ann).named(name);
                }
                if (t.getPrecision() <= 18) {
                    return Types.primitive(PrimitiveTypeName.INT64, rep).as(ann).named(name);
                }
                return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
                        .length(decimalBytes(t.getPrecision())).as(ann).named(name);
            }
            default:
                throw cannotStore(field);
        }
    }

    /** Smallest number of bytes whose two's complement holds every unscaled value of a precision. */
    static int decimalBytes(int precision) {
        BigInteger max = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
        return max.bitLength() / 8 + 1;
    }

    /**
     * The Arrow field for a Parquet column written by any tool. {@code stored} is the field our own
     * writer recorded in the file's metadata, used when it agrees with the column's physical type.
     */
    static Field toArrow(Type type, Field stored) {
        if (stored != null && stored.getName().equals(type.getName())) {
            // Arrow writers store a dictionary-encoded column as its values: read it as them
            Field plain = withoutDictionary(stored);
            try {
                if (sameShape(toParquet(plain), type)) {
                    return plain;
                }
            } catch (InvalidRequestException e) {
                // fall back to the type the Parquet column itself declares
            }
            return withZone(deriveTopLevel(type), plain);
        }
        return deriveTopLevel(type);
    }

    /** {@link #derive} for a top-level column: a refusal names the column and its whole type. */
    private static Field deriveTopLevel(Type type) {
        try {
            return derive(type);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("parquet provider cannot read column '" + type.getName()
                    + "' of type " + typeName(type), e);
        }
    }

    /** A readable name of a Parquet type: {@code list<list<int64>>}, {@code struct<a: utf8>}, {@code int96}. */
    static String typeName(Type type) {
        if (type.isPrimitive()) {
            ArrowType arrow = arrowType(type.asPrimitiveType());
            String name = arrow != null ? Literals.typeName(arrow)
                    : type.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(java.util.Locale.ROOT);
            return type.isRepetition(Type.Repetition.REPEATED) ? "repeated " + name : name;
        }
        org.apache.parquet.schema.GroupType g = type.asGroupType();
        if (g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            Type repeated = listRepeated(g);
            if (repeated != null) {
                return "list<" + typeName(repeated.isPrimitive() ? repeated : repeated.asGroupType().getType(0)) + ">";
            }
        }
        if (g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
            return "map";
        }
        StringBuilder b = new StringBuilder("struct<");
        for (int i = 0; i < g.getFieldCount(); i++) {
            b.append(i == 0 ? "" : ", ").append(g.getType(i).getName()).append(": ").append(typeName(g.getType(i)));
        }
        return b.append('>').toString();
    }

    /** A field with every dictionary encoding (its own, its children's) replaced by the value type. */
    static Field withoutDictionary(Field f) {
        List<Field> children = new ArrayList<>();
        for (Field c : f.getChildren()) {
            children.add(withoutDictionary(c));
        }
        FieldType t = f.getFieldType();
        return new Field(f.getName(), new FieldType(t.isNullable(), t.getType(), null, t.getMetadata()), children);
    }

    /**
     * A derived timestamp with the time zone the writer's Arrow schema names (Parquet keeps only
     * "adjusted to UTC"), e.g. pyarrow's timestamp[s, tz] stored in milliseconds.
     */
    private static Field withZone(Field derived, Field stored) {
        if (derived.getType() instanceof ArrowType.Timestamp && stored.getType() instanceof ArrowType.Timestamp) {
            ArrowType.Timestamp d = (ArrowType.Timestamp) derived.getType();
            String zone = ((ArrowType.Timestamp) stored.getType()).getTimezone();
            if (d.getTimezone() != null && zone != null) {
                return new Field(derived.getName(), new FieldType(derived.isNullable(),
                        new ArrowType.Timestamp(d.getUnit(), zone), null, stored.getMetadata()), null);
            }
        }
        return derived;
    }

    /** Whether two Parquet types have the same structure, physical and logical types and nullability (names aside). */
    private static boolean sameShape(Type a, Type b) {
        if (a.isPrimitive() != b.isPrimitive() || a.getRepetition() != b.getRepetition()) {
            return false;
        }
        if (a.isPrimitive()) {
            PrimitiveType pa = a.asPrimitiveType();
            PrimitiveType pb = b.asPrimitiveType();
            return pa.getPrimitiveTypeName() == pb.getPrimitiveTypeName() && pa.getTypeLength() == pb.getTypeLength()
                    && java.util.Objects.equals(pa.getLogicalTypeAnnotation(), pb.getLogicalTypeAnnotation());
        }
        List<Type> fa = a.asGroupType().getFields();
        List<Type> fb = b.asGroupType().getFields();
        if (fa.size() != fb.size()) {
            return false;
        }
        for (int i = 0; i < fa.size(); i++) {
            if (!sameShape(fa.get(i), fb.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static InvalidRequestException cannotRead(Type type) {
        return new InvalidRequestException("parquet provider cannot read column '" + type.getName()
                + "' of type " + type.toString().replaceAll("\\s+", " ").trim());
    }

    /** The Arrow field of a Parquet type written by any tool: primitives, structs and lists, nested at any depth. */
    private static Field derive(Type type) {
        boolean nullable = !type.isRepetition(Type.Repetition.REQUIRED);
        if (type.isPrimitive()) {
            if (type.isRepetition(Type.Repetition.REPEATED)) {
                throw cannotRead(type);
            }
            ArrowType arrow = arrowType(type.asPrimitiveType());
            if (arrow == null) {
                throw cannotRead(type);
            }
            return new Field(type.getName(), new FieldType(nullable, arrow, null), null);
        }
        org.apache.parquet.schema.GroupType g = type.asGroupType();
        if (type.isRepetition(Type.Repetition.REPEATED)) {
            throw cannotRead(type);
        }
        if (g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            Type repeated = listRepeated(g);
            if (repeated == null) {
                throw cannotRead(type);
            }
            Field element;
            if (repeated.isPrimitive()) { // legacy two-level list: the repeated column is the element
                ArrowType arrow = arrowType(repeated.asPrimitiveType());
                if (arrow == null) {
                    throw cannotRead(type);
                }
                element = new Field(repeated.getName(), new FieldType(false, arrow, null), null);
            } else {
                element = derive(repeated.asGroupType().getType(0));
            }
            return new Field(type.getName(), new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(element));
        }
        if (g.getLogicalTypeAnnotation() != null || g.getFieldCount() == 0) {
            throw cannotRead(type);
        }
        List<Field> children = new ArrayList<>();
        for (Type child : g.getFields()) {
            children.add(derive(child));
        }
        return new Field(type.getName(), new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
    }

    /**
     * The repeated child of a LIST group in the standard three-level form (repeated group with one
     * field) or the legacy two-level form (repeated primitive); null for any other layout.
     */
    static Type listRepeated(org.apache.parquet.schema.GroupType list) {
        if (list.getFieldCount() != 1) {
            return null;
        }
        Type repeated = list.getType(0);
        if (!repeated.isRepetition(Type.Repetition.REPEATED)) {
            return null;
        }
        if (repeated.isPrimitive() || repeated.asGroupType().getFieldCount() == 1) {
            return repeated;
        }
        return null;
    }

    private static ArrowType arrowType(PrimitiveType p) {
        LogicalTypeAnnotation ann = p.getLogicalTypeAnnotation();
        switch (p.getPrimitiveTypeName()) {
            case BOOLEAN:
                return ann == null ? ArrowType.Bool.INSTANCE : null;
            case FLOAT:
                return ann == null ? new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE) : null;
            case DOUBLE:
                return ann == null ? new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE) : null;
            case INT32:
                if (ann == null) {
                    return new ArrowType.Int(32, true);
                }
                if (ann instanceof IntLogicalTypeAnnotation) {
                    IntLogicalTypeAnnotation i = (IntLogicalTypeAnnotation) ann;
                    return i.getBitWidth() <= 32 ? new ArrowType.Int(i.getBitWidth(), i.isSigned()) : null;
                }
                if (ann instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return new ArrowType.Date(DateUnit.DAY);
                }
                if (ann instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
                    return ((LogicalTypeAnnotation.TimeLogicalTypeAnnotation) ann).getUnit()
                            == LogicalTypeAnnotation.TimeUnit.MILLIS ? new ArrowType.Time(TimeUnit.MILLISECOND, 32) : null;
                }
                return decimal(ann);
            case INT64:
                if (ann == null) {
                    return new ArrowType.Int(64, true);
                }
                if (ann instanceof IntLogicalTypeAnnotation) {
                    return new ArrowType.Int(64, ((IntLogicalTypeAnnotation) ann).isSigned());
                }
                if (ann instanceof TimestampLogicalTypeAnnotation) {
                    TimestampLogicalTypeAnnotation t = (TimestampLogicalTypeAnnotation) ann;
                    TimeUnit unit = t.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS ? TimeUnit.MILLISECOND
                            : t.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS ? TimeUnit.MICROSECOND
                            : TimeUnit.NANOSECOND;
                    return new ArrowType.Timestamp(unit, t.isAdjustedToUTC() ? "UTC" : null);
                }
                if (ann instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
                    LogicalTypeAnnotation.TimeUnit u = ((LogicalTypeAnnotation.TimeLogicalTypeAnnotation) ann).getUnit();
                    return u == LogicalTypeAnnotation.TimeUnit.MICROS ? new ArrowType.Time(TimeUnit.MICROSECOND, 64)
                            : u == LogicalTypeAnnotation.TimeUnit.NANOS ? new ArrowType.Time(TimeUnit.NANOSECOND, 64) : null;
                }
                return decimal(ann);
            case BINARY:
                if (ann == null) {
                    return ArrowType.Binary.INSTANCE;
                }
                if (ann instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || ann instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || ann instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                    return ArrowType.Utf8.INSTANCE;
                }
                if (ann instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation) {
                    return ArrowType.Binary.INSTANCE;
                }
                return decimal(ann);
            case FIXED_LEN_BYTE_ARRAY:
                if (ann == null || ann instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                    return new ArrowType.FixedSizeBinary(p.getTypeLength());
                }
                return decimal(ann);
            case INT96:
                // Spark's and Impala's timestamps: nanoseconds of the day and a Julian day, read as
                // timestamp[ns] (as pyarrow does); never written
                return ann == null ? new ArrowType.Timestamp(TimeUnit.NANOSECOND, null) : null;
            default:
                return null;
        }
    }

    private static ArrowType decimal(LogicalTypeAnnotation ann) {
        if (ann instanceof DecimalLogicalTypeAnnotation) {
            DecimalLogicalTypeAnnotation d = (DecimalLogicalTypeAnnotation) ann;
            if (d.getPrecision() <= 38) {
                return new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128);
            }
        }
        return null;
    }
}
