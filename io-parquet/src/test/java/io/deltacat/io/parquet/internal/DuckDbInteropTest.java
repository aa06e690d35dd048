package io.deltacat.io.parquet.internal;

import io.deltacat.io.testkit.LocalFiles;
import static io.deltacat.io.testkit.AllTypesData.field;
import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DuckDB, an independent Parquet implementation, reads what we write and writes what we read. */
class DuckDbInteropTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new ParquetFormatProvider();

    static String sqlPath(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }

    @Test
    void duckDbReadsOurFile() throws SQLException {
        Schema schema = new Schema(List.of(
                field("id", false, new ArrowType.Int(64, true)),
                field("i8", true, new ArrowType.Int(8, true)),
                field("i16", true, new ArrowType.Int(16, true)),
                field("i32", true, new ArrowType.Int(32, true)),
                field("f32", true, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                field("f64", true, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                field("flag", true, ArrowType.Bool.INSTANCE),
                field("name", true, ArrowType.Utf8.INSTANCE),
                field("bin", true, ArrowType.Binary.INSTANCE),
                field("day", true, new ArrowType.Date(DateUnit.DAY)),
                field("ts_ms", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
                field("ts_us", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                field("dec9", true, new ArrowType.Decimal(9, 2, 128)),
                field("dec18", true, new ArrowType.Decimal(15, 3, 128)),
                field("dec30", true, new ArrowType.Decimal(30, 5, 128))));
        int rows = 3000;
        Path path = dir.resolve("ours.parquet");
        List<List<Object>> expected = new ArrayList<>();
        try (FormatWriter w = provider.openWriter(LocalFiles.output(path), schema,
                Map.of("row_group_size", "65536"), allocator)) {
            for (int from = 0; from < rows; from += 1000) {
                try (VectorSchemaRoot b = io.deltacat.io.testkit.AllTypesData.batch(schema, from, 1000, allocator)) {
                    w.write(b);
                    for (int r = 0; r < b.getRowCount(); r++) {
                        List<Object> row = new ArrayList<>();
                        for (FieldVector v : b.getFieldVectors()) {
                            Object o = v.isNull(r) ? null : v instanceof TimeStampVector
                                    ? (Object) ((TimeStampVector) v).get(r) : v.getObject(r);
                            row.add(normalize(o));
                        }
                        expected.add(row);
                    }
                }
            }
            w.finish();
        }

        List<List<Object>> actual = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, i8, i16, i32, f32, f64, flag, name, hex(bin), "
                     + "CAST(day AS VARCHAR), epoch_ms(ts_ms), epoch_us(ts_us), dec9, dec18, dec30 "
                     + "FROM read_parquet('" + sqlPath(path) + "') ORDER BY id")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object o = rs.getObject(i);
                    if (i == 10 && o != null) {
                        o = (int) LocalDate.parse((String) o).toEpochDay();
                    }
                    row.add(normalize(o));
                }
                actual.add(row);
            }
        }
        assertThat(actual).hasSize(rows);
        assertThat(actual).isEqualTo(expected);
    }

    /** One comparable form for both sides: integers as long, decimals stripped, bytes as upper-case hex. */
    static Object normalize(Object o) {
        if (o instanceof Byte || o instanceof Short || o instanceof Integer || o instanceof Long) {
            return ((Number) o).longValue();
        }
        if (o instanceof BigDecimal) {
            return ((BigDecimal) o).stripTrailingZeros();
        }
        if (o instanceof byte[]) {
            return HexFormat.of().withUpperCase().formatHex((byte[]) o);
        }
        if (o instanceof Text) {
            return o.toString();
        }
        return o;
    }

    @Test
    void weReadDuckDbsFile() throws SQLException {
        Path path = dir.resolve("duck.parquet");
        int rows = 3000;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS id, (i % 100)::TINYINT AS i8, (i * 7 % 30000)::SMALLINT AS i16, "
                    + "(i * 3)::INTEGER AS i32, (i % 200)::UTINYINT AS u8, "
                    + "CASE WHEN i % 5 = 0 THEN NULL ELSE 'n' || i END AS name, "
                    + "(i * 1.5)::DOUBLE AS score, (i / 4)::FLOAT AS f32, i % 2 = 0 AS flag, "
                    + "DATE '2024-01-01' + i::INTEGER AS day, "
                    + "TIMESTAMP '2024-01-01 00:00:00' + to_seconds(i) AS ts, "
                    + "to_timestamp(i) AS tstz, "
                    + "((i % 1000) * 0.1)::DECIMAL(4,1) AS dec4, "
                    + "(i * 1.25)::DECIMAL(10,2) AS dec10, "
                    + "((i::HUGEINT * 12345678901234567) * (CASE WHEN i % 2 = 1 THEN -1 ELSE 1 END))::DECIMAL(38,10) AS dec38, "
                    + "CASE WHEN i % 3 = 0 THEN NULL ELSE encode('b' || i) END AS bin "
                    + "FROM range(0, " + rows + ") t(i)) TO '" + sqlPath(path) + "' (FORMAT parquet, ROW_GROUP_SIZE 1000)");
        }

        List<List<Object>> actual = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        Schema schema;
        try (FormatReader r = provider.openReader(LocalFiles.input(path), ReadRequest.all(512), allocator)) {
            schema = r.schema();
            while (r.next()) {
                VectorSchemaRoot b = r.batch();
                batches.add(b.getRowCount());
                for (int i = 0; i < b.getRowCount(); i++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector v : b.getFieldVectors()) {
                        Object o = v.isNull(i) ? null : v instanceof UInt1Vector
                                ? (Object) ((UInt1Vector) v).getValueAsLong(i) : v.getObject(i);
                        row.add(o instanceof Text ? o.toString() : o);
                    }
                    actual.add(row);
                }
            }
        }
        assertThat(schema.getFields()).extracting(Field::getName).containsExactly("id", "i8", "i16", "i32", "u8",
                "name", "score", "f32", "flag", "day", "ts", "tstz", "dec4", "dec10", "dec38", "bin");
        assertThat(schema.getFields()).extracting(Field::getType).containsExactly(
                new ArrowType.Int(64, true), new ArrowType.Int(8, true), new ArrowType.Int(16, true),
                new ArrowType.Int(32, true), new ArrowType.Int(8, false), ArrowType.Utf8.INSTANCE,
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), ArrowType.Bool.INSTANCE,
                new ArrowType.Date(DateUnit.DAY), new ArrowType.Timestamp(TimeUnit.MICROSECOND, null),
                new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), new ArrowType.Decimal(4, 1, 128),
                new ArrowType.Decimal(10, 2, 128), new ArrowType.Decimal(38, 10, 128), ArrowType.Binary.INSTANCE);
        assertThat(batches).allMatch(n -> n <= 512);

        List<List<Object>> expected = new ArrayList<>();
        LocalDateTime base = LocalDateTime.of(2024, 1, 1, 0, 0);
        for (int i = 0; i < rows; i++) {
            BigInteger big = BigInteger.valueOf(i).multiply(BigInteger.valueOf(12345678901234567L))
                    .multiply(BigInteger.valueOf(i % 2 == 1 ? -1 : 1));
            expected.add(Arrays.asList((long) i, (byte) (i % 100), (short) (i * 7 % 30000), i * 3, (long) (i % 200),
                    i % 5 == 0 ? null : "n" + i, i * 1.5, (float) (i / 4.0), i % 2 == 0,
                    (int) LocalDate.of(2024, 1, 1).plusDays(i).toEpochDay(), base.plusSeconds(i),
                    (long) i * 1_000_000L, BigDecimal.valueOf(i % 1000, 1), BigDecimal.valueOf(i * 125L, 2),
                    new BigDecimal(big, 0).setScale(10),
                    i % 3 == 0 ? null : ("b" + i).getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(actual).hasSize(rows);
        for (int i = 0; i < rows; i++) {
            assertThat(actual.get(i)).as("row %d", i).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(expected.get(i));
        }
    }
}
