package io.deltacat.api.model;

import java.util.Optional;

/**
 * Statistics of one column in one file. {@code min} and {@code max} are canonical values (see
 * {@link io.deltacat.api.expr.Literals}); they are absent when unknown.
 */
public record ColumnStats(Optional<Object> min, Optional<Object> max, long nullCount) {
    public ColumnStats {
        min = min == null ? Optional.empty() : min;
        max = max == null ? Optional.empty() : max;
    }
}
