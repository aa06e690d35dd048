package io.deltacat.spark;

import io.deltacat.api.model.StagedWriteTarget;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;

/** Sent to executors with the write session; makes one writer per task attempt. */
record DeltacatDataWriterFactory(Connection connection, StagedWriteTarget target, int batchRows)
        implements DataWriterFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
        return new DeltacatDataWriter(connection, target, batchRows, partitionId, taskId);
    }
}
