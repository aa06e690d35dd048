package io.deltacat.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Makes the executors' readers; every partition is read as columnar batches. */
record DeltacatReaderFactory(ReadSpec spec) implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean supportColumnarReads(InputPartition partition) {
        return true;
    }

    @Override
    public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
        if (partition instanceof MergedPartition) {
            return new MergedReader(spec);
        }
        return new FilesReader(spec, (FilesPartition) partition);
    }

    /**
     * Never called: {@link #supportColumnarReads} is true for every partition, so Spark asks only for
     * columnar readers (and converts to rows itself where an operator needs them).
     */
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        throw new UnsupportedOperationException("DeltaCAT partitions are read as columnar batches only");
    }
}
