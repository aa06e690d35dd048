package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How far a pipeline node has consumed its sources: for each source table, the commit time
 * (nanoseconds) of the last delta consumed; 0 means nothing yet. A run consumes the deltas committed
 * after it; completing the run advances it.
 *
 * <pre>{@code
 * Watermark before = client.subscriptions().getWatermark("sub");
 * ... runs ...
 * client.subscriptions().redrive("sub", before);           // deliver everything after it again
 * }</pre>
 */
@Evolving
public record Watermark(Map<TableRef, Long> positions) {
    public Watermark {
        positions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(positions)));
    }

    /** The position of {@code table}, 0 when it is not a source. */
    public long position(TableRef table) {
        return positions.getOrDefault(table, 0L);
    }

    /** The watermark of one source. */
    public static Watermark of(TableRef table, long position) {
        return new Watermark(Map.of(table, position));
    }
}
