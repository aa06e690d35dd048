package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A named pipeline: a pinned set of nodes, or the nodes connected to its seeds (re-discovered on
 * every read, so nodes added later join it).
 */
@Evolving
public record Pipeline(String id, String name, boolean pinned, List<String> seedNodeIds, PipelineGraph graph,
                       Instant createdAt) {
    public Pipeline {
        Objects.requireNonNull(id, "id");
        seedNodeIds = List.copyOf(seedNodeIds);
        Objects.requireNonNull(graph, "graph");
    }
}
