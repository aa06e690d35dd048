package io.deltacat.spark;

import io.deltacat.io.spi.FileSplit;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One read task: data files of the plan, or splits of large files (runs of row groups or stripes), read one
 * after the other.
 * The files and splits of a scan are spread over tasks balanced by bytes ({@link DeltacatScan}).
 */
record FilesPartition(List<FileRef> files, long bytes) implements InputPartition {
    private static final long serialVersionUID = 1L;

    FilesPartition {
        files = List.copyOf(files);
    }

    /**
     * A planned data file, or one split of it: where, its format, the schema version it was written with
     * and the bytes to read.
     *
     * @param split the row groups (or stripes) to read, or null for the whole file
     */
    record FileRef(String uri, String format, int schemaVersion, long sizeBytes, FileSplit split)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        /** A whole file. */
        FileRef(String uri, String format, int schemaVersion, long sizeBytes) {
            this(uri, format, schemaVersion, sizeBytes, null);
        }

        /** The same file, only the row groups (or stripes) of {@code part}. */
        FileRef part(FileSplit part) {
            return new FileRef(uri, format, schemaVersion, part.bytes(), part);
        }

        @Override
        public String toString() {
            return uri + (split == null ? "" : " row groups " + split.firstGroup() + ".." + (split.endGroup() - 1));
        }
    }
}
