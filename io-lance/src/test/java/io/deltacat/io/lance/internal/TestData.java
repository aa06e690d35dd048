package io.deltacat.io.lance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
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

/** Generated test data: every supported type, nulls in every nullable column, and value checks. */
final class TestData {
    private TestData() {
    }

    static Field field(String name, boolean nullable, ArrowType type, Field... children) {
        return new Field(name, new FieldType(nullable, type, null), List.of(children));
    }

    static final Schema ALL_TYPES = new Schema(List.of(
            new Field("id", new FieldType(false, new ArrowType.Int(64, true), null, Map.of("comment", "row id")), null),
            field("i8", true, new ArrowType.Int(8, true)),
            field("i16", true, new ArrowType.Int(16, true)),
            field("i32", true, new ArrowType.Int(32, true)),
            field("i64", true, new ArrowType.Int(64, true)),
            field("u8", true, new ArrowType.Int(8, false)),
            field("u16", true, new ArrowType.Int(16, false)),
            field("u32", true, new ArrowType.Int(32, false)),
            field("u64", true, new ArrowType.Int(64, false)),
            field("f32", true, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            field("f64", true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            field("flag", true, ArrowType.Bool.INSTANCE),
            field("name", true, ArrowType.Utf8.INSTANCE),
            field("label", false, ArrowType.Utf8.INSTANCE),
            field("big_text", true, ArrowType.LargeUtf8.INSTANCE),
            field("bin", true, ArrowType.Binary.INSTANCE),
            field("big_bin", true, ArrowType.LargeBinary.INSTANCE),
            field("fixed", true, new ArrowType.FixedSizeBinary(4)),
            field("day", true, new ArrowType.Date(DateUnit.DAY)),
            field("day_ms", true, new ArrowType.Date(DateUnit.MILLISECOND)),
            field("ts_ms", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
            field("ts_us", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
            field("ts_ns", true, new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
            field("ts_ms_tz", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
            field("ts_us_tz", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "America/New_York")),
            field("ts_ns_tz", true, new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+02:00")),
            field("dec5", true, new ArrowType.Decimal(5, 2, 128)),
            field("dec15", true, new ArrowType.Decimal(15, 3, 128)),
            field("dec30", false, new ArrowType.Decimal(30, 5, 128)),
            field("ints", true, ArrowType.List.INSTANCE, field("item", true, new ArrowType.Int(32, true))),
            field("words", true, ArrowType.List.INSTANCE, field("item", true, ArrowType.Utf8.INSTANCE)),
            field("big_ints", true, ArrowType.LargeList.INSTANCE, field("item", true, new ArrowType.Int(64, true))),
            field("nested", true, ArrowType.List.INSTANCE, field("item", true, ArrowType.List.INSTANCE,
                    field("item", true, new ArrowType.Int(32, true)))),
            field("pairs", true, ArrowType.List.INSTANCE, field("item", true, ArrowType.Struct.INSTANCE,
                    field("k", true, new ArrowType.Int(32, true)), field("tag", true, ArrowType.Utf8.INSTANCE))),
            field("holder", true, ArrowType.Struct.INSTANCE,
                    field("inner", true, ArrowType.List.INSTANCE, field("item", true, ArrowType.Utf8.INSTANCE)),
                    field("sub", true, ArrowType.Struct.INSTANCE, field("d", true, new ArrowType.Decimal(12, 4, 128)))),
            field("vec", true, new ArrowType.FixedSizeList(3),
                    field("item", true, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))),
            field("point", true, ArrowType.Struct.INSTANCE,
                    field("x", true, new ArrowType.Int(32, true)),
                    field("tag", true, ArrowType.Utf8.INSTANCE),
                    field("at", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                    field("local", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, "-05:30")))));

    /** A batch of {@code n} generated rows starting at row {@code from}; every nullable column has nulls. */
    static VectorSchemaRoot batch(Schema schema, BufferAllocator allocator, int from, int n) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        for (int c = 0; c < root.getFieldVectors().size(); c++) {
            FieldVector v = root.getVector(c);
            int salt = ALL_TYPES.getFields().indexOf(v.getField());
            salt = salt < 0 ? c : salt;
            for (int r = 0; r < n; r++) {
                int row = from + r;
                if (v.getField().isNullable() && (row + salt) % 7 == 0) {
                    continue; // left null
                }
                set(v, r, row);
            }
            v.setValueCount(n);
        }
        root.setRowCount(n);
        return root;
    }

    static void set(FieldVector v, int index, int row) {
        long k = (row * 2654435761L) ^ ((long) row << 7);
        k = (row % 2 == 0) ? k : -k;
        if (v instanceof BigIntVector b) {
            b.setSafe(index, v.getName().equals("id") ? row : k);
        } else if (v instanceof IntVector i) {
            i.setSafe(index, (int) k);
        } else if (v instanceof SmallIntVector s) {
            s.setSafe(index, (short) k);
        } else if (v instanceof TinyIntVector t) {
            t.setSafe(index, (byte) k);
        } else if (v instanceof UInt1Vector u) {
            u.setSafe(index, (int) (k & 0xFF));
        } else if (v instanceof UInt2Vector u) {
            u.setSafe(index, (int) (k & 0xFFFF));
        } else if (v instanceof UInt4Vector u) {
            u.setSafe(index, (int) k);
        } else if (v instanceof UInt8Vector u) {
            u.setSafe(index, k);
        } else if (v instanceof Float4Vector f) {
            f.setSafe(index, k / 7.0f);
        } else if (v instanceof Float8Vector f) {
            f.setSafe(index, k / 3.0);
        } else if (v instanceof BitVector b) {
            b.setSafe(index, row % 3 == 0 ? 1 : 0);
        } else if (v instanceof VarCharVector s) {
            s.setSafe(index, text(v.getName(), row));
        } else if (v instanceof LargeVarCharVector s) {
            s.setSafe(index, text(v.getName(), row));
        } else if (v instanceof VarBinaryVector b) {
            b.setSafe(index, bytes(row));
        } else if (v instanceof LargeVarBinaryVector b) {
            b.setSafe(index, bytes(row));
        } else if (v instanceof FixedSizeBinaryVector b) {
            b.setSafe(index, new byte[] {(byte) row, (byte) (row >> 8), 0, (byte) 0xFF});
        } else if (v instanceof DateDayVector d) {
            d.setSafe(index, (int) (k % 100_000));
        } else if (v instanceof DateMilliVector d) {
            d.setSafe(index, (k % 100_000) * 86_400_000L);
        } else if (v instanceof TimeStampVector t) {
            t.setSafe(index, k % 4_000_000_000_000_000L);
        } else if (v instanceof DecimalVector d) {
            ArrowType.Decimal type = (ArrowType.Decimal) v.getField().getType();
            BigInteger unscaled = BigInteger.valueOf(k).mod(BigInteger.TEN.pow(Math.min(type.getPrecision(), 18)));
            if (type.getPrecision() > 18) {
                unscaled = unscaled.multiply(BigInteger.TEN.pow(type.getPrecision() - 19)).add(BigInteger.valueOf(row));
            }
            d.setSafe(index, new BigDecimal(row % 2 == 0 ? unscaled : unscaled.negate(), type.getScale()));
        } else if (v instanceof ListVector l) {
            int len = row % 4;
            int start = l.startNewValue(index);
            FieldVector child = l.getDataVector();
            for (int e = 0; e < len; e++) {
                if ((row + e) % 5 == 3) {
                    continue; // a null element
                }
                set(child, start + e, row * 10 + e);
            }
            l.endValue(index, len);
        } else if (v instanceof LargeListVector l) {
            int len = row % 3;
            long start = l.startNewValue(index);
            FieldVector child = l.getDataVector();
            for (int e = 0; e < len; e++) {
                if ((row + e) % 4 == 2) {
                    continue; // a null element
                }
                set(child, (int) start + e, row * 10 + e);
            }
            l.endValue(index, len);
        } else if (v instanceof FixedSizeListVector l) {
            l.setNotNull(index);
            Float4Vector child = (Float4Vector) l.getDataVector();
            for (int e = 0; e < 3; e++) {
                child.setSafe(index * 3 + e, row + e / 4.0f);
            }
        } else if (v instanceof StructVector s) {
            for (FieldVector child : s.getChildrenFromFields()) {
                if (row % 5 == 1 && child.getName().equals("tag")) {
                    continue; // a null child of a present struct
                }
                set(child, index, row);
            }
            s.setIndexDefined(index);
        } else {
            throw new IllegalArgumentException("no generator for " + v.getField());
        }
    }

    static Text text(String column, int row) {
        return new Text(column + "-" + row + (row % 11 == 0 ? " héllo ✓" : ""));
    }

    static byte[] bytes(int row) {
        return ("b" + row).getBytes(StandardCharsets.UTF_8);
    }

    /** Asserts that {@code actual} row {@code actualRow} equals {@code expected} row {@code expectedRow}. */
    static void assertSameValue(FieldVector expected, int expectedRow, FieldVector actual, int actualRow) {
        Object e = expected.getObject(expectedRow);
        Object a = actual.getObject(actualRow);
        assertThat(canon(a)).as("column %s row %d", expected.getName(), expectedRow).isEqualTo(canon(e));
    }

    static Object canon(Object o) {
        if (o instanceof byte[] b) {
            return "0x" + HexFormat.of().formatHex(b);
        }
        if (o instanceof List<?> l) {
            return l.stream().map(TestData::canon).toList();
        }
        if (o instanceof Map<?, ?> m) {
            java.util.TreeMap<String, Object> out = new java.util.TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), canon(v)));
            return out;
        }
        return o;
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    static boolean same(Object a, Object b) {
        return Objects.equals(canon(a), canon(b));
    }

    /** The URI of {@code path}, without the trailing slash {@link Path#toUri} adds for an existing directory. */
    static String uri(Path path) {
        String u = path.toAbsolutePath().toUri().toString();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    static OutputFile output(Path path) {
        String uri = uri(path);
        return new OutputFile() {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public AtomicOutputStream create() {
                throw new UnsupportedOperationException("a lance dataset is a directory, not a stream");
            }
        };
    }

    static InputFile input(Path path) {
        String uri = uri(path);
        return new InputFile() {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public long length() {
                throw new UnsupportedOperationException();
            }

            @Override
            public SeekableByteChannel open() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
