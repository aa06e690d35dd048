package io.deltacat.io.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.ColumnStats;
import io.deltacat.io.spi.FileFacts;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
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
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParquetFormatProviderTest {
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
            field("bin", true, ArrowType.Binary.INSTANCE),
            field("fixed", true, new ArrowType.FixedSizeBinary(4)),
            field("day", true, new ArrowType.Date(DateUnit.DAY)),
            field("ts_ms", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
            field("ts_us", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
            field("ts_ns", true, new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
            field("ts_ms_tz", true, new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
            field("ts_us_tz", true, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "America/New_York")),
            field("ts_ns_tz", true, new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+02:00")),
            field("dec5", true, new ArrowType.Decimal(5, 2, 128)),
            field("dec15", true, new ArrowType.Decimal(15, 3, 128)),
            field("dec30", false, new ArrowType.Decimal(30, 5, 128))));

    @TempDir
    Path dir;
    BufferAllocator allocator;
    final FormatProvider provider = new ParquetFormatProvider();

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void leakCheck() {
        assertThat(allocator.getAllocatedMemory()).as("leaked Arrow memory").isZero();
        allocator.close();
    }

    static Field field(String name, boolean nullable, ArrowType type) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    /** A batch of {@code n} generated rows starting at row {@code from}; every nullable column has nulls. */
    VectorSchemaRoot batch(Schema schema, int from, int n) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        for (int c = 0; c < root.getFieldVectors().size(); c++) {
            FieldVector v = root.getVector(c);
            for (int r = 0; r < n; r++) {
                int row = from + r;
                if (v.getField().isNullable() && (row + c) % 7 == 0) {
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
        long k = (row * 2654435761L) ^ (row << 7);
        k = (row % 2 == 0) ? k : -k;
        if (v instanceof BigIntVector) {
            ((BigIntVector) v).setSafe(index, v.getName().equals("id") ? row : k);
        } else if (v instanceof TinyIntVector) {
            ((TinyIntVector) v).setSafe(index, (byte) k);
        } else if (v instanceof SmallIntVector) {
            ((SmallIntVector) v).setSafe(index, (short) k);
        } else if (v instanceof IntVector) {
            ((IntVector) v).setSafe(index, (int) k);
        } else if (v instanceof UInt1Vector) {
            ((UInt1Vector) v).setSafe(index, (byte) k);
        } else if (v instanceof UInt2Vector) {
            ((UInt2Vector) v).setSafe(index, (char) k);
        } else if (v instanceof UInt4Vector) {
            ((UInt4Vector) v).setSafe(index, (int) k);
        } else if (v instanceof UInt8Vector) {
            ((UInt8Vector) v).setSafe(index, Long.MIN_VALUE + row);
        } else if (v instanceof Float4Vector) {
            ((Float4Vector) v).setSafe(index, k / 7.0f);
        } else if (v instanceof Float8Vector) {
            ((Float8Vector) v).setSafe(index, row == 3 ? Double.NaN : k / 3.0);
        } else if (v instanceof BitVector) {
            ((BitVector) v).setSafe(index, row % 3 == 0 ? 1 : 0);
        } else if (v instanceof VarCharVector) {
            String s = v.getName() + "-" + row + (row % 5 == 0 ? " é✓😀" : "") + (row % 11 == 0 ? "" : "x".repeat(row % 13));
            ((VarCharVector) v).setSafe(index, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof VarBinaryVector) {
            byte[] b = new byte[row % 9];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (k >> i);
            }
            ((VarBinaryVector) v).setSafe(index, b);
        } else if (v instanceof FixedSizeBinaryVector) {
            ((FixedSizeBinaryVector) v).setSafe(index, new byte[] {(byte) row, (byte) (row >> 8), (byte) k, -1});
        } else if (v instanceof DateDayVector) {
            ((DateDayVector) v).setSafe(index, (int) (k % 200_000));
        } else if (v instanceof TimeStampVector) {
            long ms = k % 4_000_000_000_000L;
            TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
            long value = unit == TimeUnit.MILLISECOND ? ms : unit == TimeUnit.MICROSECOND ? ms * 1000 + row % 1000
                    : ms * 1_000_000 + row % 1_000_000;
            ((TimeStampVector) v).setSafe(index, value);
        } else if (v instanceof DecimalVector) {
            ArrowType.Decimal t = (ArrowType.Decimal) v.getField().getType();
            BigInteger unscaled = t.getPrecision() > 18
                    ? BigInteger.valueOf(k).multiply(BigInteger.valueOf(1_000_000_007L))
                    : BigInteger.valueOf(k % BigInteger.TEN.pow(t.getPrecision()).longValueExact());
            ((DecimalVector) v).setSafe(index, new BigDecimal(unscaled, t.getScale()));
        } else {
            throw new IllegalArgumentException(v.getClass().getName());
        }
    }

    /** Comparable values of a batch: byte arrays as hex, text as strings. */
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
            return HexFormat.of().formatHex((byte[]) o);
        }
        if (o instanceof Text) {
            return o.toString();
        }
        return o;
    }

    Path write(String name, Schema schema, Map<String, String> options, int rows, int batchRows) {
        Path path = dir.resolve(name);
        try (FormatWriter w = provider.openWriter(TestFiles.output(path), schema, options, allocator)) {
            for (int from = 0; from < rows; from += batchRows) {
                try (VectorSchemaRoot b = batch(schema, from, Math.min(batchRows, rows - from))) {
                    w.write(b);
                }
            }
            assertThat(w.estimatedSize()).isPositive();
            WrittenFile f = w.finish();
            assertThat(f.rowCount()).isEqualTo(rows);
            assertThat(f.uri()).isEqualTo(path.toUri().toString());
            try {
                assertThat(f.sizeBytes()).isEqualTo(Files.size(path));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return path;
    }

    List<List<Object>> expected(Schema schema, int rows) {
        try (VectorSchemaRoot b = batch(schema, 0, rows)) {
            return rows(b);
        }
    }

    record Read(Schema schema, List<List<Object>> rows, List<Integer> batchSizes) {
    }

    Read read(Path path, ReadRequest request) {
        try (FormatReader r = provider.openReader(TestFiles.input(path), request, allocator)) {
            List<List<Object>> rows = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            while (r.next()) {
                assertThat(r.batch().getSchema()).isEqualTo(r.schema());
                sizes.add(r.batch().getRowCount());
                rows.addAll(rows(r.batch()));
            }
            return new Read(r.schema(), rows, sizes);
        }
    }

    static ParquetMetadata footer(Path path) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(ParquetFiles.input(TestFiles.input(path)),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE).build())) {
            return r.getFooter();
        }
    }

    @Test
    void describesItself() {
        assertThat(provider.name()).isEqualTo("parquet");
        assertThat(provider.extensions()).containsExactly("parquet");
        // runs on the module path: the provider is a named module, Parquet-Java its bundle
        Module module = ParquetFormatProvider.class.getModule();
        assertThat(module.getName()).isEqualTo("io.deltacat.io.parquet");
        assertThat(module.getDescriptor().provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(FormatProvider.class.getName());
            assertThat(p.providers()).containsExactly(ParquetFormatProvider.class.getName());
        });
        assertThat(module.getDescriptor().exports()).isEmpty();
        assertThat(ParquetFileReader.class.getModule().getName()).isEqualTo("io.deltacat.bundle.parquet");
    }

    @Test
    void roundTripsEveryTypeWithNulls() {
        Path path = write("all.parquet", ALL_TYPES, Map.of(), 1000, 300);
        Read read = read(path, ReadRequest.all(4096));
        assertThat(read.schema()).isEqualTo(ALL_TYPES);
        assertThat(read.rows()).isEqualTo(expected(ALL_TYPES, 1000));
        assertThat(read.batchSizes()).containsExactly(1000);
    }

    @Test
    void projectsColumnsInRequestOrder() {
        Path path = write("p.parquet", ALL_TYPES, Map.of(), 200, 200);
        Read read = read(path, new ReadRequest(List.of("dec30", "name", "id"), Optional.empty(), 1000));
        assertThat(read.schema().getFields()).extracting(Field::getName).containsExactly("dec30", "name", "id");
        assertThat(read.schema().getFields()).containsExactly(ALL_TYPES.findField("dec30"),
                ALL_TYPES.findField("name"), ALL_TYPES.findField("id"));
        List<List<Object>> all = expected(ALL_TYPES, 200);
        List<List<Object>> want = new ArrayList<>();
        for (List<Object> row : all) {
            want.add(java.util.Arrays.asList(row.get(25), row.get(12), row.get(0)));
        }
        assertThat(read.rows()).isEqualTo(want);
    }

    @Test
    void missingProjectedColumnIsInvalid() {
        Path path = write("m.parquet", ALL_TYPES, Map.of(), 10, 10);
        assertThatThrownBy(() -> provider.openReader(TestFiles.input(path),
                new ReadRequest(List.of("id", "nope"), Optional.empty(), 10), allocator))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> provider.openReader(TestFiles.input(path),
                new ReadRequest(List.of("id", "id"), Optional.empty(), 10), allocator))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'id'");
    }

    @Test
    void splitsBatches() {
        Path path = write("b.parquet", ALL_TYPES, Map.of(), 1000, 1000);
        Read read = read(path, ReadRequest.all(300));
        assertThat(read.batchSizes()).containsExactly(300, 300, 300, 100);
        assertThat(read.rows()).isEqualTo(expected(ALL_TYPES, 1000));
    }

    @Test
    void rollsRowGroupsBySize() throws IOException {
        Path path = write("rg.parquet", ALL_TYPES, Map.of("row_group_size", "16384", "page_size", "4096"), 5000, 700);
        List<BlockMetaData> groups = footer(path).getBlocks();
        assertThat(groups.size()).isGreaterThan(3);
        assertThat(groups.stream().mapToLong(BlockMetaData::getRowCount).sum()).isEqualTo(5000);
        Read read = read(path, ReadRequest.all(777));
        assertThat(read.rows()).isEqualTo(expected(ALL_TYPES, 5000));
        assertThat(read.batchSizes()).allMatch(n -> n <= 777);
        assertThat(read.batchSizes().subList(0, read.batchSizes().size() - 1)).allMatch(n -> n == 777);
    }

    @Test
    void inspectReadsTheFooterAndAgreesWithAFullRead() throws IOException {
        Path path = write("facts.parquet", ALL_TYPES, Map.of("row_group_size", "16384", "page_size", "4096"), 5000,
                700);
        assertThat(footer(path).getBlocks().size()).as("several row groups to combine").isGreaterThan(3);
        FileFacts fromFooter = provider.inspect(TestFiles.input(path), ALL_TYPES, allocator);
        // the same provider without its override: the SPI's default reads every row
        FormatProvider fullRead = new FormatProvider() {
            public String name() {
                return provider.name();
            }

            public Set<String> extensions() {
                return provider.extensions();
            }

            public void checkSchema(Schema schema) {
                provider.checkSchema(schema);
            }

            public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                           BufferAllocator a) {
                return provider.openWriter(file, schema, options, a);
            }

            public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator a) {
                return provider.openReader(file, request, a);
            }
        };
        FileFacts fromRows = fullRead.inspect(TestFiles.input(path), ALL_TYPES, allocator);
        assertThat(fromFooter.schema()).isEqualTo(fromRows.schema()).isEqualTo(ALL_TYPES);
        assertThat(fromFooter.rowCount()).isEqualTo(fromRows.rowCount()).isEqualTo(5000);
        // the footer may know less (unsigned integers, binaries), never something else
        fromFooter.columnStats().forEach((column, s) -> {
            ColumnStats rows = fromRows.columnStats().get(column);
            assertThat(s.nullCount()).as(column).isEqualTo(rows.nullCount());
            if (s.min().isPresent()) {
                assertThat(s.min()).as(column).isEqualTo(rows.min());
                assertThat(s.max()).as(column).isEqualTo(rows.max());
            }
        });
        assertThat(fromFooter.columnStats()).containsKeys("id", "i64", "f64", "name", "day", "ts_us", "dec15");
        // (f64 holds a NaN: no bounds either way)
        assertThat(fromFooter.columnStats().get("f64").min()).isEmpty();
        // (strings whose bounds hold characters beyond the BMP get none from the footer: see ParquetTypes)
        for (String column : List.of("id", "i32", "f32", "flag", "day", "ts_ns_tz", "dec30")) {
            assertThat(fromFooter.columnStats().get(column).min()).as(column + " " + fromRows.columnStats()
                    .get(column) + " vs " + fromFooter.columnStats().get(column)).isPresent();
        }
    }

    @Test
    void aFloatBoundPastANaNIsUnknown() {
        Schema schema = new Schema(List.of(field("x", true, new ArrowType.FloatingPoint(
                FloatingPointPrecision.DOUBLE))));
        Path path = dir.resolve("nan.parquet");
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
             FormatWriter w = provider.openWriter(TestFiles.output(path), schema, Map.of(), allocator)) {
            Float8Vector x = (Float8Vector) root.getVector(0);
            x.allocateNew(3);
            x.set(0, 1.0);
            x.set(1, Double.NaN);
            x.set(2, 2.0);
            x.setValueCount(3);
            root.setRowCount(3);
            w.write(root);
            w.finish();
        }
        ColumnStats s = provider.inspect(TestFiles.input(path), schema, allocator).columnStats().get("x");
        assertThat(s.nullCount()).isZero();
        assertThat(s.min()).isEmpty();
        assertThat(s.max()).isEmpty();
    }

    @Test
    void prunesRowGroupsWithTheAdvisoryFilter() throws IOException {
        Schema schema = new Schema(List.of(field("id", false, new ArrowType.Int(64, true))));
        Path path = write("prune.parquet", schema, Map.of("row_group_size", "2048"), 20_000, 1000);
        assertThat(footer(path).getBlocks().size()).isGreaterThan(2);
        Predicate filter = Predicate.ge("id", 19_990).bind(schema);
        Read read = read(path, new ReadRequest(List.of(), Optional.of(filter), 100_000));
        // whole row groups are read or skipped: every matching row is there, far fewer others
        assertThat(read.rows()).contains(List.of(19_990L), List.of(19_999L));
        assertThat(read.rows().size()).isLessThan(20_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "snappy", "gzip", "none", "ZSTD"})
    void compresses(String codec) throws IOException {
        Path path = write("c.parquet", ALL_TYPES, Map.of("compression", codec), 500, 500);
        CompressionCodecName expected = codec.equals("none") ? CompressionCodecName.UNCOMPRESSED
                : CompressionCodecName.valueOf(codec.toUpperCase(java.util.Locale.ROOT));
        assertThat(footer(path).getBlocks().get(0).getColumns())
                .allMatch(c -> c.getCodec() == expected);
        assertThat(read(path, ReadRequest.all(1000)).rows()).isEqualTo(expected(ALL_TYPES, 500));
    }

    @Test
    void zstdIsTheDefault() throws IOException {
        Path path = write("d.parquet", ALL_TYPES, Map.of(), 10, 10);
        assertThat(footer(path).getBlocks().get(0).getColumns()).allMatch(c -> c.getCodec() == CompressionCodecName.ZSTD);
    }

    @Test
    void closeWithoutFinishLeavesNoFile() throws IOException {
        Path path = dir.resolve("discarded.parquet");
        try (FormatWriter w = provider.openWriter(TestFiles.output(path), ALL_TYPES, Map.of(), allocator);
             VectorSchemaRoot b = batch(ALL_TYPES, 0, 100)) {
            w.write(b);
        }
        assertThat(path).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void emptyFileRoundTrips() {
        Path path = write("empty.parquet", ALL_TYPES, Map.of(), 0, 1);
        Read read = read(path, ReadRequest.all(10));
        assertThat(read.schema()).isEqualTo(ALL_TYPES);
        assertThat(read.rows()).isEmpty();
    }

    @Test
    void rejectsUnsupportedTypesBeforeWriting() throws IOException {
        Field inner = new Field("item", FieldType.nullable(new ArrowType.List()),
                List.of(field("item", true, new ArrowType.Int(64, true))));
        Field list = new Field("tags", FieldType.nullable(new ArrowType.List()), List.of(inner));
        Schema schema = new Schema(List.of(field("id", false, new ArrowType.Int(64, true)), list));
        assertThatThrownBy(() -> provider.checkSchema(schema))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("parquet provider cannot store column 'tags' of type list<list<int64>>");
        assertThatThrownBy(() -> provider.checkSchema(new Schema(List.of(field("big", true, ArrowType.LargeUtf8.INSTANCE)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("parquet provider cannot store column 'big' of type large_utf8");
        Path path = dir.resolve("never.parquet");
        assertThatThrownBy(() -> provider.openWriter(TestFiles.output(path), schema, Map.of(), allocator))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'tags'");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
        provider.checkSchema(ALL_TYPES);
    }

    @Test
    void rejectsUnknownAndBadOptions() {
        Path path = dir.resolve("x.parquet");
        assertThatThrownBy(() -> provider.openWriter(TestFiles.output(path), ALL_TYPES, Map.of("colour", "red"), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> provider.openWriter(TestFiles.output(path), ALL_TYPES, Map.of("compression", "lzo"), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("lzo");
        assertThatThrownBy(() -> provider.openWriter(TestFiles.output(path), ALL_TYPES, Map.of("row_group_size", "-1"), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("row_group_size");
        assertThat(path).doesNotExist();
    }

    @Test
    void wrapsFailuresWithProviderFileAndOperation() throws IOException {
        Path path = dir.resolve("garbage.parquet");
        Files.write(path, "this is not parquet at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> provider.openReader(TestFiles.input(path), ReadRequest.all(10), allocator))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("parquet")
                .hasMessageContaining("read")
                .hasMessageContaining(path.toUri().toString());
        assertThatThrownBy(() -> provider.openWriter(TestFiles.output(path), ALL_TYPES, Map.of(), allocator))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("parquet write of " + path.toUri());
    }

    @Test
    void rejectsNullsInRequiredColumns() {
        Schema nullable = new Schema(List.of(field("id", true, new ArrowType.Int(64, true))));
        Schema required = new Schema(List.of(field("id", false, new ArrowType.Int(64, true))));
        Path path = dir.resolve("req.parquet");
        try (FormatWriter w = provider.openWriter(TestFiles.output(path), required, Map.of(), allocator);
             VectorSchemaRoot b = batch(nullable, 0, 10)) {
            // same name and type, nullable field: the null at row 0 must not be written as a value
            assertThatThrownBy(() -> w.write(b)).isInstanceOf(InvalidRequestException.class);
        }
        assertThat(path).doesNotExist();
    }
}
