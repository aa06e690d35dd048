package io.deltacat.io.orc.internal;

import io.deltacat.io.testkit.LocalFiles;
import io.deltacat.io.testkit.AllTypesData;
import static io.deltacat.io.testkit.AllTypesData.ALL_TYPES;
import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import io.deltacat.bundle.orc.shaded.OrcFile;
import io.deltacat.bundle.orc.shaded.Reader;
import io.deltacat.bundle.orc.shaded.RecordReader;
import io.deltacat.bundle.orc.shaded.TypeDescription;
import io.deltacat.bundle.orc.shaded.Writer;
import io.deltacat.bundle.orc.shaded.storage.common.type.HiveDecimal;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.BytesColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.ColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.DecimalColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.DoubleColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.ListColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.LongColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.StructColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.TimestampColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.VectorizedRowBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Independent checks: files we write are read with orc-core's own reader and vectors (none of our
 * code), files written with orc-core's own writer are read with our provider, and the ORC and Parquet
 * providers resolve together on one module path.
 */
class OrcInteropTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new OrcFormatProvider();

    /** Hadoop's raw local file system, set up by hand (the bundles carry no Hadoop service files). */
    static FileSystem localFileSystem() throws IOException {
        RawLocalFileSystem fs = new RawLocalFileSystem();
        fs.initialize(URI.create("file:///"), new org.apache.hadoop.conf.Configuration(false));
        return fs;
    }

    @Test
    void orcCoreReadsOurFile() throws IOException {
        int rows = 2500;
        Path path = dir.resolve("ours.orc");
        try (FormatWriter w = provider.openWriter(LocalFiles.output(path), ALL_TYPES, Map.of(), allocator);
             VectorSchemaRoot b = AllTypesData.batch(ALL_TYPES, 0, rows, allocator)) {
            w.write(b);
            w.finish();
        }
        List<List<Object>> expected = AllTypesData.expected(ALL_TYPES, rows, allocator);
        List<String> names = ALL_TYPES.getFields().stream().map(Field::getName).collect(Collectors.toList());

        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        try (Reader reader = OrcFile.createReader(new org.apache.hadoop.fs.Path(path.toString()),
                OrcFile.readerOptions(conf).filesystem(localFileSystem()).useUTCTimestamp(true)
                        .convertToProlepticGregorian(true))) {
            assertThat(reader.getNumberOfRows()).isEqualTo(rows);
            assertThat(reader.getSchema().toString()).startsWith(
                    "struct<id:bigint,i8:tinyint,i16:smallint,i32:int,i64:bigint,f32:float,f64:double,"
                            + "flag:boolean,name:string,label:string,bin:binary,day:date,ts_ms:timestamp,");
            assertThat(reader.getSchema().toString()).endsWith(
                    "dec5:decimal(5,2),dec15:decimal(15,3),dec30:decimal(30,5),tags:array<int>,"
                            + "words:array<string>,point:struct<x:double,note:string,"
                            + "at:timestamp with local time zone>>");
            assertThat(reader.hasMetadataValue(OrcTypes.ARROW_SCHEMA_KEY)).isTrue();
            assertThat(reader.writerUsedProlepticGregorian()).isTrue();
            TypeDescription schema = reader.getSchema();
            VectorizedRowBatch batch = schema.createRowBatch(700);
            int seen = 0;
            try (RecordReader rr = reader.rows(reader.options().useSelected(false))) {
                while (rr.nextBatch(batch)) {
                    for (int r = 0; r < batch.size; r++) {
                        List<Object> want = expected.get(seen + r);
                        assertThat(longAt(batch.cols[0], r)).isEqualTo(want.get(0));
                        col(batch, names, "i8", r, want, v -> (byte) (long) longAt(v.cv, v.row));
                        col(batch, names, "i16", r, want, v -> (short) (long) longAt(v.cv, v.row));
                        col(batch, names, "i32", r, want, v -> (int) (long) longAt(v.cv, v.row));
                        col(batch, names, "i64", r, want, v -> longAt(v.cv, v.row));
                        col(batch, names, "f32", r, want, v -> (float) ((DoubleColumnVector) v.cv).vector[v.row]);
                        col(batch, names, "f64", r, want, v -> ((DoubleColumnVector) v.cv).vector[v.row]);
                        col(batch, names, "flag", r, want, v -> longAt(v.cv, v.row) != 0);
                        col(batch, names, "name", r, want, v -> ((BytesColumnVector) v.cv).toString(v.row));
                        col(batch, names, "label", r, want, v -> ((BytesColumnVector) v.cv).toString(v.row));
                        col(batch, names, "bin", r, want, v -> hex((BytesColumnVector) v.cv, v.row));
                        col(batch, names, "day", r, want, v -> (int) (long) longAt(v.cv, v.row));
                        col(batch, names, "ts_ms", r, want, v -> localDateTime(v, 1_000_000));
                        col(batch, names, "ts_us", r, want, v -> localDateTime(v, 1000));
                        col(batch, names, "ts_ns", r, want, v -> localDateTime(v, 1));
                        col(batch, names, "ts_ms_tz", r, want, v -> epoch(v, 1_000_000));
                        col(batch, names, "ts_us_tz", r, want, v -> epoch(v, 1000));
                        col(batch, names, "ts_ns_tz", r, want, v -> epoch(v, 1));
                        col(batch, names, "dec5", r, want, v -> decimal(v, 2));
                        col(batch, names, "dec15", r, want, v -> decimal(v, 3));
                        col(batch, names, "dec30", r, want, v -> decimal(v, 5));
                        col(batch, names, "tags", r, want, v -> list(v, c -> (int) (long) longAt(c.cv, c.row)));
                        col(batch, names, "words", r, want, v -> list(v, c -> ((BytesColumnVector) c.cv).toString(c.row)));
                        col(batch, names, "point", r, want, v -> {
                            StructColumnVector s = (StructColumnVector) v.cv;
                            Map<String, Object> m = new LinkedHashMap<>();
                            Object x = nullable(s.fields[0], v.row, c -> ((DoubleColumnVector) c.cv).vector[c.row]);
                            Object note = nullable(s.fields[1], v.row, c -> ((BytesColumnVector) c.cv).toString(c.row));
                            Object at = nullable(s.fields[2], v.row, c -> epoch(c, 1000));
                            // Arrow's struct view leaves null children out of the map
                            if (x != null) {
                                m.put("x", x);
                            }
                            if (note != null) {
                                m.put("note", note);
                            }
                            if (at != null) {
                                m.put("at", at);
                            }
                            return m;
                        });
                    }
                    seen += batch.size;
                }
            }
            assertThat(seen).isEqualTo(rows);
        }
    }

    record Cell(ColumnVector cv, int row) {
    }

    interface Getter {
        Object get(Cell c);
    }

    static Object nullable(ColumnVector cv, int row, Getter g) {
        int r = cv.isRepeating ? 0 : row;
        return !cv.noNulls && cv.isNull[r] ? null : g.get(new Cell(cv, r));
    }

    static void col(VectorizedRowBatch batch, List<String> names, String name, int row, List<Object> want, Getter g) {
        int c = names.indexOf(name);
        Object got = nullable(batch.cols[c], row, g);
        assertThat(got).as("column %s", name).isEqualTo(want.get(c));
    }

    static Long longAt(ColumnVector cv, int row) {
        return ((LongColumnVector) cv).vector[cv.isRepeating ? 0 : row];
    }

    static String hex(BytesColumnVector v, int row) {
        return HexFormat.of().formatHex(Arrays.copyOfRange(v.vector[row], v.start[row], v.start[row] + v.length[row]));
    }

    static long nanosOf(Cell c) {
        TimestampColumnVector t = (TimestampColumnVector) c.cv;
        return Math.floorDiv(t.time[c.row], 1000L) * 1_000_000_000L + t.nanos[c.row];
    }

    static Object epoch(Cell c, long nanosPerUnit) {
        return Math.floorDiv(nanosOf(c), nanosPerUnit);
    }

    static Object localDateTime(Cell c, long nanosPerUnit) {
        long n = nanosOf(c);
        return LocalDateTime.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), (int) Math.floorMod(n, 1_000_000_000L),
                ZoneOffset.UTC);
    }

    static Object decimal(Cell c, int scale) {
        return ((DecimalColumnVector) c.cv).vector[c.row].getHiveDecimal().bigDecimalValue().setScale(scale);
    }

    static Object list(Cell c, Getter element) {
        ListColumnVector l = (ListColumnVector) c.cv;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < l.lengths[c.row]; i++) {
            out.add(nullable(l.child, (int) l.offsets[c.row] + i, element));
        }
        return out;
    }

    @Test
    void providerReadsAFileWrittenByOrcCore() throws IOException {
        TypeDescription schema = TypeDescription.fromString("struct<b:tinyint,s:smallint,i:int,l:bigint,"
                + "f:float,d:double,flag:boolean,str:string,vc:varchar(20),bin:binary,dec:decimal(12,4),"
                + "day:date,ts:timestamp,tsi:timestamp with local time zone,arr:array<bigint>,"
                + "st:struct<a:int,b:string>>");
        Path path = dir.resolve("foreign.orc");
        int rows = 2100;
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        long baseMillis = Instant.parse("2024-03-10T01:59:58.123Z").toEpochMilli();
        try (Writer w = OrcFile.createWriter(new org.apache.hadoop.fs.Path(path.toString()),
                OrcFile.writerOptions(conf).fileSystem(localFileSystem()).setSchema(schema))) {
            VectorizedRowBatch batch = schema.createRowBatch(512);
            for (int row = 0; row < rows; row++) {
                int r = batch.size++;
                for (int c = 0; c < batch.cols.length; c++) {
                    ColumnVector cv = batch.cols[c];
                    if ((row + c) % 6 == 0) {
                        cv.noNulls = false;
                        cv.isNull[r] = true;
                        continue;
                    }
                    cv.isNull[r] = false;
                    switch (c) {
                        case 0: case 1: case 2: case 3: case 6:
                            ((LongColumnVector) cv).vector[r] = c == 6 ? row % 2 : (row * 37L) % 120 - 60;
                            break;
                        case 4: case 5:
                            ((DoubleColumnVector) cv).vector[r] = row / 4.0;
                            break;
                        case 7: case 8: case 9:
                            ((BytesColumnVector) cv).setVal(r, ("v" + row + "ü").getBytes(StandardCharsets.UTF_8));
                            break;
                        case 10:
                            ((DecimalColumnVector) cv).set(r, HiveDecimal.create(BigDecimal.valueOf(row * 12345L - 99999, 4)));
                            break;
                        case 11:
                            ((LongColumnVector) cv).vector[r] = 19_000 + row;
                            break;
                        case 12: case 13: {
                            TimestampColumnVector t = (TimestampColumnVector) cv;
                            long ms = baseMillis + row * 3_600_001L;
                            t.time[r] = ms;
                            t.nanos[r] = (int) Math.floorMod(ms, 1000L) * 1_000_000 + row % 1000;
                            break;
                        }
                        case 14: {
                            ListColumnVector l = (ListColumnVector) cv;
                            int len = row % 3;
                            l.offsets[r] = l.childCount;
                            l.lengths[r] = len;
                            l.childCount += len;
                            l.child.ensureSize(l.childCount, true);
                            for (int j = 0; j < len; j++) {
                                ((LongColumnVector) l.child).vector[(int) l.offsets[r] + j] = row * 10L + j;
                            }
                            break;
                        }
                        default: {
                            StructColumnVector s = (StructColumnVector) cv;
                            ((LongColumnVector) s.fields[0]).vector[r] = row;
                            ((BytesColumnVector) s.fields[1]).setVal(r, ("s" + row).getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
                if (batch.size == batch.getMaxSize()) {
                    w.addRowBatch(batch);
                    batch.reset();
                }
            }
            if (batch.size > 0) {
                w.addRowBatch(batch);
            }
        }

        List<List<Object>> got = new ArrayList<>();
        Schema arrow;
        try (FormatReader r = provider.openReader(LocalFiles.input(path), ReadRequest.all(1000), allocator)) {
            arrow = r.schema();
            while (r.next()) {
                assertThat(r.batch().getRowCount()).isLessThanOrEqualTo(1000);
                got.addAll(AllTypesData.rows(r.batch()));
            }
        }
        assertThat(arrow).isEqualTo(new Schema(List.of(
                nullable("b", new ArrowType.Int(8, true)), nullable("s", new ArrowType.Int(16, true)),
                nullable("i", new ArrowType.Int(32, true)), nullable("l", new ArrowType.Int(64, true)),
                nullable("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                nullable("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                nullable("flag", ArrowType.Bool.INSTANCE), nullable("str", ArrowType.Utf8.INSTANCE),
                nullable("vc", ArrowType.Utf8.INSTANCE), nullable("bin", ArrowType.Binary.INSTANCE),
                nullable("dec", new ArrowType.Decimal(12, 4, 128)), nullable("day", new ArrowType.Date(DateUnit.DAY)),
                nullable("ts", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
                nullable("tsi", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")),
                new Field("arr", FieldType.nullable(new ArrowType.List()), List.of(nullable("item", new ArrowType.Int(64, true)))),
                new Field("st", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                        nullable("a", new ArrowType.Int(32, true)), nullable("b", ArrowType.Utf8.INSTANCE))))));
        assertThat(got).hasSize(rows);
        ZoneId writerZone = ZoneId.systemDefault();
        for (int row = 0; row < rows; row++) {
            List<Object> g = got.get(row);
            for (int c = 0; c < 16; c++) {
                Object want;
                if ((row + c) % 6 == 0) {
                    want = null;
                } else {
                    long ms = baseMillis + row * 3_600_001L;
                    long instantNanos = Math.floorDiv(ms, 1000L) * 1_000_000_000L + Math.floorMod(ms, 1000L) * 1_000_000 + row % 1000;
                    switch (c) {
                        case 0: want = (byte) ((row * 37L) % 120 - 60); break;
                        case 1: want = (short) ((row * 37L) % 120 - 60); break;
                        case 2: want = (int) ((row * 37L) % 120 - 60); break;
                        case 3: want = (row * 37L) % 120 - 60; break;
                        case 4: want = (float) (row / 4.0); break;
                        case 5: want = row / 4.0; break;
                        case 6: want = row % 2 == 1; break;
                        case 7: case 8: want = "v" + row + "ü"; break;
                        case 9: want = HexFormat.of().formatHex(("v" + row + "ü").getBytes(StandardCharsets.UTF_8)); break;
                        case 10: want = BigDecimal.valueOf(row * 12345L - 99999, 4); break;
                        case 11: want = 19_000 + row; break;
                        case 12: // a timestamp without zone keeps the writer's wall clock
                            want = LocalDateTime.ofInstant(Instant.ofEpochSecond(0, instantNanos), writerZone);
                            break;
                        case 13: want = instantNanos; break;
                        case 14: {
                            List<Object> l = new ArrayList<>();
                            for (int j = 0; j < row % 3; j++) {
                                l.add(row * 10L + j);
                            }
                            want = l;
                            break;
                        }
                        default: {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("a", row);
                            m.put("b", "s" + row);
                            want = m;
                        }
                    }
                }
                assertThat(g.get(c)).as("row %d column %d", row, c).isEqualTo(want);
            }
        }
    }

    static Field nullable(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    /**
     * The CLI and the integration tests put every provider on one module path: both bundles (ORC and
     * Parquet, which share one copy of Hadoop's client API) must resolve together. A JVM is started on
     * the module path of this test plus the Parquet provider, with both providers as root modules:
     * it refuses to start if two modules hold the same package.
     */
    @Test
    void orcAndParquetProvidersShareOneModulePath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("jdk.module.path", "").split(File.pathSeparator)) {
            if (!e.isBlank() && !e.contains("test-classes")) {
                entries.add(e);
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (e.contains("deltacat-io-parquet") || e.contains("io-parquet" + File.separator + "target")) {
                entries.add(e);
            }
        }
        assertThat(entries).anyMatch(e -> e.contains("io-parquet"));
        assertThat(entries).anyMatch(e -> e.contains("bundle-orc"));
        assertThat(entries).anyMatch(e -> e.contains("bundle-parquet"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--module-path", String.join(File.pathSeparator, entries),
                "--add-modules", "io.deltacat.io.orc,io.deltacat.io.parquet",
                "--show-module-resolution", "-version")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("root io.deltacat.io.orc", "root io.deltacat.io.parquet",
                "io.deltacat.bundle.orc", "io.deltacat.bundle.parquet");
    }
}
