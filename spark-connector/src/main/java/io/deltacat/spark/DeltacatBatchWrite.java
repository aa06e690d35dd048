package io.deltacat.spark;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.model.StagedFile;
import io.deltacat.api.model.StagedWriteTarget;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.WriteResult;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.SchemaAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Spark write job as one DeltaCAT staged write. The driver opens the write session when the job is
 * planned; each task stages its files into the session's prefix under a name prefix of its own (its
 * partition and task attempt id), and the driver commits the files of the accepted attempts, one per
 * partition, in a single commit, or aborts the session (the server deletes everything staged) when the
 * job fails.
 *
 * <p>No duplicate rows from retried or speculative tasks: Spark's output commit coordinator lets exactly
 * one attempt of each partition commit (others are denied and {@code abort}, deleting their files), the
 * driver keeps one message per partition, and the commit deletes every staged file that the manifest
 * does not name (attempts that died without aborting) before the server records the delta.
 */
final class DeltacatBatchWrite implements BatchWrite {
    private static final Logger LOG = LoggerFactory.getLogger(DeltacatBatchWrite.class);

    private final Connection connection;
    private final TableInfo table;
    private final WriteMode mode;
    private final StagedWriteTarget target;
    private final int batchRows;
    /** An overwrite of part of the table (by filter or dynamic), else null. */
    private final PartialOverwrite partial;

    /**
     * @param filter  the filter of an overwrite of part of the table, or null
     * @param dynamic whether this is a dynamic partition overwrite
     */
    DeltacatBatchWrite(Connection connection, TableInfo table, LogicalWriteInfo info, WriteMode mode, int batchRows,
                       long targetFileSize, PartitionFilter filter, boolean dynamic) {
        this.connection = connection;
        this.table = table;
        this.mode = mode;
        this.batchRows = batchRows;
        List<String> columns = new ArrayList<>();
        for (StructField f : info.schema().fields()) {
            columns.add(f.name());
        }
        Schema plain = SchemaAdapter.plain(table.schema());
        for (String c : columns) {
            if (plain.getFields().stream().noneMatch(f -> f.getName().equals(c))) {
                throw new InvalidRequestException("column '" + c + "' is not a column of " + table.namespace() + "."
                        + table.name());
            }
        }
        Schema data = Batches.project(plain, columns);
        SparkTypes.toSpark(data); // refuses types Spark's Arrow writer cannot fill
        java.util.Map<String, String> formatOptions = DeltacatWriteBuilder.formatOptions(info.options());
        this.partial = filter != null || dynamic ? PartialOverwrite.begin(connection, table, filter, columns) : null;
        io.deltacat.api.CatalogClient catalog = partial != null ? partial.catalog() : connection.client().catalog();
        try {
            this.target = catalog.beginStagedWrite(data, w -> {
                w.namespace(table.namespace()).table(table.name()).mode(mode).format(table.format())
                        .targetFileSizeBytes(targetFileSize);
                formatOptions.forEach(w::formatOption);
            });
        } catch (RuntimeException e) {
            if (partial != null) {
                partial.abort(null);
            }
            throw e;
        }
    }

    @Override
    public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
        return new DeltacatDataWriterFactory(connection, target, batchRows);
    }

    @Override
    public boolean useCommitCoordinator() {
        return true;
    }

    @Override
    public void commit(WriterCommitMessage[] messages) {
        TreeMap<Integer, TaskFiles> byPartition = new TreeMap<>();
        for (WriterCommitMessage m : messages) {
            if (m instanceof TaskFiles t) {
                TaskFiles earlier = byPartition.putIfAbsent(t.partitionId(), t);
                if (earlier != null) {
                    LOG.warn("second commit message for partition {} (task {}) ignored: task {} was accepted; its "
                            + "files are deleted with the staging leftovers", t.partitionId(), t.taskId(),
                            earlier.taskId());
                }
            }
        }
        List<StagedFile> files = new ArrayList<>();
        byPartition.values().forEach(t -> files.addAll(t.files()));
        if (partial != null) {
            partial.commit(connection, target, files);
            return;
        }
        WriteResult result = connection.client().catalog().commitStagedWrite(target, files);
        LOG.info("committed {} ({}): {} rows in {} files at {}", table.namespace() + "." + table.name(),
                mode.wireName(), result.rowCount(), result.fileCount(), result.commitTime());
    }

    @Override
    public void abort(WriterCommitMessage[] messages) {
        if (partial != null) {
            partial.abort(target);
            return;
        }
        connection.client().catalog().abortStagedWrite(target);
    }

    @Override
    public String toString() {
        return "DeltacatBatchWrite[" + table.namespace() + "." + table.name() + ", " + mode.wireName() + ", write "
                + target.writeId() + "]";
    }
}
