package io.deltacat.io.parquet.internal;

import io.deltacat.io.testkit.LocalFiles;
import static io.deltacat.io.testkit.AllTypesData.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Structs and lists (one level of repetition), written and read by us and by DuckDB. */
class NestedTypesTest {
    static Field struct(String name, boolean nullable, Field... children) {
        return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), List.of(children));
    }

    static Field list(String name, boolean nullable, Field element) {
        return new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(element));
    }

    static final Schema NESTED = new Schema(List.of(
            field("id", false, new ArrowType.Int(64, true)),
            struct("point", true,
                    field("x", false, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                    field("y", true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                    field("label", true, ArrowType.Utf8.INSTANCE)),
            list("tags", true, field("$data$", true, ArrowType.Utf8.INSTANCE)),
            list("nums", false, field("item", false, new ArrowType.Int(32, true))),
            struct("inner", true,
                    struct("s", true, field("a", true, new ArrowType.Int(32, true))),
                    list("l", true, field("element", true, new ArrowType.Int(64, true)))),
            list("events", true, struct("event", true,
                    field("ts", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                    field("code", false, new ArrowType.Int(16, true))))));

    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new ParquetFormatProvider();

    VectorSchemaRoot batch(int from, int n) {
        VectorSchemaRoot root = VectorSchemaRoot.create(NESTED, allocator);
        root.allocateNew();
        for (FieldVector v : root.getFieldVectors()) {
            for (int r = 0; r < n; r++) {
                fill(v, r, from + r, 1);
            }
        }
        root.setRowCount(n);
        return root;
    }

    static void fill(FieldVector v, int index, int row, int salt) {
        if (v.getField().isNullable() && Math.floorMod(row * 31 + salt * 7 + v.getName().length(), 6) == 0) {
            if (v instanceof StructVector) {
                ((StructVector) v).setNull(index);
            } else if (v instanceof ListVector) {
                ((ListVector) v).setNull(index);
            } else if (v instanceof BaseFixedWidthVector) {
                ((BaseFixedWidthVector) v).setNull(index);
            } else {
                ((BaseVariableWidthVector) v).setNull(index);
            }
            return;
        }
        if (v instanceof StructVector) {
            StructVector s = (StructVector) v;
            s.setIndexDefined(index);
            List<FieldVector> children = s.getChildrenFromFields();
            for (int k = 0; k < children.size(); k++) {
                fill(children.get(k), index, row, salt * 3 + k + 1);
            }
        } else if (v instanceof ListVector) {
            ListVector l = (ListVector) v;
            int n = Math.floorMod(row + salt, 4); // 0 = empty list
            int offset = l.startNewValue(index);
            for (int j = 0; j < n; j++) {
                fill(l.getDataVector(), offset + j, row * 5 + j, salt + j + 1);
            }
            l.endValue(index, n);
        } else {
            io.deltacat.io.testkit.AllTypesData.set(v, index, row * 13 + salt);
        }
    }

    static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> out = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : root.getFieldVectors()) {
                row.add(v.getObject(r));
            }
            out.add(row);
        }
        return out;
    }

    List<List<Object>> expected(int rows) {
        try (VectorSchemaRoot b = batch(0, rows)) {
            return rows(b);
        }
    }

    Path write(String name, int rows, Map<String, String> options) {
        Path path = dir.resolve(name);
        try (FormatWriter w = provider.openWriter(LocalFiles.output(path), NESTED, options, allocator)) {
            for (int from = 0; from < rows; from += 400) {
                try (VectorSchemaRoot b = batch(from, Math.min(400, rows - from))) {
                    w.write(b);
                }
            }
            w.finish();
        }
        return path;
    }

    record Read(Schema schema, List<List<Object>> rows) {
    }

    Read read(Path path, ReadRequest request) {
        try (FormatReader r = provider.openReader(LocalFiles.input(path), request, allocator)) {
            List<List<Object>> rows = new ArrayList<>();
            while (r.next()) {
                rows.addAll(rows(r.batch()));
            }
            return new Read(r.schema(), rows);
        }
    }

    @Test
    void roundTripsStructsAndLists() {
        provider.checkSchema(NESTED);
        Path path = write("nested.parquet", 1000, Map.of("row_group_size", "8192", "page_size", "2048"));
        Read read = read(path, ReadRequest.all(333));
        assertThat(read.schema()).isEqualTo(NESTED);
        List<List<Object>> want = expected(1000);
        assertThat(read.rows()).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(read.rows().get(i)).as("row %d", i).isEqualTo(want.get(i));
        }
    }

    @Test
    void projectsNestedColumns() {
        Path path = write("proj.parquet", 300, Map.of());
        Read read = read(path, new ReadRequest(List.of("events", "id"), Optional.empty(), 100));
        assertThat(read.schema().getFields()).containsExactly(NESTED.findField("events"), NESTED.findField("id"));
        List<List<Object>> want = new ArrayList<>();
        for (List<Object> row : expected(300)) {
            want.add(Arrays.asList(row.get(5), row.get(0)));
        }
        assertThat(read.rows()).isEqualTo(want);
    }

    @Test
    void duckDbReadsOurNestedFile() throws SQLException {
        int rows = 500;
        Path path = write("ours.parquet", rows, Map.of());
        List<List<Object>> want = new ArrayList<>();
        try (VectorSchemaRoot b = batch(0, rows)) {
            StructVector point = (StructVector) b.getVector("point");
            ListVector tags = (ListVector) b.getVector("tags");
            ListVector nums = (ListVector) b.getVector("nums");
            for (int i = 0; i < rows; i++) {
                Object x = point.isNull(i) ? null : point.getChild("x").getObject(i);
                Object label = point.isNull(i) ? null : point.getChild("label").getObject(i);
                Object tagCount = tags.isNull(i) ? null : (long) (tags.getElementEndIndex(i) - tags.getElementStartIndex(i));
                Object firstTag = tags.isNull(i) || tagCount.equals(0L) ? null
                        : tags.getDataVector().getObject(tags.getElementStartIndex(i));
                long sum = 0;
                for (int j = nums.getElementStartIndex(i); j < nums.getElementEndIndex(i); j++) {
                    sum += (Integer) nums.getDataVector().getObject(j);
                }
                Object numSum = nums.getElementEndIndex(i) == nums.getElementStartIndex(i) ? null : sum;
                want.add(Arrays.asList(b.getVector("id").getObject(i), x, label == null ? null : label.toString(), tagCount,
                        firstTag == null ? null : firstTag.toString(), numSum));
            }
        }
        List<List<Object>> got = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, point.x, point.label, len(tags), tags[1], "
                     + "list_sum(nums)::BIGINT FROM read_parquet('" + DuckDbInteropTest.sqlPath(path) + "') ORDER BY id")) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int k = 1; k <= 6; k++) {
                    Object o = rs.getObject(k);
                    row.add(o instanceof Integer ? (Object) ((Integer) o).longValue() : o);
                }
                got.add(row);
            }
        }
        assertThat(got).isEqualTo(want);
    }

    @Test
    void weReadDuckDbsNestedFile() throws SQLException {
        Path path = dir.resolve("duck.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS id, "
                    + "CASE WHEN i % 7 = 0 THEN NULL ELSE {'x': i, 'name': CASE WHEN i % 3 = 0 THEN NULL ELSE 'n' || i END} END AS s, "
                    + "CASE WHEN i % 4 = 0 THEN NULL WHEN i % 4 = 1 THEN []::VARCHAR[] ELSE ['a' || i, NULL, 'b'] END AS tags, "
                    + "[{'k': i, 'v': i * 2}, NULL] AS pairs "
                    + "FROM range(0, 2000) t(i)) TO '" + DuckDbInteropTest.sqlPath(path) + "' (FORMAT parquet, ROW_GROUP_SIZE 700)");
        }
        Read read = read(path, ReadRequest.all(256));
        Schema schema = read.schema();
        assertThat(schema.getFields()).extracting(Field::getName).containsExactly("id", "s", "tags", "pairs");
        assertThat(schema.findField("s").getType()).isEqualTo(ArrowType.Struct.INSTANCE);
        assertThat(schema.findField("tags").getType()).isEqualTo(ArrowType.List.INSTANCE);
        assertThat(read.rows()).hasSize(2000);
        for (int i = 0; i < 2000; i++) {
            List<Object> row = read.rows().get(i);
            assertThat(row.get(0)).isEqualTo((long) i);
            if (i % 7 == 0) {
                assertThat(row.get(1)).isNull();
            } else {
                Map<?, ?> st = (Map<?, ?>) row.get(1);
                assertThat(st.get("x")).isEqualTo((long) i);
                assertThat(st.get("name")).isEqualTo(i % 3 == 0 ? null : new Text("n" + i));
            }
            if (i % 4 == 0) {
                assertThat(row.get(2)).isNull();
            } else if (i % 4 == 1) {
                assertThat((List<?>) row.get(2)).isEmpty();
            } else {
                assertThat(row.get(2)).isEqualTo(Arrays.asList(new Text("a" + i), null, new Text("b")));
            }
            List<?> pairs = (List<?>) row.get(3);
            assertThat(pairs).hasSize(2);
            assertThat(((Map<?, ?>) pairs.get(0)).get("k")).isEqualTo((long) i);
            assertThat(((Map<?, ?>) pairs.get(0)).get("v")).isEqualTo((long) i * 2);
            assertThat(pairs.get(1)).isNull();
        }
    }
}
