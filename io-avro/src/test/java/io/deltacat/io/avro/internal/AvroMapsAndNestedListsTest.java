package io.deltacat.io.avro.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.testkit.LocalFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
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
 * Avro maps and arrays of arrays, checked against Apache Avro's own generic API as the independent
 * writer and reader: maps were refused both ways before (issue 15).
 */
class AvroMapsAndNestedListsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new AvroFormatProvider();

    static final String FOREIGN = "{\"type\":\"record\",\"name\":\"r\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"long\"},"
            + "{\"name\":\"attrs\",\"type\":[\"null\",{\"type\":\"map\",\"values\":[\"null\",\"long\"]}]},"
            + "{\"name\":\"labels\",\"type\":{\"type\":\"map\",\"values\":\"string\"}},"
            + "{\"name\":\"matrix\",\"type\":{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":\"long\"}}}"
            + "]}";

    /** Row r's map: null every fifth row, else r % 4 entries, one of them with a null value. */
    static Map<String, Long> attrs(int r) {
        if (r % 5 == 0) {
            return null;
        }
        Map<String, Long> m = new LinkedHashMap<>();
        for (int j = 0; j < r % 4; j++) {
            m.put("k" + j + "-" + r, j == 1 ? null : (long) r * 100 + j);
        }
        return m;
    }

    static List<List<Long>> matrix(int r) {
        List<List<Long>> m = new ArrayList<>();
        for (int j = 0; j < r % 3; j++) {
            List<Long> row = new ArrayList<>();
            for (int k = 0; k < j + r % 2; k++) {
                row.add((long) r * 10 + k);
            }
            m.add(row);
        }
        return m;
    }

    @Test
    void readsMapsAndArraysOfArraysWrittenByAvro() throws IOException {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(FOREIGN);
        Path path = dir.resolve("foreign.avro");
        int rows = 700;
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            w.create(schema, path.toFile());
            for (int r = 0; r < rows; r++) {
                GenericRecord rec = new GenericData.Record(schema);
                rec.put("id", (long) r);
                rec.put("attrs", attrs(r));
                rec.put("labels", Map.of("name", "n" + r));
                rec.put("matrix", matrix(r));
                w.append(rec);
            }
        }
        List<Object[]> got = new ArrayList<>();
        Schema arrow;
        try (FormatReader reader = provider.openReader(LocalFiles.input(path), ReadRequest.all(256), allocator)) {
            arrow = reader.schema();
            while (reader.next()) {
                VectorSchemaRoot b = reader.batch();
                for (int i = 0; i < b.getRowCount(); i++) {
                    got.add(new Object[] {mapOf((MapVector) b.getVector("attrs"), i),
                            mapOf((MapVector) b.getVector("labels"), i), listsOf((ListVector) b.getVector("matrix"), i)});
                }
            }
        }
        assertThat(arrow.findField("attrs")).isEqualTo(mapField("attrs", true, new ArrowType.Int(64, true), true));
        assertThat(arrow.findField("labels")).isEqualTo(mapField("labels", false, ArrowType.Utf8.INSTANCE, false));
        assertThat(arrow.findField("matrix").getType()).isEqualTo(ArrowType.List.INSTANCE);
        assertThat(arrow.findField("matrix").getChildren().get(0).getType()).isEqualTo(ArrowType.List.INSTANCE);
        assertThat(got).hasSize(rows);
        for (int r = 0; r < rows; r++) {
            assertThat(got.get(r)[0]).as("attrs of row %d", r).isEqualTo(attrs(r));
            assertThat(got.get(r)[1]).as("labels of row %d", r).isEqualTo(Map.of("name", "n" + r));
            assertThat(got.get(r)[2]).as("matrix of row %d", r).isEqualTo(matrix(r));
        }
    }

    @Test
    void avroReadsTheMapsWeWrite() throws IOException {
        Schema schema = new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                mapField("attrs", true, new ArrowType.Int(64, true), true)));
        Path path = dir.resolve("ours.avro");
        int rows = 300;
        try (FormatWriter w = provider.openWriter(LocalFiles.output(path), schema, Map.of(), allocator);
             VectorSchemaRoot b = VectorSchemaRoot.create(schema, allocator)) {
            BigIntVector id = (BigIntVector) b.getVector("id");
            MapVector attrs = (MapVector) b.getVector("attrs");
            StructVector entries = (StructVector) attrs.getDataVector();
            VarCharVector keys = (VarCharVector) entries.getChildrenFromFields().get(0);
            BigIntVector values = (BigIntVector) entries.getChildrenFromFields().get(1);
            for (int r = 0; r < rows; r++) {
                id.setSafe(r, r);
                Map<String, Long> m = attrs(r);
                if (m == null) {
                    attrs.setNull(r);
                    continue;
                }
                int start = attrs.startNewValue(r);
                int e = start;
                for (Map.Entry<String, Long> kv : m.entrySet()) {
                    entries.setIndexDefined(e);
                    keys.setSafe(e, kv.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    if (kv.getValue() == null) {
                        values.setNull(e);
                    } else {
                        values.setSafe(e, kv.getValue());
                    }
                    e++;
                }
                attrs.endValue(r, e - start);
            }
            b.setRowCount(rows);
            w.write(b);
            w.finish();
        }
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(path.toFile(), new GenericDatumReader<>())) {
            org.apache.avro.Schema attrsSchema = AvroTypes.nullableBranch(reader.getSchema().getField("attrs").schema());
            assertThat(attrsSchema.getType()).isEqualTo(org.apache.avro.Schema.Type.MAP);
            int r = 0;
            for (GenericRecord rec : reader) {
                Map<?, ?> m = (Map<?, ?>) rec.get("attrs");
                Map<String, Long> plain = null;
                if (m != null) {
                    plain = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> kv : m.entrySet()) {
                        plain.put(kv.getKey().toString(), (Long) kv.getValue());
                    }
                }
                assertThat(plain).as("row %d", r).isEqualTo(attrs(r));
                r++;
            }
            assertThat(r).isEqualTo(rows);
        }
        // and back through our reader, with the exact Arrow schema
        try (FormatReader reader = provider.openReader(LocalFiles.input(path), ReadRequest.all(1000), allocator)) {
            assertThat(reader.schema()).isEqualTo(schema);
            assertThat(reader.next()).isTrue();
            for (int r = 0; r < rows; r++) {
                assertThat(mapOf((MapVector) reader.batch().getVector("attrs"), r)).isEqualTo(attrs(r));
            }
        }
    }

    static Field mapField(String name, boolean nullable, ArrowType valueType, boolean valuesNullable) {
        return new Field(name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(
                new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                        new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                        new Field("value", new FieldType(valuesNullable, valueType, null), null)))));
    }

    /** Row {@code row} of a map vector as an ordered map (null for a null map). */
    static Map<String, Object> mapOf(MapVector v, int row) {
        if (v.isNull(row)) {
            return null;
        }
        StructVector entries = (StructVector) v.getDataVector();
        VarCharVector keys = (VarCharVector) entries.getChildrenFromFields().get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        for (int e = v.getElementStartIndex(row); e < v.getElementEndIndex(row); e++) {
            Object value = entries.getChildrenFromFields().get(1).getObject(e);
            out.put(keys.getObject(e).toString(), value == null ? null : value instanceof org.apache.arrow.vector.util.Text
                    ? value.toString() : value);
        }
        return out;
    }

    static List<List<Long>> listsOf(ListVector v, int row) {
        List<List<Long>> out = new ArrayList<>();
        for (Object inner : (List<?>) v.getObject(row)) {
            List<Long> values = new ArrayList<>();
            for (Object x : (List<?>) inner) {
                values.add((Long) x);
            }
            out.add(values);
        }
        return out;
    }

}
