package io.deltacat.io.parquet.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.ColumnWriter;
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
 * The mapping between Arrow types and Parquet primitive columns (flat schemas only), and the
 * per-type code that moves values between Arrow vectors and Parquet column writers/readers.
 */
final class ParquetTypes {
    /** Key of the file's key-value metadata holding the exact Arrow schema (JSON). */
    static final String ARROW_SCHEMA_KEY = "deltacat.arrow.schema";
    static final String MESSAGE_NAME = "schema";

    private ParquetTypes() {
    }

    /** Writes the non-null value at {@code row} of a bound vector. */
    interface ValueWriter {
        void write(ColumnWriter writer, int row, int repetitionLevel, int definitionLevel);
    }

    /** Reads the current (non-null) value of a column reader into {@code index} of a bound vector. */
    interface ValueReader {
        void read(ColumnReader reader, int index);
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
     * three-level LIST group for a list. A list inside a list element is not supported (the reader
     * assembles one level of repetition).
     */
    static Type toParquet(Field field) {
        try {
            return toParquet(field, false);
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

    private static Type toParquet(Field field, boolean repeatedAbove) {
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
                    g.addField(toParquet(child, repeatedAbove));
                }
                return g.named(field.getName());
            }
            case List: {
                if (repeatedAbove || field.getChildren().size() != 1) {
                    throw cannotStore(field);
                }
                Type element = toParquet(renamed(field.getChildren().get(0), "element"), true);
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
                return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
            case Binary:
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
            try {
                if (sameShape(toParquet(stored), type)) {
                    return stored;
                }
            } catch (InvalidRequestException e) {
                // fall back to the type the Parquet column itself declares
            }
        }
        return derive(type, false);
    }

    /** Whether two Parquet types have the same structure, physical types and nullability (names aside). */
    private static boolean sameShape(Type a, Type b) {
        if (a.isPrimitive() != b.isPrimitive() || a.getRepetition() != b.getRepetition()) {
            return false;
        }
        if (a.isPrimitive()) {
            PrimitiveType pa = a.asPrimitiveType();
            PrimitiveType pb = b.asPrimitiveType();
            return pa.getPrimitiveTypeName() == pb.getPrimitiveTypeName() && pa.getTypeLength() == pb.getTypeLength();
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

    /** The Arrow field of a Parquet type written by any tool; structs, and lists of non-lists. */
    private static Field derive(Type type, boolean repeatedAbove) {
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
            if (repeated == null || repeatedAbove) {
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
                element = derive(repeated.asGroupType().getType(0), true);
            }
            return new Field(type.getName(), new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(element));
        }
        if (g.getLogicalTypeAnnotation() != null || g.getFieldCount() == 0) {
            throw cannotRead(type);
        }
        List<Field> children = new ArrayList<>();
        for (Type child : g.getFields()) {
            children.add(derive(child, repeatedAbove));
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
            default:
                return null; // INT96
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

    /** The code writing the values of {@code vector} (whose field maps to {@code column}). */
    /** A writer reading {@code vector}'s buffers by address, or null for types without one. */
    private static ValueWriter directWriter(FieldVector vector) {
        if (vector instanceof BigIntVector || vector instanceof TimeStampVector) {
            long data = vector.getDataBuffer().memoryAddress();
            return (w, i, r, d) -> w.write(MemoryUtil.getLong(data + (long) i * 8), r, d);
        }
        if (vector instanceof IntVector || vector instanceof DateDayVector) {
            long data = vector.getDataBuffer().memoryAddress();
            return (w, i, r, d) -> w.write(MemoryUtil.getInt(data + (long) i * 4), r, d);
        }
        if (vector instanceof Float8Vector) {
            long data = vector.getDataBuffer().memoryAddress();
            return (w, i, r, d) -> w.write(Double.longBitsToDouble(MemoryUtil.getLong(data + (long) i * 8)), r, d);
        }
        if (vector instanceof Float4Vector) {
            long data = vector.getDataBuffer().memoryAddress();
            return (w, i, r, d) -> w.write(Float.intBitsToFloat(MemoryUtil.getInt(data + (long) i * 4)), r, d);
        }
        if (vector instanceof VarCharVector) {
            long offsets = vector.getOffsetBuffer().memoryAddress();
            long data = vector.getDataBuffer().memoryAddress();
            // One scratch array per bound column (a column is written by one thread at a time). The
            // value is marked reused: Parquet copies it only where it keeps it (a new dictionary
            // entry, a new min or max), instead of this writer allocating a copy of every value.
            byte[][] scratch = {new byte[64]};
            return (w, i, r, d) -> {
                int start = MemoryUtil.getInt(offsets + (long) i * 4);
                int length = MemoryUtil.getInt(offsets + (long) (i + 1) * 4) - start;
                byte[] bytes = scratch[0];
                if (bytes.length < length) {
                    bytes = scratch[0] = new byte[Math.max(length, bytes.length * 2)];
                }
                MemoryUtil.copyFromMemory(data + start, bytes, 0, length);
                w.write(Binary.fromReusedByteArray(bytes, 0, length), r, d);
            };
        }
        return null;
    }

    static ValueWriter writer(FieldVector vector, PrimitiveType column) {
        ArrowType type = vector.getField().getType();
        // The common fixed-width and string columns are read by address (taken once per batch; the
        // shredder only passes rows below the value count): ArrowBuf's checked getters on every
        // value were a large part of the write profile.
        if (vector.getValueCount() > 0) {
            ValueWriter direct = directWriter(vector);
            if (direct != null) {
                return direct;
            }
        }
        switch (type.getTypeID()) {
            case Int: {
                ArrowType.Int t = (ArrowType.Int) type;
                switch (t.getBitWidth() * (t.getIsSigned() ? 1 : -1)) {
                    case 8: { TinyIntVector v = (TinyIntVector) vector; return (w, i, r, d) -> w.write((int) v.get(i), r, d); }
                    case 16: { SmallIntVector v = (SmallIntVector) vector; return (w, i, r, d) -> w.write((int) v.get(i), r, d); }
                    case 32: { IntVector v = (IntVector) vector; return (w, i, r, d) -> w.write(v.get(i), r, d); }
                    case 64: { BigIntVector v = (BigIntVector) vector; return (w, i, r, d) -> w.write(v.get(i), r, d); }
                    case -8: { UInt1Vector v = (UInt1Vector) vector; return (w, i, r, d) -> w.write(v.get(i) & 0xFF, r, d); }
                    case -16: { UInt2Vector v = (UInt2Vector) vector; return (w, i, r, d) -> w.write((int) v.get(i), r, d); }
                    case -32: { UInt4Vector v = (UInt4Vector) vector; return (w, i, r, d) -> w.write(v.get(i), r, d); }
                    default: { UInt8Vector v = (UInt8Vector) vector; return (w, i, r, d) -> w.write(v.get(i), r, d); }
                }
            }
            case FloatingPoint:
                if (vector instanceof Float4Vector) {
                    Float4Vector v = (Float4Vector) vector;
                    return (w, i, r, d) -> w.write(v.get(i), r, d);
                } else {
                    Float8Vector v = (Float8Vector) vector;
                    return (w, i, r, d) -> w.write(v.get(i), r, d);
                }
            case Bool: {
                BitVector v = (BitVector) vector;
                return (w, i, r, d) -> w.write(v.get(i) != 0, r, d);
            }
            case Utf8: {
                VarCharVector v = (VarCharVector) vector;
                return (w, i, r, d) -> w.write(Binary.fromConstantByteArray(v.get(i)), r, d);
            }
            case Binary: {
                VarBinaryVector v = (VarBinaryVector) vector;
                return (w, i, r, d) -> w.write(Binary.fromConstantByteArray(v.get(i)), r, d);
            }
            case FixedSizeBinary: {
                FixedSizeBinaryVector v = (FixedSizeBinaryVector) vector;
                return (w, i, r, d) -> w.write(Binary.fromConstantByteArray(v.get(i)), r, d);
            }
            case Date: {
                DateDayVector v = (DateDayVector) vector;
                return (w, i, r, d) -> w.write(v.get(i), r, d);
            }
            case Timestamp: {
                TimeStampVector v = (TimeStampVector) vector;
                return (w, i, r, d) -> w.write(v.get(i), r, d);
            }
            case Decimal: {
                DecimalVector v = (DecimalVector) vector;
                switch (column.getPrimitiveTypeName()) {
                    case INT32:
                        return (w, i, r, d) -> w.write((int) v.getDataBuffer().getLong((long) i * DecimalVector.TYPE_WIDTH), r, d);
                    case INT64:
                        return (w, i, r, d) -> w.write(v.getDataBuffer().getLong((long) i * DecimalVector.TYPE_WIDTH), r, d);
                    default: {
                        int len = column.getTypeLength();
                        return (w, i, r, d) -> w.write(Binary.fromConstantByteArray(bigEndian(v, i, len)), r, d);
                    }
                }
            }
            default:
                throw cannotStore(vector.getField());
        }
    }

    /** The unscaled value at {@code i} as {@code len} big-endian two's complement bytes. */
    private static byte[] bigEndian(DecimalVector v, int i, int len) {
        byte[] le = new byte[DecimalVector.TYPE_WIDTH];
        v.getDataBuffer().getBytes((long) i * DecimalVector.TYPE_WIDTH, le);
        byte[] out = new byte[len];
        for (int k = 0; k < len; k++) {
            out[k] = le[len - 1 - k];
        }
        return out;
    }

    /** The code reading values of {@code column} into {@code vector}. */
    static ValueReader reader(FieldVector vector, PrimitiveType column) {
        ArrowType type = vector.getField().getType();
        PrimitiveTypeName physical = column.getPrimitiveTypeName();
        switch (type.getTypeID()) {
            case Int: {
                ArrowType.Int t = (ArrowType.Int) type;
                switch (t.getBitWidth() * (t.getIsSigned() ? 1 : -1)) {
                    case 8: { TinyIntVector v = (TinyIntVector) vector; return (r, i) -> v.setSafe(i, (byte) r.getInteger()); }
                    case 16: { SmallIntVector v = (SmallIntVector) vector; return (r, i) -> v.setSafe(i, (short) r.getInteger()); }
                    case 32: { IntVector v = (IntVector) vector; return (r, i) -> v.setSafe(i, r.getInteger()); }
                    case 64: { BigIntVector v = (BigIntVector) vector; return (r, i) -> v.setSafe(i, r.getLong()); }
                    case -8: { UInt1Vector v = (UInt1Vector) vector; return (r, i) -> v.setSafe(i, (byte) r.getInteger()); }
                    case -16: { UInt2Vector v = (UInt2Vector) vector; return (r, i) -> v.setSafe(i, (char) r.getInteger()); }
                    case -32: { UInt4Vector v = (UInt4Vector) vector; return (r, i) -> v.setSafe(i, r.getInteger()); }
                    default: { UInt8Vector v = (UInt8Vector) vector; return (r, i) -> v.setSafe(i, r.getLong()); }
                }
            }
            case FloatingPoint:
                if (vector instanceof Float4Vector) {
                    Float4Vector v = (Float4Vector) vector;
                    return (r, i) -> v.setSafe(i, r.getFloat());
                } else {
                    Float8Vector v = (Float8Vector) vector;
                    return (r, i) -> v.setSafe(i, r.getDouble());
                }
            case Bool: {
                BitVector v = (BitVector) vector;
                return (r, i) -> v.setSafe(i, r.getBoolean() ? 1 : 0);
            }
            case Utf8: {
                VarCharVector v = (VarCharVector) vector;
                return (r, i) -> {
                    java.nio.ByteBuffer b = r.getBinary().toByteBuffer();
                    v.setSafe(i, b, b.position(), b.remaining());
                };
            }
            case Binary: {
                VarBinaryVector v = (VarBinaryVector) vector;
                return (r, i) -> {
                    java.nio.ByteBuffer b = r.getBinary().toByteBuffer();
                    v.setSafe(i, b, b.position(), b.remaining());
                };
            }
            case FixedSizeBinary: {
                FixedSizeBinaryVector v = (FixedSizeBinaryVector) vector;
                return (r, i) -> v.setSafe(i, r.getBinary().getBytes());
            }
            case Date: {
                DateDayVector v = (DateDayVector) vector;
                return (r, i) -> v.setSafe(i, r.getInteger());
            }
            case Timestamp: {
                TimeStampVector v = (TimeStampVector) vector;
                return (r, i) -> v.setSafe(i, r.getLong());
            }
            case Decimal: {
                DecimalVector v = (DecimalVector) vector;
                switch (physical) {
                    case INT32: return (r, i) -> v.setSafe(i, (long) r.getInteger());
                    case INT64: return (r, i) -> v.setSafe(i, r.getLong());
                    default: return (r, i) -> v.setBigEndianSafe(i, r.getBinary().getBytes());
                }
            }
            default:
                throw new InvalidRequestException("parquet provider cannot read column '"
                        + vector.getField().getName() + "' as " + Literals.typeName(type));
        }
    }

    /** Canonical value (see {@link Literals}) of a Parquet statistics value for an Arrow type, or null. */
    static Object canonical(ArrowType type, PrimitiveType column, Object parquetValue) {
        if (parquetValue == null) {
            return null;
        }
        switch (type.getTypeID()) {
            case Int: {
                ArrowType.Int t = (ArrowType.Int) type;
                if (!t.getIsSigned()) {
                    return null; // Parquet-Java's min/max for unsigned may be ordered as signed
                }
                return ((Number) parquetValue).longValue();
            }
            case FloatingPoint: {
                double d = ((Number) parquetValue).doubleValue();
                return Double.isNaN(d) ? null : d;
            }
            case Date: case Timestamp:
                return ((Number) parquetValue).longValue();
            case Bool:
                return parquetValue;
            case Utf8: {
                // UTF-8 byte order (Parquet's) equals String order unless surrogates are involved
                String str = ((Binary) parquetValue).toStringUsingUTF8();
                return str.chars().anyMatch(c -> c >= 0xD800) ? null : str;
            }
            case Decimal: {
                int scale = ((ArrowType.Decimal) type).getScale();
                BigInteger unscaled;
                if (parquetValue instanceof Binary) {
                    unscaled = new BigInteger(((Binary) parquetValue).getBytes());
                } else {
                    unscaled = BigInteger.valueOf(((Number) parquetValue).longValue());
                }
                return new BigDecimal(unscaled, scale).stripTrailingZeros();
            }
            default:
                return null;
        }
    }
}
