package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Each node of a pipeline, in execution order, with its state, last run and lag. */
@Evolving
public record PipelineStatus(String pipelineId, List<NodeStatus> nodes) {
    public PipelineStatus {
        nodes = List.copyOf(nodes);
    }

    /**
     * One node's status.
     *
     * @param state   {@code "active"} or {@code "paused"}
     * @param lastRun the node's most recent run, if any
     * @param lag     per source: the watermark, the newest commit and the deltas not yet consumed
     */
    public record NodeStatus(String nodeId, NodeKind kind, String state, Optional<Job> lastRun, List<SourceLag> lag) {
        public NodeStatus {
            Objects.requireNonNull(lastRun, "lastRun");
            lag = List.copyOf(lag);
        }
    }

    /** How far a node is behind one source: positions are commit times in nanoseconds. */
    public record SourceLag(TableRef table, long watermark, long latest, long deltasBehind) {
    }
}
