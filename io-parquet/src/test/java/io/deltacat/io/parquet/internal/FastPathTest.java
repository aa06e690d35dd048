package io.deltacat.io.parquet.internal;

import io.deltacat.io.testkit.LocalFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.ReadRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page-level fast path: the bulk hybrid decoder, and data pages v2 written by Parquet-Java itself. */
class FastPathTest {
    @TempDir
    Path dir;

    @Test
    void bulkDecoderAgreesWithParquetsEncoderForEveryWidthAndRunShape() throws Exception {
        Random random = new Random(11);
        for (int width = 0; width <= 20; width++) {
            int max = width == 0 ? 0 : (1 << width) - 1;
            int[] values = new int[5000];
            for (int i = 0; i < values.length; ) {
                int run = 1 + random.nextInt(random.nextBoolean() ? 3 : 200);
                int v = max == 0 ? 0 : random.nextInt(max + 1);
                boolean repeat = random.nextBoolean();
                for (int k = 0; k < run && i < values.length; k++, i++) {
                    values[i] = repeat || max == 0 ? v : random.nextInt(max + 1);
                }
            }
            ByteBuffer encoded;
            try (RunLengthBitPackingHybridEncoder encoder = new RunLengthBitPackingHybridEncoder(width, 64, 1024,
                    new HeapByteBufferAllocator())) {
                for (int v : values) {
                    encoder.writeInt(v);
                }
                encoded = encoder.toBytes().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            }
            HybridDecoder decoder = new HybridDecoder(encoded, width);
            int[] decoded = new int[values.length];
            for (int at = 0; at < values.length; ) {
                int n = Math.min(values.length - at, 1 + random.nextInt(700));
                decoder.read(decoded, at, n);
                at += n;
            }
            assertThat(decoded).as("bit width %d", width).containsExactly(values);
        }
    }

    @Test
    void readsDataPagesV2WithNullsAndDictionariesWrittenByParquetJava() throws Exception {
        MessageType schema = MessageTypeParser.parseMessageType("message m { required int64 id; "
                + "optional binary name (STRING); optional double score; optional int32 day (DATE); }");
        Path file = dir.resolve("v2.parquet");
        int rows = 5000;
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new org.apache.parquet.conf.PlainParquetConfiguration()).withType(schema)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .withPageRowCountLimit(300).withDictionaryEncoding(true).build()) {
            for (int i = 0; i < rows; i++) {
                Group g = groups.newGroup().append("id", (long) i);
                if (i % 7 != 0) {
                    g.append("name", "name-" + (i % 13));
                }
                if (i % 5 != 0) {
                    g.append("score", i * 0.5);
                }
                if (i % 3 != 0) {
                    g.append("day", 19_000 + i % 40);
                }
                writer.write(g);
            }
        }
        try (RootAllocator allocator = new RootAllocator()) {
            int seen = 0;
            try (FormatReader reader = new ParquetFormatProvider().openReader(LocalFiles.input(file),
                    ReadRequest.all(777), allocator)) {
                while (reader.next()) {
                    VectorSchemaRoot b = reader.batch();
                    for (int r = 0; r < b.getRowCount(); r++, seen++) {
                        int i = seen;
                        assertThat(b.getVector("id").getObject(r)).isEqualTo((long) i);
                        Object name = b.getVector("name").getObject(r);
                        assertThat(name == null ? null : name.toString()).isEqualTo(i % 7 != 0 ? "name-" + (i % 13) : null);
                        assertThat(b.getVector("score").getObject(r)).isEqualTo(i % 5 != 0 ? i * 0.5 : null);
                        assertThat(b.getVector("day").getObject(r)).isEqualTo(i % 3 != 0 ? 19_000 + i % 40 : null);
                    }
                }
            }
            assertThat(seen).isEqualTo(rows);
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }

    /**
     * Row groups whose string chunks start dictionary-encoded and end in DELTA_BYTE_ARRAY pages (the
     * dictionary outgrew its page): batches span row groups, so a run decoded value by value (nulls
     * left as holes) is followed in the same batch by a bulk-decoded dictionary run.
     */
    @Test
    void stringRunsOfEveryEncodingShareABatch() throws Exception {
        MessageType schema = MessageTypeParser.parseMessageType("message m { required int64 id; optional binary name (STRING); }");
        Path file = dir.resolve("mixed.parquet");
        int rows = 30_000;
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withConf(new org.apache.parquet.conf.PlainParquetConfiguration()).withType(schema)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED).withRowGroupRowCountLimit(4_999)
                .withPageRowCountLimit(300).withDictionaryPageSize(4096).withDictionaryEncoding(true).build()) {
            for (int i = 0; i < rows; i++) {
                Group g = groups.newGroup().append("id", (long) i);
                if (i % 7 >= 3) {
                    g.append("name", "name-" + i / 2);
                }
                writer.write(g);
            }
        }
        try (org.apache.parquet.hadoop.ParquetFileReader footer = org.apache.parquet.hadoop.ParquetFileReader.open(
                ParquetFiles.input(LocalFiles.input(file)), org.apache.parquet.ParquetReadOptions.builder(
                        new org.apache.parquet.conf.PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE).build())) {
            var chunks = footer.getFooter().getBlocks();
            assertThat(chunks).hasSizeGreaterThan(3);
            assertThat(chunks.get(0).getColumns().get(1).getEncodings())
                    .contains(org.apache.parquet.column.Encoding.DELTA_BYTE_ARRAY, org.apache.parquet.column.Encoding.RLE_DICTIONARY);
        }
        try (RootAllocator allocator = new RootAllocator()) {
            int seen = 0;
            try (FormatReader reader = new ParquetFormatProvider().openReader(LocalFiles.input(file),
                    ReadRequest.all(7_777), allocator)) {
                while (reader.next()) {
                    VectorSchemaRoot b = reader.batch();
                    for (int r = 0; r < b.getRowCount(); r++, seen++) {
                        Object name = b.getVector("name").getObject(r);
                        assertThat(name == null ? null : name.toString()).as("row %d", seen)
                                .isEqualTo(seen % 7 >= 3 ? "name-" + seen / 2 : null);
                    }
                }
            }
            assertThat(seen).isEqualTo(rows);
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }
}
