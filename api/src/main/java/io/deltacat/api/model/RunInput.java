package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.util.Objects;

/**
 * What a node run consumes from one source: the deltas committed in
 * {@code (fromPosition, toPosition]} (mode {@code delta}) or the table as of {@code toPosition}
 * (mode {@code version}), as a read plan.
 */
@Evolving
public record RunInput(TableRef table, long fromPosition, long toPosition, ReadPlan plan) {
    public RunInput {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(plan, "plan");
    }
}
