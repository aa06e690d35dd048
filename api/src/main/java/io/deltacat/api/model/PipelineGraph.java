package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.util.List;

/**
 * A connected set of nodes (joined where one's sink table is another's source table).
 *
 * @param nodeIds        the nodes, sorted by id
 * @param executionOrder a topological order: every node after the nodes it reads from
 */
@Evolving
public record PipelineGraph(List<String> nodeIds, List<String> executionOrder) {
    public PipelineGraph {
        nodeIds = List.copyOf(nodeIds);
        executionOrder = List.copyOf(executionOrder);
    }
}
