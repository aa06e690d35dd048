package io.deltacat.spark;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Arrow batches as Spark columnar batches: each vector wrapped, never copied. */
final class Batches2Spark {
    private Batches2Spark() {
    }

    /**
     * A Spark batch over {@code batch}'s vectors named {@code columns} (none: a batch of only a row count),
     * of at most {@code maxRows} rows. Valid while {@code batch} holds these buffers.
     */
    static ColumnarBatch wrap(VectorSchemaRoot batch, List<String> columns, int maxRows) {
        ColumnVector[] vectors = new ColumnVector[columns.size()];
        for (int i = 0; i < vectors.length; i++) {
            FieldVector v = batch.getVector(columns.get(i));
            if (v == null) {
                throw new IllegalStateException("the batch has no column '" + columns.get(i) + "': "
                        + batch.getSchema());
            }
            vectors[i] = new ArrowColumnVector(v);
        }
        return new ColumnarBatch(vectors, Math.min(batch.getRowCount(), maxRows));
    }
}
