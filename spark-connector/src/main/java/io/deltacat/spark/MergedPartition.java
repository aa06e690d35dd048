package io.deltacat.spark;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * The one read task of a merge-keyed table whose plan still needs reconciling: it reads the whole
 * snapshot through the client's merge-on-read reader (key columns first, newest file first, then the
 * live rows), which is correct only with every file of the snapshot in view (see {@link DeltacatScan}).
 */
record MergedPartition(long plannedFiles) implements InputPartition {
    private static final long serialVersionUID = 1L;
}
