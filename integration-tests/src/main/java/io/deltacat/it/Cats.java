package io.deltacat.it;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Generated test data: the quick start's cats, and larger tables of the same shape. */
public final class Cats {
    public static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(new ArrowType.Utf8()), null),
            new Field("age", FieldType.nullable(new ArrowType.Int(64, true)), null)));

    private Cats() {
    }

    /** A batch with the given rows; a null name or age is written as null. */
    public static VectorSchemaRoot of(BufferAllocator allocator, long[] ids, String[] names, Long[] ages) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        BigIntVector age = (BigIntVector) root.getVector("age");
        for (int i = 0; i < ids.length; i++) {
            id.setSafe(i, ids[i]);
            if (names[i] == null) {
                name.setNull(i);
            } else {
                name.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
            }
            if (ages[i] == null) {
                age.setNull(i);
            } else {
                age.setSafe(i, ages[i]);
            }
        }
        root.setRowCount(ids.length);
        return root;
    }

    /** The quick start's first three cats. */
    public static VectorSchemaRoot first(BufferAllocator allocator) {
        return of(allocator, new long[] {1, 2, 3}, new String[] {"Cheshire", "Dinah", "Felix"},
                new Long[] {3L, 7L, 5L});
    }

    /** {@code n} generated cats with ids from {@code start}: name "cat-ID", age ID % 20 (null every 10th). */
    public static VectorSchemaRoot generated(BufferAllocator allocator, long start, int n) {
        long[] ids = new long[n];
        String[] names = new String[n];
        Long[] ages = new Long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = start + i;
            names[i] = "cat-" + (start + i);
            ages[i] = (start + i) % 10 == 0 ? null : (start + i) % 20;
        }
        return of(allocator, ids, names, ages);
    }
}
