package io.deltacat.io.avro.internal;

import io.deltacat.io.testkit.LocalFiles;
import io.deltacat.io.testkit.AllTypesData;
import static io.deltacat.io.testkit.AllTypesData.ALL_TYPES;
import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.avro.LogicalTypes;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Independent checks with Apache Avro's own generic API: files we write are read with
 * {@link DataFileReader} + {@link GenericDatumReader}; files written with {@link DataFileWriter} +
 * {@link GenericDatumWriter} are read with our provider.
 */
class AvroInteropTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new AvroFormatProvider();

    @Test
    void avroReadsOurFile() throws IOException {
        int rows = 2500;
        Path path = dir.resolve("ours.avro");
        try (FormatWriter w = provider.openWriter(LocalFiles.output(path), ALL_TYPES, Map.of(), allocator);
             VectorSchemaRoot b = AllTypesData.batch(ALL_TYPES, 0, rows, allocator)) {
            w.write(b);
            w.finish();
        }
        List<List<Object>> expected = AllTypesData.expected(ALL_TYPES, rows, allocator);
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(path.toFile(), new GenericDatumReader<>())) {
            org.apache.avro.Schema schema = reader.getSchema();
            assertThat(reader.getMetaString("avro.codec")).isEqualTo("zstandard");
            assertThat(reader.getMetaString(AvroTypes.ARROW_SCHEMA_KEY)).isEqualTo(ALL_TYPES.toJson());
            assertThat(schema.getField("id").schema().getType()).isEqualTo(org.apache.avro.Schema.Type.LONG);
            assertThat(branch(schema, "i8").getType()).isEqualTo(org.apache.avro.Schema.Type.INT);
            assertThat(branch(schema, "day").getLogicalType()).isEqualTo(LogicalTypes.date());
            assertThat(branch(schema, "ts_ms").getLogicalType()).isEqualTo(LogicalTypes.localTimestampMillis());
            assertThat(branch(schema, "ts_ns").getLogicalType()).isEqualTo(LogicalTypes.localTimestampNanos());
            assertThat(branch(schema, "ts_us_tz").getLogicalType()).isEqualTo(LogicalTypes.timestampMicros());
            assertThat(branch(schema, "ts_ns_tz").getLogicalType()).isEqualTo(LogicalTypes.timestampNanos());
            assertThat(schema.getField("dec30").schema().getLogicalType()).isEqualTo(LogicalTypes.decimal(30, 5));
            assertThat(branch(schema, "tags").getElementType().getTypes().get(1).getType())
                    .isEqualTo(org.apache.avro.Schema.Type.INT);
            List<String> names = ALL_TYPES.getFields().stream().map(Field::getName).toList();
            int r = 0;
            GenericRecord rec = null;
            while (reader.hasNext()) {
                rec = reader.next(rec);
                List<Object> want = expected.get(r);
                for (int c = 0; c < names.size(); c++) {
                    Field f = ALL_TYPES.getFields().get(c);
                    Object got = plain(f, rec.get(names.get(c)));
                    assertThat(got).as("row %d column %s", r, f.getName()).isEqualTo(want.get(c));
                }
                r++;
            }
            assertThat(r).isEqualTo(rows);
        }
    }

    static org.apache.avro.Schema branch(org.apache.avro.Schema record, String field) {
        return AvroTypes.nullableBranch(record.getField(field).schema());
    }

    /** A generic Avro value as the comparable value of the Arrow field (see {@link TestData#rows}). */
    static Object plain(Field f, Object v) {
        if (v == null) {
            return null;
        }
        ArrowType t = f.getType();
        switch (t.getTypeID()) {
            case Int:
                switch (((ArrowType.Int) t).getBitWidth()) {
                    case 8: return ((Integer) v).byteValue();
                    case 16: return ((Integer) v).shortValue();
                    default: return v;
                }
            case Utf8:
                return v.toString();
            case Binary: {
                ByteBuffer b = ((ByteBuffer) v).duplicate();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                return HexFormat.of().formatHex(bytes);
            }
            case Decimal: {
                ByteBuffer b = ((ByteBuffer) v).duplicate();
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                return new BigDecimal(new BigInteger(bytes), ((ArrowType.Decimal) t).getScale());
            }
            case Timestamp: {
                ArrowType.Timestamp ts = (ArrowType.Timestamp) t;
                long value = (Long) v;
                if (ts.getTimezone() != null) {
                    return value;
                }
                long perSecond = ts.getUnit() == TimeUnit.MILLISECOND ? 1000 : ts.getUnit() == TimeUnit.MICROSECOND
                        ? 1_000_000 : 1_000_000_000;
                return LocalDateTime.ofEpochSecond(Math.floorDiv(value, perSecond),
                        (int) (Math.floorMod(value, perSecond) * (1_000_000_000 / perSecond)), ZoneOffset.UTC);
            }
            case List: {
                List<Object> out = new ArrayList<>();
                for (Object e : (List<?>) v) {
                    out.add(plain(f.getChildren().get(0), e));
                }
                return out;
            }
            case Struct: {
                GenericRecord rec = (GenericRecord) v;
                Map<String, Object> out = new LinkedHashMap<>();
                for (Field c : f.getChildren()) {
                    Object value = plain(c, rec.get(c.getName()));
                    if (value != null) { // Arrow's struct view leaves null children out
                        out.put(c.getName(), value);
                    }
                }
                return out;
            }
            default:
                return v;
        }
    }

    static final String FOREIGN_SCHEMA = "{\"type\":\"record\",\"name\":\"event\",\"namespace\":\"com.example\",\"fields\":["
            + "{\"name\":\"i\",\"type\":\"int\"},"
            + "{\"name\":\"l\",\"type\":[\"null\",\"long\"]},"
            + "{\"name\":\"f\",\"type\":\"float\"},"
            + "{\"name\":\"d\",\"type\":\"double\"},"
            + "{\"name\":\"flag\",\"type\":\"boolean\"},"
            + "{\"name\":\"s\",\"type\":[\"string\",\"null\"]},"
            + "{\"name\":\"b\",\"type\":\"bytes\"},"
            + "{\"name\":\"color\",\"type\":{\"type\":\"enum\",\"name\":\"Color\",\"symbols\":[\"RED\",\"GREEN\",\"BLUE\"]}},"
            + "{\"name\":\"fx\",\"type\":{\"type\":\"fixed\",\"name\":\"Four\",\"size\":4}},"
            + "{\"name\":\"amount\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":10,\"scale\":2}},"
            + "{\"name\":\"day\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
            + "{\"name\":\"at_ms\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},"
            + "{\"name\":\"at_us\",\"type\":[\"null\",{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}]},"
            + "{\"name\":\"local_us\",\"type\":{\"type\":\"long\",\"logicalType\":\"local-timestamp-micros\"}},"
            + "{\"name\":\"ids\",\"type\":{\"type\":\"array\",\"items\":\"long\"}},"
            + "{\"name\":\"skipped\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},"
            + "{\"name\":\"inner\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"Inner\",\"fields\":["
            + "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"note\",\"type\":[\"null\",\"string\"]}]}]}"
            + "]}";

    @Test
    void providerReadsAFileWrittenByAvro() throws IOException {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(FOREIGN_SCHEMA);
        Path path = dir.resolve("foreign.avro");
        int rows = 1500;
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            w.setCodec(CodecFactory.snappyCodec());
            w.create(schema, path.toFile());
            org.apache.avro.Schema inner = AvroTypes.nullableBranch(schema.getField("inner").schema());
            for (int r = 0; r < rows; r++) {
                GenericRecord rec = new GenericData.Record(schema);
                rec.put("i", r - 700);
                rec.put("l", r % 5 == 0 ? null : r * 1_000_000_007L);
                rec.put("f", r / 8f);
                rec.put("d", r / 3.0);
                rec.put("flag", r % 2 == 0);
                rec.put("s", r % 4 == 0 ? null : "s" + r + "ß");
                rec.put("b", ByteBuffer.wrap(("b" + r).getBytes(StandardCharsets.UTF_8)));
                rec.put("color", new GenericData.EnumSymbol(schema.getField("color").schema(), List.of("RED", "GREEN", "BLUE").get(r % 3)));
                rec.put("fx", new GenericData.Fixed(schema.getField("fx").schema(), new byte[] {(byte) r, 1, 2, (byte) (r >> 8)}));
                rec.put("amount", ByteBuffer.wrap(BigInteger.valueOf(r * 101L - 50_000).toByteArray()));
                rec.put("day", 19_000 + r);
                rec.put("at_ms", 1_700_000_000_000L + r);
                rec.put("at_us", r % 3 == 0 ? null : 1_700_000_000_000_000L + r);
                rec.put("local_us", -5_000_000L * r);
                List<Long> ids = new ArrayList<>();
                for (int j = 0; j < r % 4; j++) {
                    ids.add((long) r * 10 + j);
                }
                rec.put("ids", ids);
                rec.put("skipped", Map.of("k" + r, "v"));
                if (r % 6 == 0) {
                    rec.put("inner", null);
                } else {
                    GenericRecord in = new GenericData.Record(inner);
                    in.put("a", r);
                    in.put("note", r % 4 == 1 ? null : "n" + r);
                    rec.put("inner", in);
                }
                w.append(rec);
            }
        }

        List<String> columns = List.of("i", "l", "f", "d", "flag", "s", "b", "color", "fx", "amount", "day",
                "at_ms", "at_us", "local_us", "ids", "inner");
        List<List<Object>> got = new ArrayList<>();
        Schema arrow;
        try (FormatReader r = provider.openReader(LocalFiles.input(path),
                new ReadRequest(columns, Optional.empty(), 400), allocator)) {
            arrow = r.schema();
            while (r.next()) {
                assertThat(r.batch().getRowCount()).isLessThanOrEqualTo(400);
                got.addAll(AllTypesData.rows(r.batch()));
            }
        }
        assertThat(arrow).isEqualTo(new Schema(List.of(
                required("i", new ArrowType.Int(32, true)), nullable("l", new ArrowType.Int(64, true)),
                required("f", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                required("d", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                required("flag", ArrowType.Bool.INSTANCE), nullable("s", ArrowType.Utf8.INSTANCE),
                required("b", ArrowType.Binary.INSTANCE), required("color", ArrowType.Utf8.INSTANCE),
                required("fx", ArrowType.Binary.INSTANCE), required("amount", new ArrowType.Decimal(10, 2, 128)),
                required("day", new ArrowType.Date(DateUnit.DAY)),
                required("at_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
                nullable("at_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                required("local_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                new Field("ids", FieldType.notNullable(new ArrowType.List()), List.of(required("item", new ArrowType.Int(64, true)))),
                new Field("inner", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                        required("a", new ArrowType.Int(32, true)), nullable("note", ArrowType.Utf8.INSTANCE))))));
        assertThat(got).hasSize(rows);
        for (int r = 0; r < rows; r++) {
            List<Object> ids = new ArrayList<>();
            for (int j = 0; j < r % 4; j++) {
                ids.add((long) r * 10 + j);
            }
            Map<String, Object> inner = null;
            if (r % 6 != 0) {
                inner = new LinkedHashMap<>();
                inner.put("a", r);
                if (r % 4 != 1) {
                    inner.put("note", "n" + r);
                }
            }
            long us = -5_000_000L * r;
            List<Object> want = java.util.Arrays.asList(r - 700, r % 5 == 0 ? null : r * 1_000_000_007L, r / 8f, r / 3.0,
                    r % 2 == 0, r % 4 == 0 ? null : "s" + r + "ß",
                    HexFormat.of().formatHex(("b" + r).getBytes(StandardCharsets.UTF_8)),
                    List.of("RED", "GREEN", "BLUE").get(r % 3),
                    HexFormat.of().formatHex(new byte[] {(byte) r, 1, 2, (byte) (r >> 8)}),
                    BigDecimal.valueOf(r * 101L - 50_000, 2), 19_000 + r, 1_700_000_000_000L + r,
                    r % 3 == 0 ? null : 1_700_000_000_000_000L + r,
                    LocalDateTime.ofEpochSecond(Math.floorDiv(us, 1_000_000L), (int) Math.floorMod(us, 1_000_000L) * 1000, ZoneOffset.UTC),
                    ids, inner);
            assertThat(got.get(r)).as("row %d", r).isEqualTo(want);
        }
    }

    static Field nullable(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    static Field required(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }
}
