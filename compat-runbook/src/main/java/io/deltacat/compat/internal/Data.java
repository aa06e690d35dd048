package io.deltacat.compat.internal;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.options.ReadOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The scenarios' test data: rows of {@code (id int64 not null, name utf8, age int64)}, built as Arrow
 * batches, and read back as plain rows (id, then the other columns; strings as String, integers as Long).
 */
public final class Data {
    /** {@code id int64 not null, name utf8, age int64}. */
    public static final Schema PEOPLE = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
            new Field("age", FieldType.nullable(new ArrowType.Int(64, true)), null)));

    private Data() {
    }

    /** One row. */
    public static List<Object> row(long id, String name, Long age) {
        List<Object> r = new ArrayList<>(3);
        r.add(id);
        r.add(name);
        r.add(age);
        return r;
    }

    /** A batch of people rows; the caller closes it. */
    public static VectorSchemaRoot people(BufferAllocator allocator, List<List<Object>> rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(PEOPLE, allocator);
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        BigIntVector age = (BigIntVector) root.getVector("age");
        for (int i = 0; i < rows.size(); i++) {
            List<Object> r = rows.get(i);
            id.setSafe(i, (Long) r.get(0));
            if (r.get(1) == null) {
                name.setNull(i);
            } else {
                name.setSafe(i, ((String) r.get(1)).getBytes(StandardCharsets.UTF_8));
            }
            if (r.get(2) == null) {
                age.setNull(i);
            } else {
                age.setSafe(i, (Long) r.get(2));
            }
        }
        root.setRowCount(rows.size());
        return root;
    }

    /** The first {@code n} people: ids 1..n, names {@code p<id>}, ages {@code id * 10}. */
    public static List<List<Object>> firstPeople(int from, int n) {
        List<List<Object>> rows = new ArrayList<>();
        for (long id = from; id < from + n; id++) {
            rows.add(row(id, "p" + id, id * 10));
        }
        return rows;
    }

    /** Reads with {@code options} and returns every row as plain values, sorted by the first column. */
    public static List<List<Object>> read(DeltacatClient client, Consumer<ReadOptions.Builder> options) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (ArrowReader reader = client.catalog().read(options)) {
            while (reader.loadNextBatch()) {
                rows.addAll(rows(reader.getVectorSchemaRoot()));
            }
        }
        rows.sort(Comparator.comparing(r -> r.get(0) == null ? Long.MIN_VALUE : ((Number) r.get(0)).longValue()));
        return rows;
    }

    /** The column names a read returns. */
    public static List<String> columns(DeltacatClient client, Consumer<ReadOptions.Builder> options) throws Exception {
        try (ArrowReader reader = client.catalog().read(options)) {
            return reader.getVectorSchemaRoot().getSchema().getFields().stream().map(Field::getName).toList();
        }
    }

    static List<List<Object>> rows(VectorSchemaRoot batch) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < batch.getRowCount(); i++) {
            List<Object> r = new ArrayList<>();
            for (FieldVector v : batch.getFieldVectors()) {
                Object o = v.getObject(i);
                if (o instanceof org.apache.arrow.vector.util.Text t) {
                    o = t.toString();
                } else if (o instanceof Integer n) {
                    o = n.longValue();
                }
                r.add(o);
            }
            rows.add(r);
        }
        return rows;
    }
}
