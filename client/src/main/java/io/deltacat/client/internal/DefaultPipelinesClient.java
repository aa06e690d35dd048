package io.deltacat.client.internal;

import io.deltacat.api.PipelinesClient;
import io.deltacat.api.model.Pipeline;
import io.deltacat.api.model.PipelineGraph;
import io.deltacat.api.model.PipelineStatus;
import io.deltacat.wire.common.EmptyRequest;
import io.deltacat.wire.pipelines.CreatePipelineRequest;
import io.deltacat.wire.pipelines.DiscoverRequest;
import io.deltacat.wire.pipelines.PipelineList;
import java.util.List;
import java.util.Map;

/** {@code client.pipelines()} over {@code /v1/pipelines}. */
final class DefaultPipelinesClient implements PipelinesClient {
    static final String PIPELINES = "/v1/pipelines";
    static final String DISCOVER = "/v1/pipelines/discover";
    static final String PIPELINE = "/v1/pipelines/{pipelineId}";
    static final String STATUS = "/v1/pipelines/{pipelineId}/status";
    static final String PAUSE = "/v1/pipelines/{pipelineId}/pause";
    static final String RESUME = "/v1/pipelines/{pipelineId}/resume";

    private final ApiCalls calls;

    DefaultPipelinesClient(ApiCalls calls) {
        this.calls = calls;
    }

    @Override
    public PipelineGraph discover(List<String> seedNodeIds) {
        return PipelineWire.graph(calls.post(DISCOVER, "/v1/pipelines/discover", new DiscoverRequest(seedNodeIds),
                io.deltacat.wire.pipelines.PipelineGraph.class));
    }

    @Override
    public Pipeline create(String pipelineId, String name, List<String> nodeIds) {
        return create(new CreatePipelineRequest(pipelineId, name, nodeIds, null));
    }

    @Override
    public Pipeline createSeeded(String pipelineId, String name, List<String> seedNodeIds) {
        return create(new CreatePipelineRequest(pipelineId, name, null, seedNodeIds));
    }

    private Pipeline create(CreatePipelineRequest body) {
        return pipeline(calls.post(PIPELINES, "/v1/pipelines", body, io.deltacat.wire.pipelines.Pipeline.class));
    }

    @Override
    public Pipeline get(String pipelineId) {
        return pipeline(calls.get(PIPELINE, PathSegments.path("pipelines", pipelineId),
                io.deltacat.wire.pipelines.Pipeline.class));
    }

    @Override
    public List<Pipeline> list() {
        PipelineList list = calls.get(PIPELINES, "/v1/pipelines", PipelineList.class);
        return list.pipelines() == null ? List.of() : list.pipelines().stream().map(PipelineWire::pipeline).toList();
    }

    @Override
    public PipelineStatus status(String pipelineId) {
        return PipelineWire.status(calls.get(STATUS, PathSegments.path("pipelines", pipelineId, "status"),
                io.deltacat.wire.pipelines.PipelineStatus.class));
    }

    @Override
    public Pipeline pause(String pipelineId) {
        return pipeline(calls.post(PAUSE, PathSegments.path("pipelines", pipelineId, "pause"), new EmptyRequest(),
                io.deltacat.wire.pipelines.Pipeline.class));
    }

    @Override
    public Pipeline resume(String pipelineId) {
        return pipeline(calls.post(RESUME, PathSegments.path("pipelines", pipelineId, "resume"), new EmptyRequest(),
                io.deltacat.wire.pipelines.Pipeline.class));
    }

    private static Pipeline pipeline(io.deltacat.wire.pipelines.Pipeline p) {
        return PipelineWire.pipeline(p);
    }

    @Override
    public void delete(String pipelineId) {
        calls.delete(PIPELINE, PathSegments.path("pipelines", pipelineId), Map.of());
    }
}
