package io.deltacat.it;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** A table with every type the formats issue names, with a null in every column. */
final class AllTypes {
    private AllTypes() {
    }

    static Schema schema(boolean nested) {
        List<Field> fields = new ArrayList<>(List.of(
                Field.nullable("i8", new ArrowType.Int(8, true)),
                Field.nullable("i16", new ArrowType.Int(16, true)),
                Field.nullable("i32", new ArrowType.Int(32, true)),
                Field.nullable("i64", new ArrowType.Int(64, true)),
                Field.nullable("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                Field.nullable("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                Field.nullable("flag", new ArrowType.Bool()),
                Field.nullable("text", new ArrowType.Utf8()),
                Field.nullable("bytes", new ArrowType.Binary()),
                Field.nullable("price", new ArrowType.Decimal(10, 2, 128)),
                Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
                Field.nullable("ts_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
                Field.nullable("ts_us_utc", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                Field.nullable("ts_ns_zone", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "Europe/Paris"))));
        if (nested) {
            fields.add(new Field("tags", FieldType.nullable(new ArrowType.List()),
                    List.of(Field.nullable("$data$", new ArrowType.Int(32, true))))); // Arrow Java's own child name
            fields.add(new Field("point", FieldType.nullable(new ArrowType.Struct()), List.of(
                    Field.nullable("x", new ArrowType.Int(32, true)),
                    Field.nullable("label", new ArrowType.Utf8()))));
        }
        return new Schema(fields);
    }

    /** Every row rendered as text, binary as its byte values, for exact comparisons. */
    static java.util.List<String> render(VectorSchemaRoot root) {
        java.util.List<String> rows = new ArrayList<>();
        for (int i = 0; i < root.getRowCount(); i++) {
            StringBuilder row = new StringBuilder();
            for (FieldVector v : root.getFieldVectors()) {
                Object o = v.getObject(i);
                row.append(o instanceof byte[] ? java.util.Arrays.toString((byte[]) o) : String.valueOf(o)).append(" | ");
            }
            rows.add(row.toString());
        }
        return rows;
    }

    /** {@code rows} rows; row {@code i % 7 == 3} is null in every column. */
    static VectorSchemaRoot batch(BufferAllocator allocator, boolean nested, int rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema(nested), allocator);
        root.allocateNew();
        for (int i = 0; i < rows; i++) {
            if (i % 7 == 3) {
                for (FieldVector v : root.getFieldVectors()) {
                    if (!(v instanceof ListVector) && !(v instanceof StructVector)) {
                        v.setNull(i);
                    }
                }
                continue;
            }
            ((TinyIntVector) root.getVector("i8")).setSafe(i, (byte) (i % 128 - 64));
            ((SmallIntVector) root.getVector("i16")).setSafe(i, (short) (i * 31 - 5000));
            ((IntVector) root.getVector("i32")).setSafe(i, i * 1_000_003);
            ((BigIntVector) root.getVector("i64")).setSafe(i, (long) i * 9_000_000_000_017L);
            ((Float4Vector) root.getVector("f32")).setSafe(i, i * 0.25f);
            ((Float8Vector) root.getVector("f64")).setSafe(i, i / 3.0);
            ((BitVector) root.getVector("flag")).setSafe(i, i % 2);
            ((VarCharVector) root.getVector("text")).setSafe(i, ("row " + i + " é ✓").getBytes(StandardCharsets.UTF_8));
            ((VarBinaryVector) root.getVector("bytes")).setSafe(i, new byte[] {(byte) i, 0, (byte) 255});
            ((DecimalVector) root.getVector("price")).setSafe(i, new BigDecimal(i * 100 + 99).movePointLeft(2));
            ((DateDayVector) root.getVector("day")).setSafe(i, 19_000 + i);
            ((TimeStampVector) root.getVector("ts_ms")).setSafe(i, 1_700_000_000_000L + i);
            ((TimeStampVector) root.getVector("ts_us_utc")).setSafe(i, 1_700_000_000_000_000L + i);
            ((TimeStampVector) root.getVector("ts_ns_zone")).setSafe(i, 1_700_000_000_000_000_000L + i);
        }
        if (nested) {
            ListVector tags = (ListVector) root.getVector("tags");
            UnionListWriter w = tags.getWriter();
            for (int i = 0; i < rows; i++) {
                if (i % 7 == 3) {
                    continue;
                }
                w.setPosition(i);
                w.startList();
                for (int k = 0; k < i % 3; k++) {
                    w.writeInt(i + k);
                }
                w.endList();
            }
            w.setValueCount(rows);
            StructVector point = (StructVector) root.getVector("point");
            IntVector x = (IntVector) point.getChild("x");
            VarCharVector label = (VarCharVector) point.getChild("label");
            for (int i = 0; i < rows; i++) {
                if (i % 7 == 3) {
                    point.setNull(i);
                    continue;
                }
                point.setIndexDefined(i);
                x.setSafe(i, -i);
                if (i % 5 == 0) {
                    label.setNull(i);
                } else {
                    label.setSafe(i, ("p" + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            tags.setLastSet(rows - 1);
        }
        root.setRowCount(rows);
        for (int i = 0; i < rows; i++) {
            if (nested && i % 7 == 3) {
                root.getVector("tags").setNull(i);
            }
        }
        return root;
    }
}
