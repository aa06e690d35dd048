package io.deltacat.spark;

import io.deltacat.api.model.StagedFile;
import java.util.List;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/** What one accepted task attempt staged: its partition, its attempt's task id and its files. */
record TaskFiles(int partitionId, long taskId, List<StagedFile> files) implements WriterCommitMessage {
    private static final long serialVersionUID = 1L;

    TaskFiles {
        files = List.copyOf(files);
    }
}
