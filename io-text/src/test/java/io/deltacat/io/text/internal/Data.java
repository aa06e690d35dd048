package io.deltacat.io.text.internal;

import io.deltacat.io.testkit.LocalFiles;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.WrittenFile;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
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

/** Test data: schemas, filling vectors from Java values, reading files back as rows. */
final class Data {
    private Data() {
    }

    static Field f(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    static Field f(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), List.of(children));
    }

    /** Every scalar type text formats hold. */
    static final Schema SCALARS = new Schema(List.of(
            f("i8", new ArrowType.Int(8, true)),
            f("i16", new ArrowType.Int(16, true)),
            f("i32", new ArrowType.Int(32, true)),
            f("i64", new ArrowType.Int(64, true)),
            f("u8", new ArrowType.Int(8, false)),
            f("u32", new ArrowType.Int(32, false)),
            f("u64", new ArrowType.Int(64, false)),
            f("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            f("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            f("flag", ArrowType.Bool.INSTANCE),
            f("name", ArrowType.Utf8.INSTANCE),
            f("blob", ArrowType.Binary.INSTANCE),
            f("amount", new ArrowType.Decimal(12, 3, 128)),
            f("day", new ArrowType.Date(DateUnit.DAY)),
            f("ts_s", new ArrowType.Timestamp(TimeUnit.SECOND, null)),
            f("ts_ms_utc", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
            f("ts_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
            f("ts_ns_ny", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "America/New_York")),
            f("tod", new ArrowType.Time(TimeUnit.MICROSECOND, 64))));

    /** Rows for {@link #SCALARS}: edge values, and a null in every column. */
    static final List<Object[]> SCALAR_ROWS = List.of(
            new Object[] {(byte) -128, (short) 32767, Integer.MIN_VALUE, Long.MAX_VALUE, 255, 4_000_000_000L, -1L,
                1.1f, 0.1 + 0.2, true, "comma, \"quote\"\nnewline|tab\t", new byte[] {0, 1, -1},
                new BigDecimal("-123456789.001"), LocalDate.of(1969, 12, 31), -1L, 1_700_000_000_123L,
                1_700_000_000_123_456L, 1_700_000_000_123_456_789L, 3_600_000_001L},
            new Object[] {null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null},
            new Object[] {(byte) 7, (short) -2, 42, Long.MIN_VALUE, 0, 0L, 0L, -0.5f, 1e300, false, "", new byte[0],
                new BigDecimal("0.500"), LocalDate.of(2024, 2, 29), 0L, -1L, 0L, -5L, 0L},
            new Object[] {null, (short) 1, null, 3L, null, 7L, null, null, Double.NaN, null, "ünïcödé ✓", null,
                null, null, 86_399L, null, null, null, null});

    static VectorSchemaRoot root(Schema schema, List<Object[]> rows, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < schema.getFields().size(); c++) {
                set(root.getVector(c), r, rows.get(r)[c]);
            }
        }
        root.setRowCount(rows.size());
        return root;
    }

    @SuppressWarnings("unchecked")
    static void set(FieldVector v, int i, Object value) {
        if (value == null) {
            TextValues.setNull(v, i);
        } else if (v instanceof BaseIntVector) {
            TextValues.ensure(v, i);
            ((BaseIntVector) v).setWithPossibleTruncate(i, ((Number) value).longValue());
        } else if (v instanceof Float4Vector) {
            ((Float4Vector) v).setSafe(i, (Float) value);
        } else if (v instanceof Float8Vector) {
            ((Float8Vector) v).setSafe(i, (Double) value);
        } else if (v instanceof BitVector) {
            ((BitVector) v).setSafe(i, (Boolean) value ? 1 : 0);
        } else if (v instanceof VarCharVector) {
            ((VarCharVector) v).setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof VarBinaryVector) {
            ((VarBinaryVector) v).setSafe(i, (byte[]) value);
        } else if (v instanceof DecimalVector) {
            ((DecimalVector) v).setSafe(i, (BigDecimal) value);
        } else if (v instanceof DateDayVector) {
            ((DateDayVector) v).setSafe(i, (int) ((LocalDate) value).toEpochDay());
        } else if (v instanceof TimeStampVector) {
            ((TimeStampVector) v).setSafe(i, (Long) value);
        } else if (v instanceof TimeMicroVector) {
            ((TimeMicroVector) v).setSafe(i, (Long) value);
        } else if (v instanceof ListVector) {
            ListVector l = (ListVector) v;
            List<Object> items = (List<Object>) value;
            int start = l.startNewValue(i);
            for (int k = 0; k < items.size(); k++) {
                set(l.getDataVector(), start + k, items.get(k));
            }
            l.endValue(i, items.size());
        } else if (v instanceof StructVector) {
            StructVector s = (StructVector) v;
            Map<String, Object> m = (Map<String, Object>) value;
            s.setIndexDefined(i);
            for (FieldVector c : s.getChildrenFromFields()) {
                set(c, i, m.get(c.getName()));
            }
        } else {
            throw new IllegalArgumentException("test cannot fill " + v.getField().getType());
        }
    }

    /** Rows of a batch as comparable values (arrays as lists, text as strings). */
    static List<List<Object>> rows(VectorSchemaRoot root) {
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

    static Object normalize(Object o) {
        if (o instanceof byte[]) {
            return Arrays.toString((byte[]) o);
        }
        if (o instanceof org.apache.arrow.vector.util.Text) {
            return o.toString();
        }
        if (o instanceof List) {
            List<Object> l = new ArrayList<>();
            ((List<?>) o).forEach(x -> l.add(normalize(x)));
            return l;
        }
        if (o instanceof Map) {
            Map<Object, Object> m = new java.util.TreeMap<>();
            ((Map<?, ?>) o).forEach((k, x) -> m.put(k.toString(), normalize(x)));
            return m;
        }
        return o;
    }

    static WrittenFile write(FormatProvider p, Path path, VectorSchemaRoot root, Map<String, String> options,
                             BufferAllocator allocator) {
        try (FormatWriter w = p.openWriter(LocalFiles.output(path), root.getSchema(), options, allocator)) {
            w.write(root);
            return w.finish();
        }
    }

    /** Reads a whole file: its schema and rows, and the sizes of its batches. */
    record Read(Schema schema, List<List<Object>> rows, List<Integer> batches) {
    }

    static Read read(FormatProvider p, Path path, ReadRequest request, BufferAllocator allocator) {
        try (FormatReader r = p.openReader(LocalFiles.input(path), request, allocator)) {
            List<List<Object>> rows = new ArrayList<>();
            List<Integer> batches = new ArrayList<>();
            while (r.next()) {
                batches.add(r.batch().getRowCount());
                rows.addAll(rows(r.batch()));
            }
            return new Read(r.schema(), rows, batches);
        }
    }
}
