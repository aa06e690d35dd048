package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.PipelinesClient;
import io.deltacat.api.model.Pipeline;
import io.deltacat.api.model.PipelineGraph;
import io.deltacat.api.model.PipelineStatus;
import java.util.ArrayList;
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
        ObjectNode body = Json.object();
        ArrayNode seeds = body.putArray("seedNodeIds");
        seedNodeIds.forEach(seeds::add);
        return PipelineJson.graph(calls.query(DISCOVER, "/v1/pipelines/discover", body));
    }

    @Override
    public Pipeline create(String pipelineId, String name, List<String> nodeIds) {
        return create(pipelineId, name, "nodeIds", nodeIds);
    }

    @Override
    public Pipeline createSeeded(String pipelineId, String name, List<String> seedNodeIds) {
        return create(pipelineId, name, "seedNodeIds", seedNodeIds);
    }

    private Pipeline create(String id, String name, String field, List<String> ids) {
        ObjectNode body = Json.object().put("id", id).put("name", name);
        ArrayNode arr = body.putArray(field);
        ids.forEach(arr::add);
        return PipelineJson.pipeline(calls.post(PIPELINES, "/v1/pipelines", body));
    }

    @Override
    public Pipeline get(String pipelineId) {
        return PipelineJson.pipeline(calls.get(PIPELINE, PathSegments.path("pipelines", pipelineId)));
    }

    @Override
    public List<Pipeline> list() {
        List<Pipeline> out = new ArrayList<>();
        for (JsonNode p : calls.get(PIPELINES, "/v1/pipelines").path("pipelines")) {
            out.add(PipelineJson.pipeline(p));
        }
        return out;
    }

    @Override
    public PipelineStatus status(String pipelineId) {
        return PipelineJson.status(calls.get(STATUS, PathSegments.path("pipelines", pipelineId, "status")));
    }

    @Override
    public Pipeline pause(String pipelineId) {
        return PipelineJson.pipeline(calls.post(PAUSE, PathSegments.path("pipelines", pipelineId, "pause"),
                Json.object()));
    }

    @Override
    public Pipeline resume(String pipelineId) {
        return PipelineJson.pipeline(calls.post(RESUME, PathSegments.path("pipelines", pipelineId, "resume"),
                Json.object()));
    }

    @Override
    public void delete(String pipelineId) {
        calls.delete(PIPELINE, PathSegments.path("pipelines", pipelineId), Map.of());
    }
}
