package io.deltacat.io.lance.internal;

import static io.deltacat.io.lance.internal.TestData.ALL_TYPES;
import static io.deltacat.io.lance.internal.TestData.assertSameValue;
import static io.deltacat.io.lance.internal.TestData.batch;
import static io.deltacat.io.lance.internal.TestData.field;
import static io.deltacat.io.lance.internal.TestData.input;
import static io.deltacat.io.lance.internal.TestData.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

class LanceFormatProviderTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new LanceFormatProvider();

    /** Writes {@code sizes.length} generated batches of {@code schema} with the provider. */
    WrittenFile write(Path path, Schema schema, Map<String, String> options, int... sizes) {
        try (FormatWriter w = provider.openWriter(output(path), schema, options, allocator)) {
            int from = 0;
            for (int n : sizes) {
                try (VectorSchemaRoot b = batch(schema, allocator, from, n)) {
                    w.write(b);
                }
                from += n;
            }
            return w.finish();
        }
    }

    /** Reads the whole dataset, checking each batch against the generated rows; returns the batch sizes. */
    List<Integer> readAndCheck(Path path, Schema schema, ReadRequest request, int total) {
        List<Integer> sizes = new ArrayList<>();
        List<String> columns = request.columns().isEmpty()
                ? schema.getFields().stream().map(Field::getName).toList() : request.columns();
        try (FormatReader r = provider.openReader(input(path), request, allocator);
             VectorSchemaRoot expected = batch(schema, allocator, 0, total)) {
            assertThat(r.schema().getFields()).extracting(Field::getName).containsExactlyElementsOf(columns);
            for (Field f : r.schema().getFields()) {
                assertThat(f).isEqualTo(schema.findField(f.getName()));
            }
            int row = 0;
            while (r.next()) {
                VectorSchemaRoot b = r.batch();
                assertThat(b.getSchema().getFields()).extracting(Field::getName).containsExactlyElementsOf(columns);
                sizes.add(b.getRowCount());
                for (int c = 0; c < columns.size(); c++) {
                    FieldVector actual = b.getVector(c);
                    FieldVector want = expected.getVector(columns.get(c));
                    for (int i = 0; i < b.getRowCount(); i++) {
                        assertSameValue(want, row + i, actual, i);
                    }
                }
                row += b.getRowCount();
            }
            assertThat(row).isEqualTo(total);
            assertThat(r.next()).isFalse();
        }
        return sizes;
    }

    @Test
    void largerLanceBatchesAreSlicedExactly() {
        Path path = dir.resolve("s.lance");
        write(path, ALL_TYPES, Map.of(), 1000, 1000);
        ReadRequest request = ReadRequest.all(7);
        int row = 0;
        try (FormatReader r = new LanceFormatReader(output(path).uri(), request, allocator, 1000);
             VectorSchemaRoot expected = batch(ALL_TYPES, allocator, 0, 2000)) {
            while (r.next()) {
                VectorSchemaRoot b = r.batch();
                assertThat(b.getRowCount()).isBetween(1, 7);
                for (int c = 0; c < ALL_TYPES.getFields().size(); c++) {
                    for (int i = 0; i < b.getRowCount(); i++) {
                        assertSameValue(expected.getVector(c), row + i, b.getVector(c), i);
                    }
                }
                row += b.getRowCount();
            }
        }
        assertThat(row).isEqualTo(2000);
    }

    @Test
    void columnNamesWithSpacesWorkAndDotsAreRejected() {
        Schema schema = new Schema(List.of(field("ab", true, new ArrowType.Int(32, true)),
                field("with space", true, ArrowType.Utf8.INSTANCE), field("Mixed_Case", true, ArrowType.Utf8.INSTANCE)));
        Path path = dir.resolve("names.lance");
        write(path, schema, Map.of(), 20);
        readAndCheck(path, schema, new ReadRequest(List.of("Mixed_Case", "ab", "with space"), Optional.empty(), 8), 20);
        Schema dotted = new Schema(List.of(field("a.b", true, new ArrowType.Int(32, true))));
        assertThatThrownBy(() -> provider.checkSchema(dotted)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'a.b'");
        Schema dottedChild = new Schema(List.of(field("s", true, ArrowType.Struct.INSTANCE, field("x.y", true, ArrowType.Utf8.INSTANCE))));
        assertThatThrownBy(() -> provider.checkSchema(dottedChild)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'s.x.y'");
    }

    @Test
    void manyFlushesMakeOneDatasetVersion() throws IOException {
        Path path = dir.resolve("f.lance");
        LanceFormatWriter.Settings settings = new LanceFormatWriter.Settings(100, null, null, 150, Long.MAX_VALUE);
        WrittenFile written;
        try (LanceFormatWriter w = new LanceFormatWriter(output(path), ALL_TYPES, settings, allocator)) {
            for (int i = 0; i < 7; i++) {
                try (VectorSchemaRoot b = batch(ALL_TYPES, allocator, i * 90, 90)) {
                    w.write(b);
                }
            }
            assertThat(w.estimatedSize()).isPositive();
            written = w.finish();
        }
        assertThat(written.rowCount()).isEqualTo(630);
        assertThat(written.sizeBytes()).isEqualTo(LanceFiles.size(path));
        try (org.lance.Dataset ds = org.lance.Dataset.open().allocator(allocator).uri(path.toString()).build()) {
            assertThat(ds.version()).isEqualTo(1);
            assertThat(ds.countRows()).isEqualTo(630);
            assertThat(ds.getFragments().size()).isGreaterThan(1);
        }
        readAndCheck(path, ALL_TYPES, ReadRequest.all(100), 630);
    }

    @Test
    void closingWithoutFinishLeavesNothing() throws IOException {
        Path path = dir.resolve("sub/discarded.lance");
        try (FormatWriter w = provider.openWriter(output(path), ALL_TYPES, Map.of(), allocator)) {
            try (VectorSchemaRoot b = batch(ALL_TYPES, allocator, 0, 100)) {
                w.write(b);
            }
        }
        LanceFormatWriter.Settings tiny = new LanceFormatWriter.Settings(null, null, null, 10, Long.MAX_VALUE);
        try (LanceFormatWriter w = new LanceFormatWriter(output(path), ALL_TYPES, tiny, allocator)) {
            try (VectorSchemaRoot b = batch(ALL_TYPES, allocator, 0, 100)) {
                w.write(b); // flushed to Lance data files in the temporary directory
            }
        }
        try (Stream<Path> s = Files.list(path.getParent())) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void unsupportedTypesAreRejectedBeforeAnythingIsWritten() throws IOException {
        Map<String, ArrowType> bad = Map.of(
                "m", new ArrowType.Map(false),
                "u", new ArrowType.Union(UnionMode.Sparse, new int[0]),
                "iv", new ArrowType.Interval(IntervalUnit.DAY_TIME),
                "du", new ArrowType.Duration(TimeUnit.SECOND),
                "h", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF),
                "d256", new ArrowType.Decimal(40, 2, 256),
                "nul", ArrowType.Null.INSTANCE,
                "t", new ArrowType.Time(TimeUnit.MICROSECOND, 64));
        for (Map.Entry<String, ArrowType> e : bad.entrySet()) {
            Schema schema = new Schema(List.of(field("ok", true, ArrowType.Utf8.INSTANCE), field(e.getKey(), true, e.getValue())));
            assertThatThrownBy(() -> provider.checkSchema(schema)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("'" + e.getKey() + "'").hasMessageContaining(e.getValue().toString());
            assertThatThrownBy(() -> provider.openWriter(output(dir.resolve(e.getKey() + ".lance")), schema, Map.of(), allocator))
                    .isInstanceOf(InvalidRequestException.class);
        }
        Schema nested = new Schema(List.of(field("s", true, ArrowType.Struct.INSTANCE,
                field("deep", true, ArrowType.List.INSTANCE, field("item", true, new ArrowType.Duration(TimeUnit.SECOND))))));
        assertThatThrownBy(() -> provider.checkSchema(nested)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'s.deep.item'");
        Schema dict = new Schema(List.of(new Field("c", new FieldType(true, new ArrowType.Int(32, true),
                new DictionaryEncoding(1, false, null)), null)));
        assertThatThrownBy(() -> provider.checkSchema(dict)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'c'");
        Schema dup = new Schema(List.of(field("a", true, ArrowType.Utf8.INSTANCE), field("a", true, ArrowType.Utf8.INSTANCE)));
        assertThatThrownBy(() -> provider.checkSchema(dup)).isInstanceOf(InvalidRequestException.class);
        provider.checkSchema(ALL_TYPES);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void badOptionsAndUrisAreInvalidRequests() {
        assertThatThrownBy(() -> provider.openWriter(output(dir.resolve("o.lance")), ALL_TYPES, Map.of("compression", "zstd"), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("compression");
        assertThatThrownBy(() -> provider.openWriter(output(dir.resolve("o.lance")), ALL_TYPES, Map.of("max_rows_per_file", "-1"), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("max_rows_per_file");
        io.deltacat.io.spi.OutputFile s3 = new io.deltacat.io.spi.OutputFile() {
            @Override
            public String uri() {
                return "s3://bucket/t/part.lance";
            }

            @Override
            public io.deltacat.io.spi.AtomicOutputStream create() {
                throw new UnsupportedOperationException();
            }
        };
        // an object store's dataset needs keys for Lance's own object store: presigned access gives none
        assertThatThrownBy(() -> provider.openWriter(s3, ALL_TYPES, Map.of(), allocator))
                .isInstanceOf(io.deltacat.api.error.StorageAccessException.class).hasMessageContaining("presigned");
        io.deltacat.io.spi.OutputFile gs = new io.deltacat.io.spi.OutputFile() {
            @Override
            public String uri() {
                return "gs://bucket/t/part.lance";
            }

            @Override
            public io.deltacat.io.spi.AtomicOutputStream create() {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> provider.openWriter(gs, ALL_TYPES, Map.of(), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("file: and s3:");
    }

    @Test
    void optionsAreHandedToLance() {
        Path path = dir.resolve("opt.lance");
        write(path, ALL_TYPES, Map.of("max_rows_per_file", "100", "max_rows_per_group", "50", "data_storage_version", "2.1"), 250);
        try (org.lance.Dataset ds = org.lance.Dataset.open().allocator(allocator).uri(path.toString()).build()) {
            assertThat(ds.countRows()).isEqualTo(250);
        }
        readAndCheck(path, ALL_TYPES, ReadRequest.all(64), 250);
    }

    @Test
    void writerChecksTheBatchSchema() {
        Path path = dir.resolve("w.lance");
        Schema other = new Schema(List.of(field("id", false, new ArrowType.Int(32, true))));
        try (FormatWriter w = provider.openWriter(output(path), new Schema(List.of(ALL_TYPES.findField("id"))), Map.of(), allocator);
             VectorSchemaRoot b = batch(other, allocator, 0, 3)) {
            assertThatThrownBy(() -> w.write(b)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("'id'");
        }
        assertThat(Files.exists(path)).isFalse();
    }

}
