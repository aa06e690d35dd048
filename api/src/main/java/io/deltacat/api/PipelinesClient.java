package io.deltacat.api;

import io.deltacat.api.model.Pipeline;
import io.deltacat.api.model.PipelineGraph;
import io.deltacat.api.model.PipelineStatus;
import java.util.List;

/**
 * Pipelines: named sets of nodes joined by tables (one node's sink is another's source). Data
 * committed at a root flows to the leaves by event triggers with no manual step.
 *
 * <pre>{@code
 * PipelineGraph g = client.pipelines().discover(List.of("ingest"));
 * // g.executionOrder() = [ingest, clean, audit]
 * client.pipelines().create("robots", "Robot episodes", g.nodeIds());        // pinned
 * client.pipelines().createSeeded("robots-live", "Grows with", List.of("ingest"));
 * PipelineStatus s = client.pipelines().status("robots");
 * client.pipelines().pause("robots");
 * }</pre>
 */
@Evolving
public interface PipelinesClient {
    /**
     * The connected component of the seeds, its node ids and a topological execution order.
     *
     * @throws io.deltacat.api.error.InvalidRequestException naming the cycle when the nodes form one
     */
    PipelineGraph discover(List<String> seedNodeIds);

    /** Creates a pipeline pinned to exactly these nodes. */
    Pipeline create(String pipelineId, String name, List<String> nodeIds);

    /** Creates a pipeline whose nodes are those connected to the seeds, re-discovered on every read. */
    Pipeline createSeeded(String pipelineId, String name, List<String> seedNodeIds);

    Pipeline get(String pipelineId);

    List<Pipeline> list();

    /** Each node's state, last run and watermark lag, in execution order. */
    PipelineStatus status(String pipelineId);

    /** Pauses every node of the pipeline. */
    Pipeline pause(String pipelineId);

    /** Resumes every node of the pipeline. */
    Pipeline resume(String pipelineId);

    /** Deletes the pipeline (its nodes stay). */
    void delete(String pipelineId);
}
