package io.deltacat.server.internal.pipelines;

import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the pipeline services store and answer: nodes, their triggers and tables, a run's inputs,
 * pipelines, their graphs and status. Subscriptions (sources only), transforms (sources and sinks)
 * and publications (sinks only) are joined by tables.
 */
public final class PipelineModel {
    public static final String SUBSCRIPTION = "subscription";
    public static final String TRANSFORM = "transform";
    public static final String PUBLICATION = "publication";
    public static final Set<String> KINDS = Set.of(SUBSCRIPTION, TRANSFORM, PUBLICATION);

    private PipelineModel() {
    }

    /** A table a node reads or writes. */
    public record TableRef(String namespace, String table) implements Comparable<TableRef> {
        public String key() {
            return namespace + "." + table;
        }

        @Override
        public int compareTo(TableRef o) {
            int c = namespace.compareTo(o.namespace);
            return c != 0 ? c : table.compareTo(o.table);
        }
    }

    /** When a node runs: on events (upstream commits, manual triggers) or on a schedule. */
    public record Trigger(String kind, Long intervalSeconds, String cron, String timezone) {
    }

    /** What creating a node asks for; {@code name} (display name) is null when not given. */
    public record CreateNode(String id, String name, String kind, String type, String mode, String dispatchMode,
                             Map<String, String> dispatchConfig, List<String> workerTags, int maxAttempts,
                             long leaseMs, List<TableRef> sources, List<TableRef> sinks, Trigger trigger) {
    }

    /**
     * A node as stored; {@code name} is its display name or null, {@code watermarks} holds each
     * source's position (0 = nothing consumed).
     */
    public record Node(String id, String name, String kind, String type, String mode, String dispatchMode,
                      Map<String, String> dispatchConfig, List<String> workerTags, int maxAttempts, long leaseMs,
                      Trigger trigger, Long nextFireAt, boolean paused, long createdAt, long updatedAt,
                      List<TableRef> sources, List<TableRef> sinks, Map<TableRef, Long> watermarks) {
    }

    /** One source window of a run: deltas committed in {@code (from, to]}. */
    public record Input(TableRef table, long from, long to) {
    }

    /** A run's inputs, each with its thin read plan. */
    public record RunInputs(JobRow job, String nodeId, String mode, List<Input> inputs, List<Model.Plan> plans) {
    }

    /** A pipeline: pinned node set, or re-discovered from seeds. */
    public record Pipeline(String id, String name, boolean pinned, List<String> seedNodeIds, Graph graph,
                           long createdAt) {
    }

    /** A connected component of nodes and a topological order of it. */
    public record Graph(List<String> nodeIds, List<String> executionOrder) {
    }

    /** How far a source of a node is behind. */
    public record Lag(TableRef table, long watermark, long latest, long deltasBehind) {
    }

    /** A node's state within a pipeline. */
    public record NodeStatus(Node node, JobRow lastRun, List<Lag> lag) {
    }
}
