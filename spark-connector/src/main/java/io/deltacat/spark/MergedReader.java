package io.deltacat.spark;

import io.deltacat.api.error.StorageException;
import io.deltacat.api.expr.Predicate;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads a merge-keyed snapshot through the client's merge-on-read reader, pinned to the scan's
 * snapshot time: the batches it streams (live rows only, the filter applied after reconciliation) go
 * to Spark wrapped, not copied.
 */
final class MergedReader implements PartitionReader<ColumnarBatch> {
    private final ArrowReader reader;
    private final List<String> columns;
    private ColumnarBatch current;

    MergedReader(ReadSpec spec) {
        Schema tableSchema = spec.tableSchema();
        List<String> read = spec.readColumns(tableSchema);
        Optional<Predicate> predicate = spec.predicate(tableSchema);
        this.columns = spec.columns();
        this.reader = spec.connection().client().catalog().read(q -> {
            q.namespace(spec.namespace()).table(spec.table()).asOf(spec.snapshotTime()).columns(read)
                    .batchSize(spec.batchSize());
            predicate.ifPresent(q::filter);
            if (spec.limit() >= 0) {
                q.limit(spec.limit());
            }
        });
    }

    @Override
    public boolean next() {
        try {
            if (!reader.loadNextBatch()) {
                current = null;
                return false;
            }
            current = Batches2Spark.wrap(reader.getVectorSchemaRoot(), columns, Integer.MAX_VALUE);
            return true;
        } catch (IOException e) {
            throw new StorageException("merge-on-read of the snapshot failed: " + e.getMessage(), e);
        }
    }

    @Override
    public ColumnarBatch get() {
        return current;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new StorageException("closing the merge-on-read reader failed: " + e.getMessage(), e);
        }
    }
}
