package io.deltacat.spark;

import io.deltacat.api.StagedFilesWriter;
import io.deltacat.api.model.StagedFile;
import io.deltacat.api.model.StagedWriteTarget;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.execution.arrow.ArrowWriter;

/**
 * One task attempt's writer: Spark's rows go into Arrow vectors (Spark's own {@code ArrowWriter}),
 * each full batch to the client's staged-files writer (the table's format, rolling at the target
 * size, split by partition value when the table is partitioned). Files are named
 * {@code p<partition>-t<task attempt id>-<n>}, so attempts never share a file. {@link #commit()}
 * reports the files; {@link #abort()} deletes them.
 */
final class DeltacatDataWriter implements DataWriter<InternalRow> {
    private final int partitionId;
    private final long taskId;
    private final int batchRows;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final ArrowWriter arrow;
    private final StagedFilesWriter files;
    private int buffered;

    DeltacatDataWriter(Connection connection, StagedWriteTarget target, int batchRows, int partitionId, long taskId) {
        this.partitionId = partitionId;
        this.taskId = taskId;
        this.batchRows = batchRows;
        this.allocator = connection.client().allocator()
                .newChildAllocator("spark-write-" + partitionId + "-" + taskId, 0, Long.MAX_VALUE);
        VectorSchemaRoot r = null;
        StagedFilesWriter f = null;
        try {
            r = VectorSchemaRoot.create(target.schema(), allocator);
            f = connection.client().catalog().openStagedFiles(target, String.format("p%05d-t%d-", partitionId,
                    taskId));
        } catch (RuntimeException e) {
            if (r != null) {
                r.close();
            }
            allocator.close();
            throw e;
        }
        this.root = r;
        this.files = f;
        this.arrow = ArrowWriter.create(root);
    }

    @Override
    public void write(InternalRow row) {
        arrow.write(row);
        if (++buffered >= batchRows) {
            flush();
        }
    }

    private void flush() {
        if (buffered == 0) {
            return;
        }
        arrow.finish();
        files.write(root);
        arrow.reset();
        buffered = 0;
    }

    @Override
    public WriterCommitMessage commit() {
        flush();
        List<StagedFile> staged = files.finish();
        return new TaskFiles(partitionId, taskId, staged);
    }

    @Override
    public void abort() {
        files.abort();
    }

    @Override
    public void close() {
        try {
            files.close();
        } finally {
            root.close();
            allocator.close();
        }
    }
}
