package io.deltacat.io.parquet.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import java.math.BigDecimal;
import java.math.BigInteger;
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
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The per-type code that moves values between Arrow vectors and Parquet column writers and readers
 * (the types themselves are mapped by {@link ParquetSchemas}).
 */
final class ParquetTypes {
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
            case LargeUtf8: {
                LargeVarCharVector v = (LargeVarCharVector) vector;
                return (w, i, r, d) -> w.write(Binary.fromConstantByteArray(v.get(i)), r, d);
            }
            case LargeBinary: {
                LargeVarBinaryVector v = (LargeVarBinaryVector) vector;
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
            case Time: {
                if (vector instanceof TimeMilliVector) {
                    TimeMilliVector v = (TimeMilliVector) vector;
                    return (w, i, r, d) -> w.write(v.get(i), r, d);
                }
                if (vector instanceof TimeMicroVector) {
                    TimeMicroVector v = (TimeMicroVector) vector;
                    return (w, i, r, d) -> w.write(v.get(i), r, d);
                }
                if (vector instanceof TimeNanoVector) {
                    TimeNanoVector v = (TimeNanoVector) vector;
                    return (w, i, r, d) -> w.write(v.get(i), r, d);
                }
                throw ParquetSchemas.cannotStore(vector.getField());
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
                throw ParquetSchemas.cannotStore(vector.getField());
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
            case LargeUtf8: {
                // the writer's ARROW:schema says large_string (pyarrow's large_string, or ours)
                LargeVarCharVector v = (LargeVarCharVector) vector;
                return (r, i) -> {
                    java.nio.ByteBuffer b = r.getBinary().toByteBuffer();
                    v.setSafe(i, b, b.position(), b.remaining());
                };
            }
            case LargeBinary: {
                LargeVarBinaryVector v = (LargeVarBinaryVector) vector;
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
                if (physical == PrimitiveTypeName.INT96) {
                    return (r, i) -> v.setSafe(i, int96Nanos(r.getBinary()));
                }
                return (r, i) -> v.setSafe(i, r.getLong());
            }
            case Time: {
                if (vector instanceof TimeMilliVector) {
                    TimeMilliVector v = (TimeMilliVector) vector;
                    return (r, i) -> v.setSafe(i, r.getInteger());
                }
                if (vector instanceof TimeMicroVector) {
                    TimeMicroVector v = (TimeMicroVector) vector;
                    return (r, i) -> v.setSafe(i, r.getLong());
                }
                TimeNanoVector v = (TimeNanoVector) vector;
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

    /** Julian day number of 1970-01-01. */
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;

    /**
     * Nanoseconds since 1970 of an INT96 timestamp: 8 bytes of nanoseconds within the day, then 4
     * bytes of Julian day, both little-endian (Impala's layout, which Spark and pyarrow write).
     */
    static long int96Nanos(Binary value) {
        java.nio.ByteBuffer b = value.toByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = b.getLong(b.position());
        long julianDay = Integer.toUnsignedLong(b.getInt(b.position() + 8));
        return Math.addExact(Math.multiplyExact(julianDay - JULIAN_EPOCH_DAY, 86_400_000_000_000L), nanosOfDay);
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
                // INT96 statistics are ordered by their bytes, not by time: no usable bounds
                return parquetValue instanceof Number ? ((Number) parquetValue).longValue() : null;
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
