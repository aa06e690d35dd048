package io.deltacat.io.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.testkit.LocalFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lists nested in lists ({@code list<list<...>>}, lists of structs holding lists), which pyarrow,
 * DuckDB and Spark write: read from their files and written so that DuckDB reads the same values.
 * Values are compared as JSON text: Arrow's {@code getObject} of a list renders as JSON, as DuckDB's
 * {@code to_json} does, so neither side's conversion is ours.
 */
class ParquetNestedListsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new ParquetFormatProvider();

    /** Nulls and empties at every level; struct fields are never null (Arrow's rendering leaves those out). */
    static final String ROWS = "SELECT i AS id, "
            + "CASE WHEN i % 11 = 0 THEN NULL ELSE list_transform(range(i % 4), lambda j: "
            + "  CASE WHEN (i + j) % 5 = 0 THEN NULL ELSE list_transform(range((i + j) % 3), lambda e: "
            + "    CASE WHEN (i * j + e) % 7 = 0 THEN NULL ELSE 's' || i || '_' || j || '_' || e END) END) END AS m, "
            + "CASE WHEN i % 13 = 0 THEN NULL ELSE list_transform(range(i % 3), lambda j: "
            + "  CASE WHEN j = 1 AND i % 2 = 0 THEN NULL "
            + "  ELSE {'k': i * 10 + j, 'vs': list_transform(range(j + i % 2), lambda e: (i + e)::BIGINT)} END) END AS ps "
            + "FROM range(0, 3000) t(i)";

    /** id, then each other column as DuckDB's JSON text (null for a null value), ordered by id. */
    static List<List<Object>> duckDbJson(Path path) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, to_json(m)::VARCHAR, to_json(ps)::VARCHAR FROM read_parquet('"
                     + DuckDbInteropTest.sqlPath(path) + "') ORDER BY id")) {
            while (rs.next()) {
                rows.add(Arrays.asList(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return rows;
    }

    /** Reads every batch of {@code in}; each is also written to {@code copy} when it is not null. */
    List<List<Object>> readAndCopy(Path in, Path copy) {
        List<List<Object>> rows = new ArrayList<>();
        try (FormatReader r = provider.openReader(LocalFiles.input(in), ReadRequest.all(256), allocator);
             FormatWriter w = copy == null ? null
                     : provider.openWriter(LocalFiles.output(copy), r.schema(), Map.of("row_group_size", "1100"), allocator)) {
            while (r.next()) {
                VectorSchemaRoot b = r.batch();
                for (int i = 0; i < b.getRowCount(); i++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector v : b.getFieldVectors()) {
                        Object o = v.getObject(i);
                        row.add(o == null ? null : o instanceof Long ? o : o.toString());
                    }
                    rows.add(row);
                }
                if (w != null) {
                    w.write(b);
                }
            }
            if (w != null) {
                w.finish();
            }
        }
        return rows;
    }

    @Test
    void readsAndWritesListsOfListsAndListsOfStructsOfListsAsDuckDbDoes() throws SQLException {
        Path duck = dir.resolve("duck.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("COPY (" + ROWS + ") TO '" + DuckDbInteropTest.sqlPath(duck) + "' (FORMAT parquet, ROW_GROUP_SIZE 700)");
        }
        List<List<Object>> want = duckDbJson(duck);
        assertThat(want).hasSize(3000);
        Path ours = dir.resolve("ours.parquet");
        List<List<Object>> got = readAndCopy(duck, ours);
        assertThat(got).isEqualTo(want);
        // DuckDB reads what we wrote as it wrote it, and so do we
        assertThat(duckDbJson(ours)).isEqualTo(want);
        assertThat(readAndCopy(ours, null)).isEqualTo(want);
    }

    @Test
    void readsPyarrowsListOfLists() throws IOException {
        Path path = dir.resolve("pyarrow.parquet");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/pyarrow-int96-times-nested.parquet")) {
            Files.copy(in, path);
        }
        try (FormatReader r = provider.openReader(LocalFiles.input(path),
                new ReadRequest(List.of("matrix"), java.util.Optional.empty(), 100), allocator)) {
            Schema schema = r.schema();
            assertThat(schema.findField("matrix").getType()).isEqualTo(ArrowType.List.INSTANCE);
            assertThat(schema.findField("matrix").getChildren().get(0).getType()).isEqualTo(ArrowType.List.INSTANCE);
        }
        // make_fixtures.py: [[1, 2], [3]], [], None, [[], None, [4]], [[5]]
        assertThat(readAndCopy(path, null)).extracting(row -> row.get(row.size() - 1))
                .containsExactly("[[1,2],[3]]", "[]", null, "[[],null,[4]]", "[[5]]");
    }
}
