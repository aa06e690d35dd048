package io.deltacat.io.testkit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * The suite's generated data: deterministic rows of any schema of {@link Kind} columns (plus a
 * non-null {@code id}), the first {@link #EDGE_ROWS} rows holding each type's edge values, later rows
 * ordinary values with nulls in every nullable column (and in list elements and struct children).
 */
final class ContractData {
    /** Rows 0 to EDGE_ROWS - 1 hold edge values (the types that have fewer repeat ordinary values). */
    static final int EDGE_ROWS = 12;
    /** The size of the large string and binary edge values. */
    static final int LARGE_VALUE = 256 * 1024;

    private ContractData() {
    }

    static final Field ID = new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null);

    /** {@code id} and the columns of {@code kinds}, in the order given. */
    static Schema schema(Iterable<Kind> kinds) {
        List<Field> fields = new ArrayList<>();
        fields.add(ID);
        for (Kind k : kinds) {
            fields.add(k.field());
        }
        return new Schema(fields);
    }

    /** Rows {@code from} to {@code from + n - 1} of {@code schema}. */
    static VectorSchemaRoot batch(Schema schema, int from, int n, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            root.allocateNew();
            for (int c = 0; c < root.getFieldVectors().size(); c++) {
                FieldVector v = root.getVector(c);
                for (int r = 0; r < n; r++) {
                    int row = from + r;
                    if (v.getField().isNullable() && row >= EDGE_ROWS && (row + c) % 7 == 0) {
                        v.setNull(r);
                    } else if (v.getName().equals("id")) {
                        ((BigIntVector) v).setSafe(r, row);
                    } else {
                        set(v, r, row, true);
                    }
                }
                v.setValueCount(n);
            }
            root.setRowCount(n);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** One batch holding exactly {@code values} (null for a null) in a one-column schema plus id. */
    static VectorSchemaRoot ofValues(Field field, List<Long> values, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(ID, field)), allocator);
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector(0);
        BaseFixedWidthVector v = (BaseFixedWidthVector) root.getVector(1);
        for (int i = 0; i < values.size(); i++) {
            id.setSafe(i, i);
            if (values.get(i) == null) {
                v.setNull(i);
            } else {
                ((TimeStampVector) v).setSafe(i, values.get(i));
            }
        }
        id.setValueCount(values.size());
        v.setValueCount(values.size());
        root.setRowCount(values.size());
        return root;
    }

    private static long mix(int row) {
        long k = (row * 2654435761L) ^ ((long) row << 7);
        return (row % 2 == 0) ? k : -k;
    }

    /** Sets a non-null value for {@code row} at {@code index}; edge values when {@code edges} and row is an edge row. */
    static void set(FieldVector v, int index, int row, boolean edges) {
        boolean edge = edges && row < EDGE_ROWS;
        long k = mix(row);
        ArrowType type = v.getField().getType();
        if (type instanceof ArrowType.Int && !((ArrowType.Int) type).getIsSigned()) {
            long[] e = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE};
            ((BaseIntVector) v).setWithPossibleTruncate(index, edge ? e[row % e.length] : k);
        } else if (v instanceof TimeStampVector) {
            setTimestamp((TimeStampVector) v, index, row, edge, k);
        } else if (type instanceof ArrowType.Int) {
            int bits = ((ArrowType.Int) type).getBitWidth();
            long min = -(1L << (bits - 1));
            long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
            long[] e = {min, max, 0, -1, 1};
            ((BaseIntVector) v).setWithPossibleTruncate(index, edge && row < e.length ? e[row] : k);
        } else if (v instanceof Float4Vector) {
            float[] e = {Float.NaN, -0.0f, 0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                Float.MAX_VALUE, -Float.MAX_VALUE, 0.1f};
            ((Float4Vector) v).setSafe(index, edge && row < e.length ? e[row] : k / 7.0f);
        } else if (v instanceof Float8Vector) {
            double[] e = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                Double.MAX_VALUE, -Double.MAX_VALUE, 0.1 + 0.2};
            ((Float8Vector) v).setSafe(index, edge && row < e.length ? e[row] : k / 3.0);
        } else if (v instanceof BitVector) {
            ((BitVector) v).setSafe(index, row % 3 == 0 ? 1 : 0);
        } else if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8) {
            byte[] b = text(v.getName(), row, edge).getBytes(StandardCharsets.UTF_8);
            setBytes(v, index, b);
        } else if (v instanceof FixedSizeBinaryVector) {
            byte[][] e = {{0, 0, 0, 0}, {-1, -1, -1, -1}};
            ((FixedSizeBinaryVector) v).setSafe(index, edge && row < e.length ? e[row]
                    : new byte[] {(byte) row, (byte) (row >> 8), (byte) k, -1});
        } else if (v instanceof BaseVariableWidthVector || v instanceof BaseLargeVariableWidthVector) {
            setBytes(v, index, binary(row, edge, k));
        } else if (v instanceof DecimalVector || v instanceof Decimal256Vector) {
            ArrowType.Decimal t = (ArrowType.Decimal) type;
            BigInteger max = BigInteger.TEN.pow(t.getPrecision()).subtract(BigInteger.ONE);
            BigInteger[] e = {max, max.negate(), BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE.negate()};
            BigInteger unscaled = edge && row < e.length ? e[row]
                    : BigInteger.valueOf(k).multiply(BigInteger.valueOf(1_000_000_007L)).mod(max.add(BigInteger.ONE));
            if (!edge && row % 2 == 1) {
                unscaled = unscaled.negate();
            }
            BigDecimal value = new BigDecimal(unscaled, t.getScale());
            if (v instanceof DecimalVector) {
                ((DecimalVector) v).setSafe(index, value);
            } else {
                ((Decimal256Vector) v).setSafe(index, value);
            }
        } else if (v instanceof DateDayVector) {
            ((DateDayVector) v).setSafe(index, (int) day(row, edge, k));
        } else if (v instanceof DateMilliVector) {
            ((DateMilliVector) v).setSafe(index, day(row, edge, k) * 86_400_000L);
        } else if (v instanceof TimeMicroVector) {
            long[] e = {0, 86_399_999_999L};
            ((TimeMicroVector) v).setSafe(index, edge && row < e.length ? e[row] : Math.floorMod(k, 86_400_000_000L));
        } else if (v instanceof DurationVector) {
            long[] e = {0, -1, 1, 86_400_000_000L, -86_400_000_000L};
            ((DurationVector) v).setSafe(index, edge && row < e.length ? e[row] : k);
        } else if (v instanceof ListVector || v instanceof LargeListVector) {
            setList(v, index, row, edge);
        } else if (v instanceof FixedSizeListVector) {
            FixedSizeListVector l = (FixedSizeListVector) v;
            l.setNotNull(index);
            FieldVector child = l.getDataVector();
            for (int e = 0; e < l.getListSize(); e++) {
                if ((row + e) % 5 == 3) {
                    child.setNull(index * l.getListSize() + e);
                } else {
                    set(child, index * l.getListSize() + e, row * 10 + e, false);
                }
            }
        } else if (v instanceof StructVector) {
            StructVector s = (StructVector) v;
            s.setIndexDefined(index);
            int c = 0;
            for (FieldVector child : s.getChildrenFromFields()) {
                if (child.getField().isNullable() && (row + c++) % 4 == 0) {
                    child.setNull(index); // a null child of a present struct (row 0: every child null)
                } else {
                    set(child, index, row + 13 * c, false);
                }
            }
        } else {
            throw new IllegalArgumentException("the kit generates no values for " + v.getField());
        }
    }

    private static void setBytes(FieldVector v, int index, byte[] b) {
        if (v instanceof BaseVariableWidthVector) {
            ((BaseVariableWidthVector) v).setSafe(index, b);
        } else {
            ((BaseLargeVariableWidthVector) v).setSafe(index, b);
        }
    }

    static String text(String column, int row, boolean edge) {
        if (edge) {
            switch (row) {
                case 0: return "";
                case 1: return "é✓😀 中文 𝄞 \u00a0ünïcödé";
                case 2: return large(column);
                case 3: return "comma, \"quote\"\nnew line\r\nline|pipe\ttab;semi";
                case 4: return " padded ";
                case 5: return "NULL";
                case 6: return "null";
                case 7: return "\\N";
                default: break;
            }
        }
        return column + "-" + row + (row % 5 == 0 ? " é✓😀" : "") + "x".repeat(row % 13);
    }

    private static String large(String column) {
        StringBuilder b = new StringBuilder(LARGE_VALUE);
        b.append(column).append(':');
        for (int i = 0; b.length() < LARGE_VALUE; i++) {
            b.append(i % 97 == 0 ? "ß€ " : "abcdefghij".charAt(i % 10));
        }
        return b.toString();
    }

    private static byte[] binary(int row, boolean edge, long k) {
        if (edge) {
            switch (row) {
                case 0: return new byte[0];
                case 1: return new byte[] {0};
                case 2: {
                    byte[] big = new byte[LARGE_VALUE];
                    for (int i = 0; i < big.length; i++) {
                        big[i] = (byte) (i * 31 + (i >> 8));
                    }
                    return big;
                }
                case 3: return new byte[] {-1, 0, 1, 127, -128, 10, 13, 44, 34};
                default: break;
            }
        }
        byte[] b = new byte[row % 9];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (k >> i);
        }
        return b;
    }

    private static long day(int row, boolean edge, long k) {
        LocalDate[] e = {LocalDate.EPOCH, LocalDate.of(1969, 12, 31), LocalDate.of(1970, 1, 2),
            LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1582, 10, 4), LocalDate.of(1582, 10, 15),
            LocalDate.of(1900, 1, 1), LocalDate.of(2000, 2, 29)};
        return edge && row < e.length ? e[row].toEpochDay() : k % 200_000;
    }

    private static void setTimestamp(TimeStampVector v, int index, int row, boolean edge, long k) {
        TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
        long perSecond = perSecond(unit);
        // ordinary edges: the epoch, whole seconds on both sides of it, a leap day; the edges of the
        // epoch's second and of the unit have cases of their own (FormatProviderContract.timestamps)
        long[] e = {0, 1, perSecond, -perSecond, -86_400 * perSecond, 951_825_600L * perSecond,
            1_700_000_000L * perSecond + perSecond / 3};
        if (edge && row < e.length) {
            v.setSafe(index, e[row]);
            return;
        }
        long ms = k % 4_000_000_000_000L; // about 1843 to 2096, fractional seconds both sides of 1970
        long value = unit == TimeUnit.SECOND ? ms / 1000 : unit == TimeUnit.MILLISECOND ? ms
                : unit == TimeUnit.MICROSECOND ? ms * 1000 + row % 1000 : ms * 1_000_000 + row % 1_000_000;
        v.setSafe(index, value);
    }

    static long perSecond(TimeUnit unit) {
        switch (unit) {
            case SECOND: return 1;
            case MILLISECOND: return 1000;
            case MICROSECOND: return 1_000_000;
            default: return 1_000_000_000;
        }
    }

    private static void setList(FieldVector v, int index, int row, boolean edge) {
        int len = edge && row == 2 ? 1000 : edge && row == 0 ? 0 : edge && row == 1 ? 1 : row % 4;
        FieldVector child;
        int start;
        if (v instanceof ListVector) {
            start = ((ListVector) v).startNewValue(index);
            child = ((ListVector) v).getDataVector();
        } else {
            start = (int) ((LargeListVector) v).startNewValue(index);
            child = ((LargeListVector) v).getDataVector();
        }
        boolean map = v.getField().getType() instanceof ArrowType.Map;
        for (int j = 0; j < len; j++) {
            boolean nullElement = edge && row == 1 || !map && (row + j) % 3 == 0;
            if (nullElement && !map) {
                child.setNull(start + j);
            } else if (map) {
                StructVector entry = (StructVector) child;
                entry.setIndexDefined(start + j);
                set(entry.getChildrenFromFields().get(0), start + j, row * 1000 + j, false);
                FieldVector value = entry.getChildrenFromFields().get(1);
                if ((row + j) % 3 == 0) {
                    value.setNull(start + j);
                } else {
                    set(value, start + j, row * 7 + j, false);
                }
            } else {
                set(child, start + j, row * 7 + j, false);
            }
        }
        child.setValueCount(start + len);
        if (v instanceof ListVector) {
            ((ListVector) v).endValue(index, len);
        } else {
            ((LargeListVector) v).endValue(index, len);
        }
    }

    /** Comparable values of a batch's rows: text as strings, bytes as hex, unsigned ints without overflow. */
    static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> out = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : root.getFieldVectors()) {
                row.add(value(v, r));
            }
            out.add(row);
        }
        return out;
    }

    /** The comparable value of one slot. */
    static Object value(FieldVector v, int r) {
        if (v.isNull(r)) {
            return null;
        }
        if (v instanceof UInt1Vector) {
            return (long) ((UInt1Vector) v).getValueAsLong(r) & 0xFF;
        }
        if (v instanceof UInt2Vector) {
            return (long) ((UInt2Vector) v).get(r);
        }
        if (v instanceof UInt4Vector) {
            return ((UInt4Vector) v).getValueAsLong(r) & 0xFFFF_FFFFL;
        }
        if (v instanceof UInt8Vector) {
            return new BigInteger(Long.toUnsignedString(((UInt8Vector) v).get(r)));
        }
        return normalize(v.getObject(r));
    }

    static Object normalize(Object o) {
        if (o instanceof byte[]) {
            return "0x" + HexFormat.of().formatHex((byte[]) o);
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
                m.put(String.valueOf(e.getKey()), normalize(e.getValue()));
            }
            return m;
        }
        return o;
    }

    /** A value as a message shows it: long strings cut to their start and length. */
    static String show(Object o) {
        String s = String.valueOf(o);
        return s.length() > 120 ? s.substring(0, 100) + "...(" + s.length() + " chars)" : s;
    }
}
