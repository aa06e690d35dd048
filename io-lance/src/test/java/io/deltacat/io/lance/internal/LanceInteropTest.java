package io.deltacat.io.lance.internal;

import static io.deltacat.io.lance.internal.TestData.ALL_TYPES;
import static io.deltacat.io.lance.internal.TestData.assertSameValue;
import static io.deltacat.io.lance.internal.TestData.batch;
import static io.deltacat.io.lance.internal.TestData.field;
import static io.deltacat.io.lance.internal.TestData.input;
import static io.deltacat.io.lance.internal.TestData.output;
import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance.Dataset;
import org.lance.WriteParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Checks against Lance's own Java API, independently of this provider's reader and writer. */
class LanceInteropTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new LanceFormatProvider();

    @Test
    @SuppressWarnings("try") // LanceScanner.close() declares Exception
    void lanceReadsWhatWeWrite() throws Exception {
        Path path = dir.resolve("ours.lance");
        int total = 0;
        try (FormatWriter w = provider.openWriter(output(path), ALL_TYPES, Map.of(), allocator)) {
            for (int n : new int[] {700, 300, 1}) {
                try (VectorSchemaRoot b = batch(ALL_TYPES, allocator, total, n)) {
                    w.write(b);
                }
                total += n;
            }
            w.finish();
        }
        try (Dataset ds = Dataset.open().allocator(allocator).uri(path.toString()).build()) {
            assertThat(ds.countRows()).isEqualTo(total);
            assertThat(ds.version()).isEqualTo(1);
            Schema lanceSchema = ds.getSchema();
            assertThat(lanceSchema.getFields()).extracting(Field::getName)
                    .containsExactlyElementsOf(ALL_TYPES.getFields().stream().map(Field::getName).toList());
            // every type is Lance's own, except offset zones, stored without their colon
            assertThat(lanceSchema.findField("ts_us_tz").getType()).isEqualTo(ALL_TYPES.findField("ts_us_tz").getType());
            assertThat(lanceSchema.findField("ts_ns_tz").getType())
                    .isEqualTo(new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+0200"));
            assertThat(lanceSchema.findField("dec30").getType()).isEqualTo(ALL_TYPES.findField("dec30").getType());
            assertThat(lanceSchema.findField("id").getMetadata()).containsEntry("comment", "row id");

            List<String> plain = ALL_TYPES.getFields().stream().map(Field::getName)
                    .filter(n -> !n.equals("ts_ns_tz") && !n.equals("point")).toList();
            for (String name : plain) {
                assertThat(lanceSchema.findField(name)).isEqualTo(ALL_TYPES.findField(name));
            }
            try (LanceScanner scanner = ds.newScan(new ScanOptions.Builder().columns(plain).batchSize(256).build());
                 ArrowReader reader = scanner.scanBatches();
                 VectorSchemaRoot expected = batch(ALL_TYPES, allocator, 0, total)) {
                int row = 0;
                while (reader.loadNextBatch()) {
                    VectorSchemaRoot b = reader.getVectorSchemaRoot();
                    for (String name : plain) {
                        FieldVector actual = b.getVector(name);
                        for (int i = 0; i < b.getRowCount(); i++) {
                            assertSameValue(expected.getVector(name), row + i, actual, i);
                        }
                    }
                    row += b.getRowCount();
                }
                assertThat(row).isEqualTo(total);
            }
        }
    }

    @Test
    void weReadWhatLanceWrites() throws Exception {
        Schema schema = new Schema(List.of(
                ALL_TYPES.findField("id"), ALL_TYPES.findField("i32"), ALL_TYPES.findField("name"),
                ALL_TYPES.findField("dec15"), ALL_TYPES.findField("ts_us_tz"), ALL_TYPES.findField("ints"),
                field("pair", true, ArrowType.Struct.INSTANCE,
                        field("x", true, new ArrowType.Int(32, true)), field("tag", true, ArrowType.Utf8.INSTANCE))));
        int total = 1234;
        ByteArrayOutputStream ipc = new ByteArrayOutputStream();
        try (VectorSchemaRoot a = batch(schema, allocator, 0, 1000);
             VectorSchemaRoot b = batch(schema, allocator, 1000, total - 1000)) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                 ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(ipc))) {
                writer.start();
                for (VectorSchemaRoot part : List.of(a, b)) {
                    try (ArrowRecordBatch rb = new VectorUnloader(part).getRecordBatch()) {
                        new VectorLoader(root).load(rb);
                    }
                    writer.writeBatch();
                }
                writer.end();
            }
        }
        Path path = dir.resolve("theirs.lance");
        try (ArrowReader source = new ArrowStreamReader(new ByteArrayInputStream(ipc.toByteArray()), allocator);
             Dataset ds = Dataset.write().allocator(allocator).reader(source).uri(path.toString())
                     .mode(WriteParams.WriteMode.CREATE).maxRowsPerFile(500).execute()) {
            assertThat(ds.countRows()).isEqualTo(total);
        }
        List<String> columns = List.of("pair", "ts_us_tz", "id", "ints", "dec15", "name");
        try (FormatReader r = provider.openReader(input(path), new ReadRequest(columns, Optional.empty(), 100), allocator);
             VectorSchemaRoot expected = batch(schema, allocator, 0, total)) {
            assertThat(r.schema().getFields()).extracting(Field::getName).containsExactlyElementsOf(columns);
            for (String name : columns) {
                assertThat(r.schema().findField(name)).isEqualTo(schema.findField(name));
            }
            int row = 0;
            while (r.next()) {
                VectorSchemaRoot got = r.batch();
                assertThat(got.getRowCount()).isBetween(1, 100);
                for (String name : columns) {
                    for (int i = 0; i < got.getRowCount(); i++) {
                        assertSameValue(expected.getVector(name), row + i, got.getVector(name), i);
                    }
                }
                row += got.getRowCount();
            }
            assertThat(row).isEqualTo(total);
        }
    }

    @Test
    void aDatasetWithSeveralVersionsIsReadAtItsLatest() throws IOException {
        Schema schema = new Schema(List.of(ALL_TYPES.findField("id"), ALL_TYPES.findField("name")));
        Path path = dir.resolve("versions.lance");
        try (VectorSchemaRoot first = batch(schema, allocator, 0, 10);
             VectorSchemaRoot second = batch(schema, allocator, 10, 5)) {
            for (VectorSchemaRoot part : List.of(first, second)) {
                ByteArrayOutputStream ipc = new ByteArrayOutputStream();
                try (ArrowStreamWriter writer = new ArrowStreamWriter(part, null, Channels.newChannel(ipc))) {
                    writer.start();
                    writer.writeBatch();
                    writer.end();
                }
                try (ArrowReader source = new ArrowStreamReader(new ByteArrayInputStream(ipc.toByteArray()), allocator);
                     Dataset ds = Dataset.write().allocator(allocator).reader(source).uri(path.toString())
                             .mode(part == first ? WriteParams.WriteMode.CREATE : WriteParams.WriteMode.APPEND).execute()) {
                    assertThat(ds.version()).isEqualTo(part == first ? 1 : 2);
                }
            }
        }
        int rows = 0;
        try (FormatReader r = provider.openReader(input(path), ReadRequest.all(4), allocator)) {
            while (r.next()) {
                rows += r.batch().getRowCount();
            }
        }
        assertThat(rows).isEqualTo(15);
    }
}
