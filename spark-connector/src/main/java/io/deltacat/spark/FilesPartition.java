package io.deltacat.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One read task: data files of the plan, read one after the other. The files of a scan are spread
 * over tasks balanced by bytes ({@link DeltacatScan}).
 */
record FilesPartition(List<FileRef> files, long bytes) implements InputPartition {
    private static final long serialVersionUID = 1L;

    FilesPartition {
        files = List.copyOf(files);
    }

    /** A planned data file: where, its format and the schema version it was written with. */
    record FileRef(String uri, String format, int schemaVersion, long sizeBytes) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
