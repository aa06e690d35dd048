package io.deltacat.it;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Test data of the write-mode tests: users (id int64, name utf8, score float64) and id-only key batches. */
final class Users {
    static final Field ID = Field.nullable("id", new ArrowType.Int(64, true));
    static final Schema SCHEMA = new Schema(List.of(ID, Field.nullable("name", ArrowType.Utf8.INSTANCE),
            Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
    static final Schema KEYS = new Schema(List.of(ID));

    private Users() {
    }

    /** One user row. */
    record User(long id, String name, double score) {
        List<Object> row() {
            return List.of(id, name, score);
        }
    }

    static VectorSchemaRoot of(BufferAllocator allocator, List<User> users) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        Float8Vector score = (Float8Vector) root.getVector("score");
        for (int i = 0; i < users.size(); i++) {
            id.setSafe(i, users.get(i).id());
            name.setSafe(i, users.get(i).name().getBytes(StandardCharsets.UTF_8));
            score.setSafe(i, users.get(i).score());
        }
        root.setRowCount(users.size());
        return root;
    }

    static VectorSchemaRoot keys(BufferAllocator allocator, long... ids) {
        VectorSchemaRoot root = VectorSchemaRoot.create(KEYS, allocator);
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector("id");
        for (int i = 0; i < ids.length; i++) {
            id.setSafe(i, ids[i]);
        }
        root.setRowCount(ids.length);
        return root;
    }

    static User u(long id, String name, double score) {
        return new User(id, name, score);
    }
}
