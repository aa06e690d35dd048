package io.deltacat.io.spi;

import io.deltacat.api.model.ColumnStats;
import java.util.List;
import java.util.Map;

/**
 * What a {@link LayoutProvider} staged: data files (names relative to the staging prefix, with their
 * statistics) and the name of its sidecar file in the same prefix. An empty {@code files} list with a
 * null sidecar means the write changes nothing and is not committed.
 */
public record LayoutResult(List<StagedFile> files, String sidecarName) {
    public LayoutResult {
        files = List.copyOf(files);
    }

    /** One staged data file. */
    public record StagedFile(String name, WrittenFile file, Map<String, ColumnStats> stats) {
        public StagedFile {
            stats = Map.copyOf(stats);
        }
    }
}
