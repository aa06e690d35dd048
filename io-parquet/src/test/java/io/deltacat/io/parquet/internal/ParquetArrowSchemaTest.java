package io.deltacat.io.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.testkit.LocalFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Arrow schema under Parquet's standard {@code ARROW:schema} key: ours carries the exact schema
 * for other Arrow readers (checked by hand with pyarrow 25: time zones, field metadata), and the one
 * pyarrow stores is honoured when we read its files ({@code fixtures/make_fixtures.py}).
 */
class ParquetArrowSchemaTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new ParquetFormatProvider();

    private static Field field(String name, ArrowType type, Field... children) {
        return new Field(name, FieldType.nullable(type), List.of(children));
    }

    /** Types whose exact Arrow form Parquet's own types cannot say: zones, widths, metadata. */
    static final Schema SCHEMA = new Schema(List.of(
            new Field("id", new FieldType(true, new ArrowType.Int(64, true), null, Map.of("comment", "row id")), null),
            field("u16", new ArrowType.Int(16, false)),
            field("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            field("day", new ArrowType.Date(DateUnit.DAY)),
            field("ts_ny", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "America/New_York")),
            field("ts_plus2", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "+02:00")),
            field("ts_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, null)),
            field("dec", new ArrowType.Decimal(15, 3, 128)),
            field("big", ArrowType.LargeUtf8.INSTANCE),
            field("blob", ArrowType.LargeBinary.INSTANCE),
            field("tags", new ArrowType.List(), field("item", ArrowType.Utf8.INSTANCE)),
            field("point", ArrowType.Struct.INSTANCE, field("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                    field("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Asia/Tokyo")))),
            Map.of("owner", "tests"));

    static Map<String, String> keyValues(Path path) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(ParquetFiles.input(LocalFiles.input(path)),
                org.apache.parquet.ParquetReadOptions.builder(new org.apache.parquet.conf.PlainParquetConfiguration()).build())) {
            return r.getFooter().getFileMetaData().getKeyValueMetaData();
        }
    }

    @Test
    void ourFilesStoreTheExactSchemaUnderTheStandardKeyAsAnIpcMessage() throws IOException {
        Path path = dir.resolve("ours.parquet");
        try (FormatWriter w = provider.openWriter(LocalFiles.output(path), SCHEMA, Map.of(), allocator);
             VectorSchemaRoot b = VectorSchemaRoot.create(SCHEMA, allocator)) {
            b.setRowCount(3); // all null: the schema is what counts here
            w.write(b);
            w.finish();
        }
        Map<String, String> kv = keyValues(path);
        assertThat(kv).containsOnlyKeys("ARROW:schema");
        byte[] message = Base64.getDecoder().decode(kv.get("ARROW:schema"));
        // an encapsulated IPC message, as Arrow C++ writes it: continuation marker, then the length
        assertThat(message).startsWith((byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF);
        Schema decoded = MessageSerializer.deserializeSchema(
                new ReadChannel(Channels.newChannel(new ByteArrayInputStream(message))));
        assertThat(decoded).isEqualTo(SCHEMA);
        try (FormatReader r = provider.openReader(LocalFiles.input(path), ReadRequest.all(100), allocator)) {
            assertThat(r.schema()).isEqualTo(SCHEMA);
        }
    }

    @Test
    void readsTimeZonesMetadataAndDictionaryColumnsOfPyarrowFiles() throws IOException {
        Path path = fixture("pyarrow-arrow-schema.parquet");
        List<List<Object>> rows = new ArrayList<>();
        Schema schema;
        try (FormatReader r = provider.openReader(LocalFiles.input(path), ReadRequest.all(100), allocator)) {
            schema = r.schema();
            while (r.next()) {
                VectorSchemaRoot b = r.batch();
                for (int i = 0; i < b.getRowCount(); i++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector v : b.getFieldVectors()) {
                        Object o = v.getObject(i);
                        row.add(o instanceof byte[] ? new String((byte[]) o, java.nio.charset.StandardCharsets.ISO_8859_1)
                                : o == null ? null : o.toString());
                    }
                    rows.add(row);
                }
            }
        }
        assertThat(schema.findField("id").getMetadata()).containsEntry("comment", "row id");
        assertThat(schema.findField("ny").getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MICROSECOND, "America/New_York"));
        // pyarrow stores timestamp[s] in milliseconds and reads it back so: so do we, with its zone
        assertThat(schema.findField("tokyo_s").getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "Asia/Tokyo"));
        // a dictionary-encoded column is read as its values (the error once named the index type)
        assertThat(schema.findField("city").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
        assertThat(schema.findField("city").getDictionary()).isNull();
        // pyarrow's large types come back as themselves (its ARROW:schema says so), values intact
        assertThat(schema.findField("big").getType()).isEqualTo(ArrowType.LargeUtf8.INSTANCE);
        assertThat(schema.findField("blob").getType()).isEqualTo(ArrowType.LargeBinary.INSTANCE);
        assertThat(rows).extracting(r -> r.get(3)).containsExactly("paris", "oslo", "paris", null, "rome");
        assertThat(rows).extracting(r -> r.get(1)).containsExactly("-1500000", "0", "1700000000123456", null, "86400000000");
        assertThat(rows).extracting(r -> r.get(4)).containsExactly("a", "bb", null, "dddd", "");
        assertThat(rows).extracting(r -> r.get(5)).containsExactly("\u0000", null, "\u0001\u0002", "", "z");
    }

    Path fixture(String name) throws IOException {
        Path path = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            Files.copy(in, path);
        }
        return path;
    }
}
