package io.deltacat.mcp.server.internal;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.NodesClient;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.Node;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.PipelineStatus;
import io.deltacat.api.model.Watermark;
import io.deltacat.mcp.server.internal.ToolKit.Kind;
import io.deltacat.mcp.tools.ToolArgs;
import io.deltacat.mcp.tools.ToolResults;
import io.deltacat.mcp.tools.Tools;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pipeline tools: nodes, pipelines and their status, trigger, pause and resume, watermarks. */
final class PipelineTools {
    private PipelineTools() {
    }

    static List<SyncToolSpecification> all(ToolKit kit) {
        return List.of(
                kit.tool(Tools.LIST_NODES, "List the pipeline nodes (subscriptions, transforms, publications) with"
                        + " their sources, sinks, triggers and paused state.", ToolArgs.None.class, ToolResults.Nodes.class,
                        WireMirror.of("GET", "/v1/nodes"), Kind.READ_ONLY,
                        (call, a) -> {
                            DeltacatClient c = call.client();
                            Map<String, Node> all = new LinkedHashMap<>(); // by id: a kind's list may hold another's
                            for (NodesClient kind : List.of(c.subscriptions(), c.transforms(), c.publications())) {
                                kind.list().forEach(n -> all.putIfAbsent(n.id(), n));
                            }
                            return new ToolResults.Nodes(new ArrayList<>(all.values()));
                        }),
                kit.tool(Tools.LIST_PIPELINES, "List the pipelines (named groups of nodes).", ToolArgs.None.class,
                        ToolResults.Pipelines.class, WireMirror.of("GET", "/v1/pipelines"), Kind.READ_ONLY, (call, a) -> new ToolResults.Pipelines(call.client().pipelines().list())),
                kit.tool(Tools.PIPELINE_STATUS, "A pipeline's status: each node's state, last run and lag behind its"
                        + " sources.", ToolArgs.Pipeline.class, PipelineStatus.class,
                        WireMirror.of("GET", "/v1/pipelines/{pipelineId}/status"), Kind.READ_ONLY,
                        (call, a) -> call.client().pipelines().status(a.pipelineId())),
                kit.tool(Tools.TRIGGER_NODE, "Trigger a run of a node now; answers the run's job.", ToolArgs.Node.class,
                        Job.class, WireMirror.of("POST", "/v1/nodes/{nodeId}/trigger"), Kind.ADDITIVE, (call, a) -> nodes(call.client(), a.nodeId()).trigger(a.nodeId())),
                kit.tool(Tools.PAUSE_NODE, "Pause a node: no scheduled or event-triggered run starts until resumed.",
                        ToolArgs.Node.class, Node.class, WireMirror.of("POST", "/v1/nodes/{nodeId}/pause"), Kind.ADDITIVE,
                        (call, a) -> nodes(call.client(), a.nodeId()).pause(a.nodeId())),
                kit.tool(Tools.RESUME_NODE, "Resume a paused node.", ToolArgs.Node.class, Node.class,
                        WireMirror.of("POST", "/v1/nodes/{nodeId}/resume"), Kind.ADDITIVE,
                        (call, a) -> nodes(call.client(), a.nodeId()).resume(a.nodeId())),
                kit.tool(Tools.NODE_WATERMARK, "A subscription's or transform's watermark: the stream position it"
                        + " consumed up to, per source table (namespace/table).", ToolArgs.Node.class,
                        ToolResults.Watermark.class, WireMirror.of("GET", "/v1/nodes/{nodeId}/watermark").ownResult(),
                        Kind.READ_ONLY,
                        (call, a) -> {
                            Watermark w = call.client().subscriptions().getWatermark(a.nodeId());
                            Map<String, Long> positions = new LinkedHashMap<>();
                            w.positions().forEach((t, p) -> positions.put(t.namespace() + "/" + t.table(), p));
                            return new ToolResults.Watermark(a.nodeId(), positions);
                        }));
    }

    /** The client of the node's kind (each kind's calls answer only for nodes of that kind). */
    private static NodesClient nodes(DeltacatClient c, String id) {
        for (NodesClient kind : List.of(c.subscriptions(), c.transforms(), c.publications())) {
            try {
                kind.get(id);
                return kind;
            } catch (NotFoundException notThisKind) {
                // try the next kind
            }
        }
        throw new NotFoundException("no pipeline node '" + id + "'");
    }
}
