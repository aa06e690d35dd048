package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.util.List;

/** What a node run produced: records processed and the outputs it staged (none for a subscription). */
@Evolving
public record NodeResult(long recordsProcessed, List<StagedOutput> outputs) {
    public NodeResult {
        if (recordsProcessed < 0) {
            throw new IllegalArgumentException("recordsProcessed must be >= 0");
        }
        outputs = List.copyOf(outputs);
    }

    public static NodeResult of(long recordsProcessed, StagedOutput... outputs) {
        return new NodeResult(recordsProcessed, List.of(outputs));
    }
}
