package io.deltacat.io.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/** Generated test rows covering every type the provider must round-trip, with nulls in every column. */
public final class AllTypesData {
    private AllTypesData() {
    }

    public static final Schema ALL_TYPES = new Schema(List.of(
            new Field("id", new FieldType(false, new ArrowType.Int(64, true), null, Map.of("comment", "row id")), null),
            field("i8", true, new ArrowType.Int(8, true)),
            field("i16", true, new ArrowType.Int(16, true)),
            field("i32", true, new ArrowType.Int(32, true)),
            field("i64", true, new ArrowType.Int(64, true)),
            field("f32", true, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            field("f64", true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            field("flag", true, ArrowType.Bool.INSTANCE),
            field("name", true, ArrowType.Utf8.INSTANCE),
            field("label", false, ArrowType.Utf8.INSTANCE),
            field("bin", true, ArrowType.Binary.INSTANCE),
            field("day", true, new ArrowType.Date(DateUnit.DAY)),
            field("ts_ms", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
            field("ts_us", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
            field("ts_ns", true, new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
            field("ts_ms_tz", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
            field("ts_us_tz", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "America/New_York")),
            field("ts_ns_tz", true, new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+02:00")),
            field("dec5", true, new ArrowType.Decimal(5, 2, 128)),
            field("dec15", true, new ArrowType.Decimal(15, 3, 128)),
            field("dec30", false, new ArrowType.Decimal(30, 5, 128)),
            new Field("tags", FieldType.nullable(new ArrowType.List()),
                    List.of(field("item", true, new ArrowType.Int(32, true)))),
            new Field("words", FieldType.nullable(new ArrowType.List()),
                    List.of(field("item", true, ArrowType.Utf8.INSTANCE))),
            new Field("point", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                    field("x", true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                    field("note", true, ArrowType.Utf8.INSTANCE),
                    field("at", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))))));

    public static Field field(String name, boolean nullable, ArrowType type) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    /** A batch of {@code n} generated rows starting at row {@code from}; every nullable column has nulls. */
    public static VectorSchemaRoot batch(Schema schema, int from, int n, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        for (int c = 0; c < root.getFieldVectors().size(); c++) {
            FieldVector v = root.getVector(c);
            for (int r = 0; r < n; r++) {
                int row = from + r;
                if (v.getField().isNullable() && (row + c) % 7 == 0) {
                    v.setNull(r);
                    continue;
                }
                set(v, r, row);
            }
            v.setValueCount(n);
        }
        root.setRowCount(n);
        return root;
    }

    public static void set(FieldVector v, int index, int row) {
        long k = (row * 2654435761L) ^ ((long) row << 7);
        k = (row % 2 == 0) ? k : -k;
        if (v instanceof BigIntVector) {
            ((BigIntVector) v).setSafe(index, v.getName().equals("id") ? row : k);
        } else if (v instanceof TinyIntVector) {
            ((TinyIntVector) v).setSafe(index, (byte) k);
        } else if (v instanceof SmallIntVector) {
            ((SmallIntVector) v).setSafe(index, (short) k);
        } else if (v instanceof IntVector) {
            ((IntVector) v).setSafe(index, (int) k);
        } else if (v instanceof Float4Vector) {
            ((Float4Vector) v).setSafe(index, k / 7.0f);
        } else if (v instanceof Float8Vector) {
            ((Float8Vector) v).setSafe(index, row == 3 ? Double.NaN : k / 3.0);
        } else if (v instanceof BitVector) {
            ((BitVector) v).setSafe(index, row % 3 == 0 ? 1 : 0);
        } else if (v instanceof VarCharVector) {
            String s = v.getName() + "-" + row + (row % 5 == 0 ? " é✓😀" : "") + (row % 11 == 0 ? "" : "x".repeat(row % 13));
            ((VarCharVector) v).setSafe(index, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof VarBinaryVector) {
            byte[] b = new byte[row % 9];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (k >> i);
            }
            ((VarBinaryVector) v).setSafe(index, b);
        } else if (v instanceof DateDayVector) {
            ((DateDayVector) v).setSafe(index, (int) (k % 200_000));
        } else if (v instanceof TimeStampVector) {
            long ms = k % 4_000_000_000_000L;
            TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
            long value = unit == TimeUnit.MILLISECOND ? ms : unit == TimeUnit.MICROSECOND ? ms * 1000 + row % 1000
                    : ms * 1_000_000 + row % 1_000_000;
            ((TimeStampVector) v).setSafe(index, value);
        } else if (v instanceof DecimalVector) {
            ArrowType.Decimal t = (ArrowType.Decimal) v.getField().getType();
            BigInteger unscaled = t.getPrecision() > 18
                    ? BigInteger.valueOf(k).multiply(BigInteger.valueOf(1_000_000_007L))
                    : BigInteger.valueOf(k % BigInteger.TEN.pow(t.getPrecision()).longValueExact());
            ((DecimalVector) v).setSafe(index, new BigDecimal(unscaled, t.getScale()));
        } else if (v instanceof ListVector) {
            ListVector l = (ListVector) v;
            int len = row % 4;
            int start = l.startNewValue(index);
            FieldVector data = l.getDataVector();
            for (int j = 0; j < len; j++) {
                if ((row + j) % 3 == 0) {
                    data.setNull(start + j);
                } else {
                    set(data, start + j, row * 7 + j);
                }
            }
            data.setValueCount(start + len);
            l.endValue(index, len);
        } else if (v instanceof StructVector) {
            StructVector s = (StructVector) v;
            s.setIndexDefined(index);
            int c = 0;
            for (FieldVector child : s.getChildrenFromFields()) {
                if ((row + c++) % 4 == 0) {
                    child.setNull(index);
                } else {
                    set(child, index, row + 13 * c);
                }
            }
        } else {
            throw new IllegalArgumentException(v.getClass().getName());
        }
    }

    /** Comparable values of a batch: byte arrays as hex, text as strings, nested values as lists and maps. */
    public static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> out = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : root.getFieldVectors()) {
                row.add(normalize(v.getObject(r)));
            }
            out.add(row);
        }
        return out;
    }

    public static Object normalize(Object o) {
        if (o instanceof byte[]) {
            return HexFormat.of().formatHex((byte[]) o);
        }
        if (o instanceof Text) {
            return o.toString();
        }
        if (o instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object e : (List<?>) o) {
                l.add(normalize(e));
            }
            return l;
        }
        if (o instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                m.put(e.getKey(), normalize(e.getValue()));
            }
            return m;
        }
        return o;
    }

    public static List<List<Object>> expected(Schema schema, int rows, BufferAllocator allocator) {
        try (VectorSchemaRoot b = batch(schema, 0, rows, allocator)) {
            return rows(b);
        }
    }
}
