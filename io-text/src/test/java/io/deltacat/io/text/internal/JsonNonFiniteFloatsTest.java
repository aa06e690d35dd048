package io.deltacat.io.text.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.Storages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NaN and the infinities in JSON lines are the bare tokens {@code NaN}, {@code Infinity} and
 * {@code -Infinity}, which pyarrow's JSON reader (checked by hand, pyarrow 25) and DuckDB read as
 * floats; quoted, both took the column for text. Files with bare tokens (DuckDB writes them) are read.
 */
class JsonNonFiniteFloatsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider json = new JsonLinesFormatProvider();

    static final double[] VALUES = {1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.25};

    private static Storage local(Path path) {
        return Storages.forUri(path.toUri().toString(), Map.of());
    }

    @Test
    void nonFiniteFloatsAreWrittenAsBareTokensThatDuckDbReadsAsDoubles() throws Exception {
        Schema schema = new Schema(List.of(
                new Field("x", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null),
                new Field("y", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null)));
        Path path = dir.resolve("floats.jsonl");
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
             FormatWriter w = json.openWriter(local(path).outputFile(path.toUri().toString()), schema, Map.of(), allocator)) {
            for (int i = 0; i < VALUES.length; i++) {
                ((Float8Vector) root.getVector("x")).setSafe(i, VALUES[i]);
                ((Float4Vector) root.getVector("y")).setSafe(i, (float) VALUES[i]);
            }
            root.setRowCount(VALUES.length);
            w.write(root);
            w.finish();
        }
        String text = Files.readString(path, StandardCharsets.UTF_8);
        assertThat(text).contains("\"x\":NaN", "\"x\":Infinity", "\"x\":-Infinity").doesNotContain("\"NaN\"");

        List<String> types = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT typeof(x), x, typeof(y) FROM read_json('" + path + "')")) {
            while (rs.next()) {
                types.add(rs.getString(1) + "/" + rs.getString(3));
                xs.add(rs.getDouble(2));
            }
        }
        assertThat(types).containsOnly("DOUBLE/DOUBLE");
        assertThat(xs).containsExactly(1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.25);

        // and we read them back, with the table's schema and inferred
        assertThat(readX(path, schema)).containsExactly(1.5, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, -0.25);
    }

    @Test
    void readsDuckDbJsonWithBareNaN() throws Exception {
        Path path = dir.resolve("duck.json");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM (VALUES (1, 1.5::DOUBLE), (2, 'nan'::DOUBLE), (3, 'inf'::DOUBLE), "
                    + "(4, '-inf'::DOUBLE)) t(id, x)) TO '" + path + "' (FORMAT json)");
        }
        assertThat(Files.readString(path)).contains("NaN");
        assertThat(readX(path, null)).containsExactly(1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }

    private List<Double> readX(Path path, Schema schema) {
        ReadRequest request = schema == null ? ReadRequest.all(100) : ReadRequest.all(100).withExpectedSchema(schema);
        List<Double> out = new ArrayList<>();
        try (FormatReader r = json.openReader(local(path).inputFile(path.toUri().toString()), request, allocator)) {
            while (r.next()) {
                Float8Vector x = (Float8Vector) r.batch().getVector("x");
                for (int i = 0; i < r.batch().getRowCount(); i++) {
                    out.add(x.get(i));
                }
            }
        }
        return out;
    }
}
