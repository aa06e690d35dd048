package io.deltacat.io.avro.internal;

import io.deltacat.io.testkit.AllTypesData;
import static io.deltacat.io.testkit.AllTypesData.ALL_TYPES;
import static io.deltacat.io.testkit.AllTypesData.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvroFormatProviderTest {
    @TempDir
    Path dir;
    BufferAllocator allocator;
    final FormatProvider provider = new AvroFormatProvider();

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void leakCheck() {
        assertThat(allocator.getAllocatedMemory()).as("leaked Arrow memory").isZero();
        allocator.close();
    }

    Path write(String name, Schema schema, Map<String, String> options, int rows, int batchRows) {
        Path path = dir.resolve(name);
        try (FormatWriter w = provider.openWriter(TestFiles.output(path), schema, options, allocator)) {
            for (int from = 0; from < rows; from += batchRows) {
                try (VectorSchemaRoot b = AllTypesData.batch(schema, from, Math.min(batchRows, rows - from), allocator)) {
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
        return AllTypesData.expected(schema, rows, allocator);
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
                rows.addAll(AllTypesData.rows(r.batch()));
            }
            return new Read(r.schema(), rows, sizes);
        }
    }

    /** The codec recorded in the file header, read with Avro's own reader. */
    static String codecOf(Path path) throws IOException {
        try (DataFileReader<GenericRecord> r = new DataFileReader<>(path.toFile(), new GenericDatumReader<>())) {
            return r.getMetaString("avro.codec");
        }
    }

    @Test
    void describesItself() {
        assertThat(provider.name()).isEqualTo("avro");
        assertThat(provider.extensions()).containsExactly("avro");
        Module module = AvroFormatProvider.class.getModule();
        assertThat(module.getName()).isEqualTo("io.deltacat.io.avro");
        assertThat(module.getDescriptor().provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(FormatProvider.class.getName());
            assertThat(p.providers()).containsExactly(AvroFormatProvider.class.getName());
        });
        assertThat(module.getDescriptor().exports()).isEmpty();
        assertThat(DataFileReader.class.getModule().getName()).isEqualTo("org.apache.avro");
    }

    @Test
    void roundTripsEveryTypeWithNulls() {
        Path path = write("all.avro", ALL_TYPES, Map.of(), 1000, 300);
        Read read = read(path, ReadRequest.all(4096));
        assertThat(read.schema()).isEqualTo(ALL_TYPES);
        assertThat(read.rows()).isEqualTo(expected(ALL_TYPES, 1000));
        assertThat(read.batchSizes()).containsExactly(1000);
    }

    @Test
    void projectsColumnsInRequestOrder() {
        Path path = write("p.avro", ALL_TYPES, Map.of(), 200, 200);
        Read read = read(path, new ReadRequest(List.of("point", "dec30", "name", "id"), Optional.empty(), 1000));
        assertThat(read.schema().getFields()).containsExactly(ALL_TYPES.findField("point"),
                ALL_TYPES.findField("dec30"), ALL_TYPES.findField("name"), ALL_TYPES.findField("id"));
        List<String> names = ALL_TYPES.getFields().stream().map(Field::getName).toList();
        List<List<Object>> want = new ArrayList<>();
        for (List<Object> row : expected(ALL_TYPES, 200)) {
            want.add(Arrays.asList(row.get(names.indexOf("point")), row.get(names.indexOf("dec30")),
                    row.get(names.indexOf("name")), row.get(0)));
        }
        assertThat(read.rows()).isEqualTo(want);
    }

    @Test
    void missingOrRepeatedProjectedColumnIsInvalid() {
        Path path = write("m.avro", ALL_TYPES, Map.of(), 10, 10);
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
        Path path = write("b.avro", ALL_TYPES, Map.of(), 3000, 3000);
        Read read = read(path, ReadRequest.all(700));
        assertThat(read.batchSizes()).containsExactly(700, 700, 700, 700, 200);
        assertThat(read.rows()).isEqualTo(expected(ALL_TYPES, 3000));
        Read small = read(path, ReadRequest.all(1));
        assertThat(small.batchSizes()).hasSize(3000).allMatch(n -> n == 1);
    }

    @Test
    void callerMayTransferVectorsOutOfTheBatch() {
        Schema schema = new Schema(List.of(field("id", false, new ArrowType.Int(64, true))));
        Path path = write("t.avro", schema, Map.of(), 2500, 2500);
        List<BigIntVector> kept = new ArrayList<>();
        try (FormatReader r = provider.openReader(TestFiles.input(path), ReadRequest.all(1000), allocator)) {
            while (r.next()) {
                BigIntVector v = (BigIntVector) r.batch().getVector(0);
                var tp = v.getTransferPair(allocator);
                tp.transfer();
                kept.add((BigIntVector) tp.getTo());
            }
        }
        try {
            assertThat(kept).hasSize(3);
            long next = 0;
            for (BigIntVector v : kept) {
                for (int i = 0; i < v.getValueCount(); i++) {
                    assertThat(v.get(i)).isEqualTo(next++);
                }
            }
            assertThat(next).isEqualTo(2500);
        } finally {
            kept.forEach(BigIntVector::close);
        }
    }

    @Test
    void manyBlocksAndRowsRoundTrip() {
        Path path = write("s.avro", ALL_TYPES, Map.of(), 20_000, 2000);
        Read read = read(path, ReadRequest.all(3333));
        assertThat(read.rows()).isEqualTo(expected(ALL_TYPES, 20_000));
        assertThat(read.batchSizes()).containsExactly(3333, 3333, 3333, 3333, 3333, 3333, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "snappy", "deflate", "none", "ZSTD"})
    void compresses(String codec) throws IOException {
        Path path = write("c.avro", ALL_TYPES, Map.of("compression", codec), 500, 500);
        String expected = codec.equals("none") ? "null" : codec.equals("ZSTD") ? "zstandard"
                : codec.equals("zstd") ? "zstandard" : codec;
        assertThat(codecOf(path)).isEqualTo(expected);
        assertThat(read(path, ReadRequest.all(1000)).rows()).isEqualTo(expected(ALL_TYPES, 500));
    }

    @Test
    void zstdIsTheDefault() throws IOException {
        Path path = write("d.avro", ALL_TYPES, Map.of(), 10, 10);
        assertThat(codecOf(path)).isEqualTo("zstandard");
    }

    @Test
    void closeWithoutFinishLeavesNoFile() throws IOException {
        Path path = dir.resolve("discarded.avro");
        try (FormatWriter w = provider.openWriter(TestFiles.output(path), ALL_TYPES, Map.of(), allocator);
             VectorSchemaRoot b = AllTypesData.batch(ALL_TYPES, 0, 3000, allocator)) {
            w.write(b);
        }
        assertThat(path).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void emptyFileRoundTrips() {
        Path path = write("empty.avro", ALL_TYPES, Map.of(), 0, 1);
        Read read = read(path, ReadRequest.all(10));
        assertThat(read.schema()).isEqualTo(ALL_TYPES);
        assertThat(read.rows()).isEmpty();
    }

    @Test
    void rejectsUnsupportedTypesBeforeWriting() throws IOException {
        Schema schema = new Schema(List.of(field("id", false, new ArrowType.Int(64, true)),
                field("count", true, new ArrowType.Int(64, false))));
        assertThatThrownBy(() -> provider.checkSchema(schema))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("avro provider cannot store column 'count' of type uint64");
        assertThatThrownBy(() -> provider.checkSchema(new Schema(List.of(field("big", true, ArrowType.LargeUtf8.INSTANCE)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("avro provider cannot store column 'big' of type large_utf8");
        Field nested = new Field("s", FieldType.nullable(ArrowType.Struct.INSTANCE),
                List.of(field("t", true, new ArrowType.Time(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, 32))));
        assertThatThrownBy(() -> provider.checkSchema(new Schema(List.of(nested))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("column 's'");
        Path path = dir.resolve("never.avro");
        assertThatThrownBy(() -> provider.openWriter(TestFiles.output(path), schema, Map.of(), allocator))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'count'").hasMessageContaining("uint64");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
        assertThatThrownBy(() -> provider.checkSchema(new Schema(List.of(field("my col", true, ArrowType.Utf8.INSTANCE)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'my col'");
        provider.checkSchema(ALL_TYPES);
    }

    @Test
    void rejectsUnknownAndBadOptions() {
        Path path = dir.resolve("x.avro");
        assertThatThrownBy(() -> provider.openWriter(TestFiles.output(path), ALL_TYPES, Map.of("colour", "red"), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> provider.openWriter(TestFiles.output(path), ALL_TYPES, Map.of("compression", "lzo"), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("lzo");
        assertThatThrownBy(() -> provider.openWriter(TestFiles.output(path), ALL_TYPES, Map.of("compression", ""), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("compression");
        assertThat(path).doesNotExist();
    }

    @Test
    void wrapsFailuresWithProviderFileAndOperation() throws IOException {
        Path path = dir.resolve("garbage.avro");
        Files.write(path, "this is not avro at all, not even close".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> provider.openReader(TestFiles.input(path), ReadRequest.all(10), allocator))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("avro read of " + path.toUri());
        assertThatThrownBy(() -> provider.openWriter(TestFiles.output(path), ALL_TYPES, Map.of(), allocator))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("avro write of " + path.toUri());
    }

    @Test
    void rejectsNullsInRequiredColumns() {
        Schema nullable = new Schema(List.of(field("id", true, new ArrowType.Int(64, true))));
        Schema required = new Schema(List.of(field("id", false, new ArrowType.Int(64, true))));
        Path path = dir.resolve("req.avro");
        try (FormatWriter w = provider.openWriter(TestFiles.output(path), required, Map.of(), allocator);
             VectorSchemaRoot b = AllTypesData.batch(nullable, 0, 10, allocator)) {
            assertThatThrownBy(() -> w.write(b)).isInstanceOf(InvalidRequestException.class);
        }
        assertThat(path).doesNotExist();
    }

    /** An output file whose stream fails once {@code limit} bytes have been written. */
    static io.deltacat.io.spi.OutputFile failingAfter(Path path, long limit) {
        io.deltacat.io.spi.OutputFile real = TestFiles.output(path);
        return new io.deltacat.io.spi.OutputFile() {
            @Override
            public String uri() {
                return real.uri();
            }

            @Override
            public io.deltacat.io.spi.AtomicOutputStream create() throws IOException {
                io.deltacat.io.spi.AtomicOutputStream out = real.create();
                return new io.deltacat.io.spi.AtomicOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (out.position() + len > limit) {
                            throw new IOException("disk full (test)");
                        }
                        out.write(b, off, len);
                    }

                    @Override
                    public long position() {
                        return out.position();
                    }

                    @Override
                    public void abort() throws IOException {
                        out.abort();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }
                };
            }
        };
    }

    @Test
    void aFailingStreamLeavesNoFileAndNamesTheFile() throws IOException {
        Path path = dir.resolve("failing.avro");
        try (FormatWriter w = provider.openWriter(failingAfter(path, 20_000), ALL_TYPES, Map.of("compression", "none"), allocator);
             VectorSchemaRoot b = AllTypesData.batch(ALL_TYPES, 0, 5000, allocator)) {
            assertThatThrownBy(() -> {
                w.write(b);
                w.finish();
            }).isInstanceOf(StorageException.class)
                    .hasMessageContaining("avro write of " + path.toUri())
                    .hasMessageContaining("disk full (test)");
        }
        assertThat(path).doesNotExist();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }
}
