package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.util.Objects;

/**
 * Data a transform or publication run wrote to a sink, staged and prepared but not committed: it
 * commits with the run's completion, in the same transaction as the watermark advance.
 */
@Evolving
public record StagedOutput(String writeId, TableRef table, String commitId, long rowCount, int fileCount) {
    public StagedOutput {
        Objects.requireNonNull(writeId, "writeId");
        Objects.requireNonNull(table, "table");
    }
}
