package io.deltacat.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The benchmark table: rows x 6 columns (long, long, double, double, utf8, timestamp), generated
 * once into Arrow batches and replayed zero-copy as many times as needed.
 */
final class SyntheticData implements AutoCloseable {
    static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("user", new ArrowType.Int(64, true)),
            Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("weight", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("label", new ArrowType.Utf8()),
            Field.nullable("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));
    static final int BATCH = 65_536;

    private final BufferAllocator allocator;
    private final List<ArrowRecordBatch> batches = new ArrayList<>();
    final long rows;

    SyntheticData(BufferAllocator allocator, long rows) {
        this(allocator, rows, BATCH);
    }

    /** The same rows in batches of {@code batch} rows (the write's batch size is what some runs vary). */
    SyntheticData(BufferAllocator allocator, long rows, int batch) {
        this.allocator = allocator;
        this.rows = rows;
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        String[] labels = {"pick_screwdriver", "open_drawer", "stack_blocks", "pour_water", "fold_towel"};
        for (long start = 0; start < rows; start += batch) {
            int n = (int) Math.min(batch, rows - start);
            try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
                root.allocateNew();
                BigIntVector id = (BigIntVector) root.getVector("id");
                BigIntVector user = (BigIntVector) root.getVector("user");
                Float8Vector score = (Float8Vector) root.getVector("score");
                Float8Vector weight = (Float8Vector) root.getVector("weight");
                VarCharVector label = (VarCharVector) root.getVector("label");
                TimeStampMicroTZVector at = (TimeStampMicroTZVector) root.getVector("at");
                for (int i = 0; i < n; i++) {
                    long row = start + i;
                    id.setSafe(i, row);
                    user.setSafe(i, random.nextInt(100_000));
                    score.setSafe(i, random.nextDouble());
                    weight.setSafe(i, random.nextDouble() * 100);
                    label.setSafe(i, (labels[(int) (row % labels.length)] + "-" + (row % 1000))
                            .getBytes(StandardCharsets.UTF_8));
                    at.setSafe(i, 1_700_000_000_000_000L + row * 1000);
                }
                root.setRowCount(n);
                batches.add(new VectorUnloader(root).getRecordBatch());
            }
        }
    }

    /** A fresh reader over the batches; loading shares the buffers (no copy). */
    ArrowReader reader() {
        return new ArrowReader(allocator) {
            private int next;

            @Override
            public boolean loadNextBatch() throws IOException {
                if (next >= batches.size()) {
                    return false;
                }
                new VectorLoader(getVectorSchemaRoot()).load(batches.get(next++));
                return true;
            }

            @Override
            public long bytesRead() {
                return 0;
            }

            @Override
            protected void closeReadSource() {
            }

            @Override
            protected Schema readSchema() {
                return SCHEMA;
            }
        };
    }

    @Override
    public void close() {
        batches.forEach(ArrowRecordBatch::close);
        batches.clear();
    }
}
