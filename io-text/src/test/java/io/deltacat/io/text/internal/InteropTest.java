package io.deltacat.io.text.internal;

import static io.deltacat.io.text.internal.Data.f;
import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.ReadRequest;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Independent readers and writers: DuckDB for CSV/TSV/PSV/JSON lines, Arrow's own IPC file classes for Feather. */
class InteropTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    static final Schema DUCK = new Schema(List.of(
            f("id", new ArrowType.Int(64, true)),
            f("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            f("name", ArrowType.Utf8.INSTANCE),
            f("ok", ArrowType.Bool.INSTANCE),
            f("day", new ArrowType.Date(DateUnit.DAY)),
            f("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
            f("amount", new ArrowType.Decimal(10, 2, 128)),
            f("ts_utc", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));

    static final List<Object[]> DUCK_ROWS = List.of(
            new Object[] {1L, 1.5, "plain", true, LocalDate.of(2024, 1, 2), 1_704_164_645_123_456L,
                new BigDecimal("12.50"), 1_704_164_645_000_001L},
            new Object[] {2L, null, null, null, null, null, null, null},
            new Object[] {3L, 0.1 + 0.2, "comma, \"quote\"\nnew line|pipe\ttab", false, LocalDate.of(1900, 3, 1),
                -1L, new BigDecimal("-0.01"), 0L},
            new Object[] {4L, -1e-300, "", true, LocalDate.of(2999, 12, 31), 0L, new BigDecimal("99999999.99"), -5L},
            new Object[] {5L, 3.0, "ünïcödé ✓", null, null, 86_400_000_000L, null, null});

    static String sql(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }

    private static final String COLUMNS = "{'id': 'BIGINT', 'score': 'DOUBLE', 'name': 'VARCHAR', 'ok': 'BOOLEAN',"
            + " 'day': 'DATE', 'ts': 'TIMESTAMP', 'amount': 'DECIMAL(10,2)', 'ts_utc': 'TIMESTAMPTZ'}";
    private static final String SELECT = "SELECT id, score, name, ok, CAST(day AS VARCHAR), epoch_us(ts),"
            + " CAST(amount AS VARCHAR), epoch_us(ts_utc) FROM ";

    /** Our rows in the shape of {@link #SELECT}'s answer. */
    static List<List<Object>> expected() {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] r : DUCK_ROWS) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < r.length; c++) {
                Object o = r[c];
                if (o instanceof LocalDate || o instanceof BigDecimal) {
                    o = o instanceof BigDecimal ? ((BigDecimal) o).toPlainString() : o.toString();
                }
                row.add(o);
            }
            out.add(row);
        }
        return out;
    }

    static List<List<Object>> query(String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object o = rs.getObject(i);
                    row.add(o instanceof Number && !(o instanceof Double) && !(o instanceof BigDecimal)
                            ? ((Number) o).longValue() : o);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static void exec(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "tsv", "psv", "json"})
    void duckDbReadsOurFilesWithIdenticalValues(String format) throws Exception {
        FormatProvider p = TextFormatsTest.provider(format);
        Path path = dir.resolve("ours." + format);
        try (VectorSchemaRoot root = Data.root(DUCK, DUCK_ROWS, allocator)) {
            Data.write(p, path, root, Map.of(), allocator);
        }
        String from;
        if (format.equals("json")) {
            from = "read_json('" + sql(path) + "', format = 'newline_delimited', columns = " + COLUMNS + ")";
        } else {
            String delim = format.equals("csv") ? "," : format.equals("tsv") ? "\t" : "|";
            from = "read_csv('" + sql(path) + "', delim = '" + delim + "', header = true, quote = '\"', escape = '\"',"
                    + " allow_quoted_nulls = false, columns = " + COLUMNS + ")";
        }
        assertThat(query(SELECT + from + " ORDER BY id")).isEqualTo(expected());
    }

    static final String DUCK_VALUES = "SELECT * FROM (VALUES"
            + " (1, 1.5::DOUBLE, 'a, \"b\"', true, DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05.123456', 12.50::DECIMAL(10,2)),"
            + " (2, NULL, '', NULL, NULL, NULL, NULL),"
            + " (3, -2.25::DOUBLE, NULL, false, DATE '1970-01-01', TIMESTAMP '1969-12-31 23:59:59.999999', -0.01::DECIMAL(10,2))"
            + ") t(id, score, name, ok, day, ts, amount)";

    static final Schema DUCK7 = new Schema(DUCK.getFields().subList(0, 7));

    static final List<List<Object>> DUCK_EXPECTED = List.of(
            java.util.Arrays.asList(1L, 1.5, "a, \"b\"", true, (int) LocalDate.of(2024, 1, 2).toEpochDay(),
                    LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000), new BigDecimal("12.50")),
            java.util.Arrays.asList(2L, null, "", null, null, null, null),
            java.util.Arrays.asList(3L, -2.25, null, false, 0, LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                    new BigDecimal("-0.01")));

    static List<List<Object>> comparable(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> r : rows) {
            List<Object> row = new ArrayList<>(r);
            if (row.get(4) instanceof LocalDateTime) { // DateDayVector.getObject gives a LocalDateTime
                row.set(4, (int) ((LocalDateTime) row.get(4)).toLocalDate().toEpochDay());
            }
            out.add(row);
        }
        return out;
    }

    @Test
    void weReadCsvWrittenByDuckDb() throws Exception {
        Path path = dir.resolve("duck.csv");
        exec("COPY (" + DUCK_VALUES + ") TO '" + sql(path) + "' (HEADER, DELIMITER ',')");
        FormatProvider p = new CsvFormatProvider();
        Data.Read typed = Data.read(p, path, ReadRequest.all(100).withExpectedSchema(DUCK7), allocator);
        assertThat(comparable(typed.rows())).isEqualTo(DUCK_EXPECTED);
        Data.Read inferred = Data.read(p, path, ReadRequest.all(100), allocator);
        assertThat(inferred.schema().getFields().stream().map(x -> x.getType().toString()).collect(Collectors.toList()))
                .containsExactly("Int(64, true)", "FloatingPoint(DOUBLE)", "Utf8", "Bool", "Date(DAY)",
                        "Timestamp(MICROSECOND, null)", "FloatingPoint(DOUBLE)");
        assertThat(inferred.rows().get(0).subList(0, 4)).containsExactly(1L, 1.5, "a, \"b\"", true);
        assertThat(inferred.rows().get(2).get(5)).isEqualTo(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000));
    }

    @Test
    void weReadTsvAndPsvWrittenByDuckDb() throws Exception {
        for (String format : List.of("tsv", "psv")) {
            Path path = dir.resolve("duck." + format);
            exec("COPY (" + DUCK_VALUES + ") TO '" + sql(path) + "' (HEADER, DELIMITER '"
                    + (format.equals("tsv") ? "\t" : "|") + "')");
            Data.Read typed = Data.read(TextFormatsTest.provider(format), path,
                    ReadRequest.all(100).withExpectedSchema(DUCK7), allocator);
            assertThat(comparable(typed.rows())).as(format).isEqualTo(DUCK_EXPECTED);
        }
    }

    @Test
    void weReadJsonLinesWrittenByDuckDb() throws Exception {
        Path path = dir.resolve("duck.jsonl");
        exec("COPY (" + DUCK_VALUES + ") TO '" + sql(path) + "' (FORMAT JSON)");
        FormatProvider p = new JsonLinesFormatProvider();
        Data.Read typed = Data.read(p, path, ReadRequest.all(100).withExpectedSchema(DUCK7), allocator);
        assertThat(comparable(typed.rows())).isEqualTo(DUCK_EXPECTED);
        Data.Read inferred = Data.read(p, path, ReadRequest.all(100), allocator);
        assertThat(inferred.schema().findField("id").getType()).isEqualTo(new ArrowType.Int(64, true));
        assertThat(inferred.schema().findField("day").getType()).isEqualTo(new ArrowType.Date(DateUnit.DAY));
        assertThat(inferred.schema().findField("ts").getType())
                .isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
        assertThat(inferred.rows()).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "zstd", "lz4"})
    void arrowsOwnFileReaderReadsOurFeather(String compression) throws Exception {
        Path path = dir.resolve("ours-" + compression + ".feather");
        List<List<Object>> expected;
        try (VectorSchemaRoot root = Data.root(Data.SCALARS, Data.SCALAR_ROWS, allocator)) {
            expected = Data.rows(root);
            Data.write(new FeatherFormatProvider(), path, root, Map.of("compression", compression), allocator);
        }
        List<List<Object>> actual = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
             ArrowFileReader r = new ArrowFileReader(ch, allocator, CommonsCompressionFactory.INSTANCE)) {
            assertThat(r.getVectorSchemaRoot().getSchema().getFields()).isEqualTo(Data.SCALARS.getFields());
            while (r.loadNextBatch()) {
                actual.addAll(Data.rows(r.getVectorSchemaRoot()));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void weReadAFileWrittenByArrowFileWriter() throws Exception {
        Path path = dir.resolve("arrow.arrow");
        List<List<Object>> expected = new ArrayList<>();
        try (VectorSchemaRoot root = Data.root(TextFormatsTest.NESTED, TextFormatsTest.NESTED_ROWS, allocator);
             FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            w.start();
            w.writeBatch();
            expected.addAll(Data.rows(root));
            w.writeBatch();
            expected.addAll(Data.rows(root));
            w.end();
        }
        Data.Read read = Data.read(new FeatherFormatProvider(), path, ReadRequest.all(3), allocator);
        assertThat(read.schema().getFields()).isEqualTo(TextFormatsTest.NESTED.getFields());
        assertThat(read.rows()).isEqualTo(expected);
        assertThat(read.batches()).containsExactly(3, 1, 3, 1);
    }
}
