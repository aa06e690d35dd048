package io.deltacat.io.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SchemaAdapter}: by field id, renamed, widened, filled with null or the default; source kept or moved. */
class SchemaAdapterTest {
    static final ArrowType INT32 = new ArrowType.Int(32, true);
    static final ArrowType INT64 = new ArrowType.Int(64, true);
    /** A stand-in for the callers' JSON parsers: integers only, enough for these defaults. */
    static final Function<String, Object> LONGS = Long::valueOf;

    final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void leaks() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    static Field field(String name, ArrowType type, boolean nullable, String... meta) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < meta.length; i += 2) {
            m.put(meta[i], meta[i + 1]);
        }
        return new Field(name, new FieldType(nullable, type, null, m.isEmpty() ? null : m), null);
    }

    /** Rows (id, name, age) = (i, "cat i", i * 10) for i in 1..rows, in a file of schema version 1. */
    VectorSchemaRoot fileBatch(int rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(
                field("id", INT64, true, SchemaAdapter.FIELD_ID, "1"),
                field("name", ArrowType.Utf8.INSTANCE, true, SchemaAdapter.FIELD_ID, "2"),
                field("age", INT32, true, SchemaAdapter.FIELD_ID, "3"))), allocator);
        root.allocateNew();
        for (int i = 0; i < rows; i++) {
            ((BigIntVector) root.getVector(0)).setSafe(i, i + 1);
            ((VarCharVector) root.getVector(1)).setSafe(i, ("cat " + (i + 1)).getBytes(StandardCharsets.UTF_8));
            ((IntVector) root.getVector(2)).setSafe(i, (i + 1) * 10);
        }
        root.setRowCount(rows);
        return root;
    }

    /** The current schema: name renamed to title, age widened, confidence (nullable) and lives (default 9) added. */
    static Schema current() {
        return new Schema(List.of(
                field("id", INT64, true, SchemaAdapter.FIELD_ID, "1"),
                field("title", ArrowType.Utf8.INSTANCE, true, SchemaAdapter.FIELD_ID, "2"),
                field("age", INT64, true, SchemaAdapter.FIELD_ID, "3"),
                field("confidence", INT64, true, SchemaAdapter.FIELD_ID, "4"),
                field("lives", INT64, false, SchemaAdapter.FIELD_ID, "5", SchemaAdapter.DEFAULT, "9")));
    }

    @Test
    void adaptsByFieldIdAndLeavesTheSourceWhenAskedTo() {
        try (VectorSchemaRoot file = fileBatch(3)) {
            SchemaAdapter a = SchemaAdapter.of(current(), file.getSchema(), LONGS);
            assertThat(a.identity()).isFalse();
            assertThat(a.fills()).isTrue();
            assertThat(a.fileColumns()).containsExactly("id", "name", "age");
            try (VectorSchemaRoot out = a.adaptKeeping(file, allocator)) {
                assertThat(out.getSchema().getFields()).extracting(Field::getName)
                        .containsExactly("id", "title", "age", "confidence", "lives");
                assertThat(out.getRowCount()).isEqualTo(3);
                assertThat(out.getVector("title").getObject(2).toString()).isEqualTo("cat 3");
                assertThat(out.getVector("age").getObject(1)).isEqualTo(20L);
                assertThat(out.getVector("confidence").isNull(0)).isTrue();
                assertThat(out.getVector("lives").getObject(2)).isEqualTo(9L);
            }
            // the source is as it was, and still readable after the adapted batch is closed
            assertThat(file.getRowCount()).isEqualTo(3);
            assertThat(file.getVector("name").getObject(0).toString()).isEqualTo("cat 1");
            assertThat(file.getVector("id").getObject(2)).isEqualTo(3L);
            try (VectorSchemaRoot moved = SchemaAdapter.of(current(), file.getSchema(), LONGS).adapt(file, allocator)) {
                assertThat(moved.getVector("id").getObject(2)).isEqualTo(3L);
                assertThat(file.getVector("id").getValueCount()).isZero(); // transferred out
            }
        }
    }

    @Test
    void theSameSchemaIsTheIdentityAndAReaderAdaptsBatchByBatch() {
        try (VectorSchemaRoot file = fileBatch(2)) {
            SchemaAdapter same = SchemaAdapter.of(file.getSchema(), file.getSchema(), LONGS);
            assertThat(same.identity()).isTrue();
            assertThat(same.fills()).isFalse();
            FormatReader raw = new FormatReader() {
                boolean done;

                @Override
                public Schema schema() {
                    return file.getSchema();
                }

                @Override
                public boolean next() {
                    boolean more = !done;
                    done = true;
                    return more;
                }

                @Override
                public VectorSchemaRoot batch() {
                    return file;
                }

                @Override
                public void close() {
                }
            };
            assertThat(same.reader(raw, allocator)).isSameAs(raw);
            try (FormatReader r = SchemaAdapter.of(current(), file.getSchema(), LONGS).reader(raw, allocator)) {
                assertThat(r.schema().getFields()).extracting(Field::getName)
                        .containsExactly("id", "title", "age", "confidence", "lives");
                assertThat(r.next()).isTrue();
                assertThat(r.batch().getVector("lives").getObject(1)).isEqualTo(9L);
                assertThat(r.next()).isFalse();
            }
        }
    }

    @Test
    void targetFieldsWithoutIdsAreFoundByNameAndPlainDropsCatalogMetadata() {
        Schema data = new Schema(List.of(field("id", INT64, true), field("name", ArrowType.Utf8.INSTANCE, true)));
        Schema target = new Schema(List.of(field("id", INT64, true),
                field("lives", INT64, false, SchemaAdapter.FIELD_ID, "5", SchemaAdapter.DEFAULT, "9"),
                field("name", ArrowType.Utf8.INSTANCE, true)));
        SchemaAdapter a = SchemaAdapter.of(target, data, LONGS);
        assertThat(a.fileColumns()).containsExactly("id", "name");
        assertThat(SchemaAdapter.plain(target).getFields().get(1).getMetadata()).isEmpty();
    }
}
