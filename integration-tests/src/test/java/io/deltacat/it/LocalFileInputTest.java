package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteResult;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local files as write input: Parquet, CSV and JSON lines written by DuckDB, Feather written by Arrow's
 * own {@code ArrowFileWriter}, a TSV and a PSV written by hand, all committed as one write and read
 * back; a malformed file commits nothing; a table stored as CSV reads back exactly (the client types the
 * files with the table's schema).
 */
class LocalFileInputTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void start() {
        fx = new Fixture(dir.resolve("root"));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("score", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null),
            new Field("day", FieldType.nullable(new ArrowType.Date(DateUnit.DAY)), null),
            new Field("ts", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)), null)));

    /** Rows id..id+2, as DuckDB VALUES. */
    static String duckValues(int id) {
        return "SELECT * FROM (VALUES"
                + " (" + id + "::BIGINT, 'cat " + id + ", \"the\" first', " + id + ".25::DOUBLE, DATE '2024-01-0" + (id % 9 + 1)
                + "', TIMESTAMP '2024-01-02 03:04:05.123456'),"
                + " (" + (id + 1) + "::BIGINT, NULL, NULL, NULL, NULL),"
                + " (" + (id + 2) + "::BIGINT, '', -1.5::DOUBLE, DATE '1970-01-01', TIMESTAMP '1969-12-31 23:59:59.999999')"
                + ") t(id, name, score, day, ts)";
    }

    static List<Object> row(long id, String name, Double score, Integer day, LocalDateTime ts) {
        return java.util.Arrays.asList(id, name, score, day, ts);
    }

    static List<List<Object>> expected(int id) {
        return List.of(
                row(id, "cat " + id + ", \"the\" first", id + 0.25,
                        (int) java.time.LocalDate.of(2024, 1, id % 9 + 1).toEpochDay(),
                        LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000)),
                row(id + 1, null, null, null, null),
                row(id + 2, "", -1.5, 0, LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000)));
    }

    static void duck(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String sql(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }

    /** A Feather file written by Arrow's own writer. */
    void feather(Path path, int id) throws Exception {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, fx.allocator);
             FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            root.allocateNew();
            List<List<Object>> rows = expected(id);
            for (int r = 0; r < rows.size(); r++) {
                List<Object> v = rows.get(r);
                ((BigIntVector) root.getVector("id")).setSafe(r, (Long) v.get(0));
                if (v.get(1) != null) {
                    ((VarCharVector) root.getVector("name")).setSafe(r, ((String) v.get(1)).getBytes(StandardCharsets.UTF_8));
                }
                if (v.get(2) != null) {
                    ((Float8Vector) root.getVector("score")).setSafe(r, (Double) v.get(2));
                    ((DateDayVector) root.getVector("day")).setSafe(r, (Integer) v.get(3));
                    LocalDateTime t = (LocalDateTime) v.get(4);
                    ((TimeStampMicroVector) root.getVector("ts")).setSafe(r,
                            t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000);
                }
            }
            root.setRowCount(rows.size());
            w.start();
            w.writeBatch();
            w.end();
        }
    }

    static List<List<Object>> rows(Table t) {
        List<List<Object>> out = new ArrayList<>();
        try (VectorSchemaRoot root = t.toVectorSchemaRoot()) {
            for (int r = 0; r < root.getRowCount(); r++) {
                List<Object> row = new ArrayList<>();
                for (FieldVector v : root.getFieldVectors()) {
                    Object o = v.getObject(r);
                    if (o instanceof org.apache.arrow.vector.util.Text) {
                        o = o.toString();
                    }
                    if (v instanceof DateDayVector && o != null) {
                        o = ((DateDayVector) v).get(r);
                    }
                    row.add(o);
                }
                out.add(row);
            }
        }
        out.sort(Comparator.comparing(r -> r.get(0) == null ? Long.MAX_VALUE : ((Number) r.get(0)).longValue()));
        return out;
    }

    @Test
    void writesOneTableFromFilesOfEveryTextFormatAndParquet() throws Exception {
        Path parquet = dir.resolve("part1.parquet");
        Path csv = dir.resolve("part2.csv");
        Path json = dir.resolve("part3.jsonl");
        Path feather = dir.resolve("part4.feather");
        Path tsv = dir.resolve("part5.tsv");
        Path psv = dir.resolve("part6.psv");
        duck("COPY (" + duckValues(10) + ") TO '" + sql(parquet) + "' (FORMAT PARQUET)");
        duck("COPY (" + duckValues(20) + ") TO '" + sql(csv) + "' (HEADER, DELIMITER ',')");
        duck("COPY (" + duckValues(30) + ") TO '" + sql(json) + "' (FORMAT JSON)");
        feather(feather, 40);
        Files.writeString(tsv, "id\tname\tscore\tday\tts\n50\t\"cat 50, \"\"the\"\" first\"\t50.25\t2024-01-06\t"
                + "2024-01-02T03:04:05.123456\n51\t\t\t\t\n52\t\"\"\t-1.5\t1970-01-01\t1969-12-31 23:59:59.999999\n");
        Files.writeString(psv, "id|name|score|day|ts\n60|\"cat 60, \"\"the\"\" first\"|60.25|2024-01-07|"
                + "2024-01-02 03:04:05.123456\n61||||\n62|\"\"|-1.5|1970-01-01|1969-12-31 23:59:59.999999\n");

        WriteResult w = fx.client.catalog().write(List.of(parquet, csv, json, feather, tsv, psv), o -> o.table("mixed"));
        assertThat(w.rowCount()).isEqualTo(18);
        assertThat(w.tableCreated()).isTrue();
        TableInfo info = fx.client.catalog().getTable("mixed");
        assertThat(info.schema().getFields().stream().map(f -> f.getName() + ":" + f.getType())
                .collect(Collectors.toList())).containsExactly("id:Int(64, true)", "name:Utf8",
                        "score:FloatingPoint(DOUBLE)", "day:Date(DAY)", "ts:Timestamp(MICROSECOND, null)");

        List<List<Object>> expected = new ArrayList<>();
        for (int id : new int[] {10, 20, 30, 40, 50, 60}) {
            expected.addAll(expected(id));
        }
        try (Table t = fx.client.catalog().readAll(q -> q.table("mixed"))) {
            assertThat(rows(t)).isEqualTo(expected);
        }

        // a second write into the existing table: the CSV is typed with the table's schema
        Path more = dir.resolve("more.csv");
        duck("COPY (" + duckValues(70) + ") TO '" + sql(more) + "' (HEADER)");
        fx.client.catalog().write(o -> o.table("mixed"), more);
        try (Table t = fx.client.catalog().readAll(q -> q.table("mixed").filter(
                io.deltacat.api.expr.Predicate.ge("id", 70L)))) {
            assertThat(rows(t)).isEqualTo(expected(70));
        }
    }

    @Test
    void filesAlreadyInTheTablesFormatAreCopiedAsTheyAre() throws Exception {
        Path a = dir.resolve("a.parquet");
        Path b = dir.resolve("b.parquet");
        Path c = dir.resolve("c.csv");
        duck("COPY (" + duckValues(1) + ") TO '" + sql(a) + "' (FORMAT PARQUET)");
        duck("COPY (" + duckValues(4) + ") TO '" + sql(b) + "' (FORMAT PARQUET)");
        duck("COPY (" + duckValues(7) + ") TO '" + sql(c) + "' (HEADER)");
        WriteResult w = fx.client.catalog().write(List.of(a, c, b), o -> o.table("copied"));
        assertThat(w.rowCount()).isEqualTo(9);
        assertThat(w.fileCount()).isEqualTo(3);
        List<Path> files = dataFiles("copied");
        assertThat(files).hasSize(3);
        // the two Parquet inputs are in the table byte for byte; the CSV was re-encoded
        long same = 0;
        for (Path f : files) {
            if (Files.mismatch(f, a) == -1 || Files.mismatch(f, b) == -1) {
                same++;
            }
        }
        assertThat(same).isEqualTo(2);
        List<List<Object>> expected = new ArrayList<>();
        for (int id : new int[] {1, 4, 7}) {
            expected.addAll(expected(id));
        }
        try (Table t = fx.client.catalog().readAll(q -> q.table("copied"))) {
            assertThat(rows(t)).isEqualTo(expected);
        }
        // statistics of the copies were collected: a filter prunes to the matching file
        assertThat(fx.client.catalog().plan(q -> q.table("copied").filter(
                io.deltacat.api.expr.Predicate.eq("id", 5L))).files()).hasSize(1);
    }

    /** The table's data files as local paths (copies in {@code dir} of S3 objects). */
    private List<Path> dataFiles(String table) throws Exception {
        String data = fx.tableDataUri("default", table);
        List<Path> out = new java.util.ArrayList<>();
        for (String uri : fx.dataFiles()) {
            if (uri.startsWith(data)) {
                out.add(Fixture.localCopy(uri, dir));
            }
        }
        return out;
    }

    @Test
    void aMalformedFileCommitsNothing() throws Exception {
        Path good = dir.resolve("good.parquet");
        duck("COPY (" + duckValues(1) + ") TO '" + sql(good) + "' (FORMAT PARQUET)");
        Path bad = dir.resolve("bad.csv");
        StringBuilder b = new StringBuilder("id,name,score,day,ts\n");
        for (int i = 0; i < 5000; i++) { // enough rows that the good ones are written before the bad line
            b.append(i).append(",n,1.5,2024-01-01,2024-01-01 00:00:00\n");
        }
        b.append("5000,n,not-a-number,2024-01-01,2024-01-01 00:00:00\n");
        Files.writeString(bad, b);

        assertThatThrownBy(() -> fx.client.catalog().write(List.of(good, bad), o -> o.table("broken")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("bad.csv").hasMessageContaining("line 5002").hasMessageContaining("'score'");
        assertThat(fx.client.catalog().tableExists("default", "broken")).isFalse();
        assertThat(dataFiles("broken")).isEmpty();

        // an existing table stays as it was
        fx.client.catalog().write(o -> o.table("kept"), good);
        assertThatThrownBy(() -> fx.client.catalog().write(List.of(good, bad), o -> o.table("kept")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("bad.csv");
        assertThat(fx.client.catalog().getTable("kept").rowCount()).isEqualTo(3);

        // a file of another schema, a JSON line that does not parse, an unknown extension: named, nothing written
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "id,label\n1,x\n");
        assertThatThrownBy(() -> fx.client.catalog().write(List.of(good, other), o -> o.table("broken")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("other.csv");
        Path badJson = dir.resolve("bad.jsonl");
        Files.writeString(badJson, "{\"id\": 1}\n{\"id\": 2\n");
        assertThatThrownBy(() -> fx.client.catalog().write(List.of(badJson), o -> o.table("broken")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("bad.jsonl")
                .hasMessageContaining("line");
        Path unknown = dir.resolve("data.xyz");
        Files.writeString(unknown, "?");
        assertThatThrownBy(() -> fx.client.catalog().write(List.of(unknown), o -> o.table("broken")))
                .isInstanceOf(DeltacatException.class).hasMessageContaining("data.xyz");
        assertThat(fx.client.catalog().tableExists("default", "broken")).isFalse();
    }

    @Test
    void aColumnTheInputOrTheTableCannotHoldNamesTheUsersFileTheColumnAndItsType() throws Exception {
        // a type the Parquet reader does not take (a map inside a list, as DuckDB writes it)
        Path maps = dir.resolve("maps.parquet");
        duck("COPY (SELECT 1::BIGINT AS id, [MAP {'a': 1}] AS attrs) TO '" + sql(maps) + "' (FORMAT PARQUET)");
        assertThatThrownBy(() -> fx.client.catalog().write(List.of(maps), o -> o.table("broken")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining(maps.toString())
                .hasMessageContaining("'attrs'").hasMessageContaining("list<map>");
        // a type the table's format cannot store: a list column into a CSV table, from a Parquet file and a
        // Parquet file into a Parquet table (copied as it is) whose list column the CSV table then refuses
        Path lists = dir.resolve("lists.parquet");
        duck("COPY (SELECT 1::BIGINT AS id, [1, 2] AS tags) TO '" + sql(lists) + "' (FORMAT PARQUET)");
        assertThatThrownBy(() -> fx.client.catalog().write(List.of(lists), o -> o.table("broken").format("csv")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining(lists.toString())
                .hasMessageContaining("'tags'").hasMessageContaining("list<int32>");
        assertThat(fx.client.catalog().tableExists("default", "broken")).isFalse();
    }

    @Test
    void theInputFormatCanBeNamed() throws Exception {
        Path noExt = dir.resolve("export");
        Files.writeString(noExt, "id|name\n1|\"a\"\n2|\n");
        WriteResult w = fx.client.catalog().write(List.of(noExt), o -> o.table("named").inputFormat("psv"));
        assertThat(w.rowCount()).isEqualTo(2);
        assertThatThrownBy(() -> fx.client.catalog().write(List.of(noExt), o -> o.table("named")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no extension");
    }

    @Test
    void aTableStoredAsCsvReadsBackExactly() throws Exception {
        Schema exact = new Schema(List.of(
                new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null),
                new Field("amount", FieldType.nullable(new ArrowType.Decimal(9, 2, 128)), null),
                new Field("at", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")), null)));
        for (String format : List.of("csv", "json", "feather")) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(exact, fx.allocator)) {
                root.allocateNew();
                ((org.apache.arrow.vector.IntVector) root.getVector("id")).setSafe(0, 7);
                ((org.apache.arrow.vector.DecimalVector) root.getVector("amount")).setSafe(0, new BigDecimal("1.20"));
                ((org.apache.arrow.vector.TimeStampNanoTZVector) root.getVector("at")).setSafe(0, 1_700_000_000_000_000_001L);
                root.setRowCount(2); // second row: all nulls
                fx.client.catalog().write(root, o -> o.table("as_" + format).format(format));
            }
            assertThat(fx.client.catalog().getTable("as_" + format).format()).isEqualTo(format);
            assertThat(dataFiles("as_" + format)).allMatch(p -> p.toString().endsWith("." + (format.equals("json")
                    ? "jsonl" : format)));
            try (Table t = fx.client.catalog().readAll(q -> q.table("as_" + format))) {
                assertThat(t.getSchema().getFields()).isEqualTo(exact.getFields());
                List<List<Object>> rows = rows(t);
                assertThat(rows.get(0)).containsExactly(7, new BigDecimal("1.20"), 1_700_000_000_000_000_001L);
            }
            try (Table t = fx.client.catalog().readAll(q -> q.table("as_" + format).columns("at"))) {
                assertThat(t.getRowCount()).isEqualTo(2);
            }
        }
    }

    @Test
    void theCliWritesLocalFiles() throws Exception {
        Path cli = Path.of(System.getProperty("deltacat.cli.dir", "../cli/target"), "deltacat");
        assertThat(cli).as("the CLI is packaged before the integration tests run").isExecutable();
        Path csv = dir.resolve("cats.csv");
        Files.writeString(csv, "id,name\n1,Cheshire\n2,Dinah\n");
        Path json = dir.resolve("cats.jsonl");
        Files.writeString(json, "{\"id\": 3, \"name\": \"Felix\"}\n");
        Process p = new ProcessBuilder(cli.toString(), "write", csv.toString(), json.toString(), "--table", "cats",
                "--namespace", "zoo", "--server", fx.server.uri().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Committed 3 rows from 2 file(s) into zoo.cats");
        try (Table t = fx.client.catalog().readAll(q -> q.namespace("zoo").table("cats"))) {
            assertThat(rows(t)).containsExactly(java.util.Arrays.asList(1L, "Cheshire"),
                    java.util.Arrays.asList(2L, "Dinah"), java.util.Arrays.asList(3L, "Felix"));
        }
        Process bad = new ProcessBuilder(cli.toString(), "write", dir.resolve("missing.csv").toString(), "--table",
                "cats", "--namespace", "zoo", "--server", fx.server.uri().toString()).redirectErrorStream(true).start();
        String badOut = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).as("the CLI's exit code for invalid input (cli ExitCodes)").isEqualTo(5);
        assertThat(badOut).contains("missing.csv");
    }
}
