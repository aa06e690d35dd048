package io.deltacat.server.internal.http;

import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.pipelines.Nodes;
import io.deltacat.server.internal.pipelines.PipelineGraph;
import io.deltacat.server.internal.pipelines.PipelineModel;
import io.deltacat.server.internal.pipelines.PipelineModel.Node;
import io.deltacat.server.internal.pipelines.PipelineModel.TableRef;
import io.deltacat.server.internal.pipelines.PipelineServices;
import io.deltacat.server.internal.pipelines.Pipelines;
import io.deltacat.server.internal.pipelines.RunCompletion;
import io.deltacat.server.internal.pipelines.Runs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.deltacat.wire.pipelines.CreateNodeRequest;
import io.deltacat.wire.pipelines.CreatePipelineRequest;
import io.deltacat.wire.pipelines.DiscoverRequest;
import io.deltacat.wire.pipelines.NodeList;
import io.deltacat.wire.pipelines.NodeMode;
import io.deltacat.wire.pipelines.NodeWatermark;
import io.deltacat.wire.pipelines.PipelineList;
import io.deltacat.wire.pipelines.PipelineStatus;
import io.deltacat.wire.pipelines.Position;
import io.deltacat.wire.pipelines.PreparedWrite;
import io.deltacat.wire.pipelines.ResetWatermarkRequest;
import io.deltacat.wire.pipelines.ResetWatermarkResult;
import io.deltacat.wire.pipelines.RunInput;
import io.deltacat.wire.pipelines.RunInputs;

/**
 * The pipeline routes ({@code openapi/deltacat-api.yaml}, tags "nodes" and "pipelines"): nodes
 * (subscriptions, transforms, publications) under {@code /v1/nodes}, pipelines under
 * {@code /v1/pipelines}, a run's inputs under {@code /v1/jobs/{jobId}/inputs} and writes prepared
 * for a run's completion under {@code /v1/writes/{writeId}/prepare}.
 */
final class PipelineRoutes {
    private final Nodes nodes;
    private final Pipelines pipelines;
    private final PipelineGraph pipelineGraph;
    private final Runs runs;
    private final RunCompletion runCompletion;
    private final io.deltacat.server.internal.storage.DataAccess access;

    PipelineRoutes(PipelineServices services, io.deltacat.server.internal.storage.DataAccess access) {
        this.access = access;
        this.nodes = services.nodes();
        this.pipelines = services.pipelines();
        this.pipelineGraph = services.graph();
        this.runs = services.runs();
        this.runCompletion = services.completion();
    }

    void register(Router router) {
        router.add("GET", "/v1/nodes", c -> HttpResult.wire(200, new NodeList(nodes.list(c.query().get("kind")).stream()
                .map(PipelineWire::node).toList())));
        router.add("POST", "/v1/nodes", c -> HttpResult.wire(201, PipelineWire.node(nodes.create(
                PipelineWire.createNode(Json.read(c.body(), CreateNodeRequest.class))))));
        router.add("GET", "/v1/nodes/{nodeId}", c -> HttpResult.wire(200, PipelineWire.node(nodes.get(c.param("nodeId")))));
        router.add("DELETE", "/v1/nodes/{nodeId}", c -> {
            nodes.delete(c.param("nodeId"));
            return HttpResult.noContent();
        });
        // the actions take an EmptyRequest: read it, so a field they do not know is refused like anywhere else
        router.add("POST", "/v1/nodes/{nodeId}/pause", c -> {
            Json.readEmpty(c.body());
            return HttpResult.wire(200, PipelineWire.node(nodes.setPaused(c.param("nodeId"), true)));
        });
        router.add("POST", "/v1/nodes/{nodeId}/resume", c -> {
            Json.readEmpty(c.body());
            return HttpResult.wire(200, PipelineWire.node(nodes.setPaused(c.param("nodeId"), false)));
        });
        router.add("POST", "/v1/nodes/{nodeId}/trigger", c -> {
            Json.readEmpty(c.body());
            return HttpResult.wire(200, JobRoutes.job(nodes.trigger(c.param("nodeId"))));
        });
        router.add("GET", "/v1/nodes/{nodeId}/watermark", c -> {
            Node n = nodes.get(c.param("nodeId"));
            return HttpResult.wire(200, new NodeWatermark(n.id(), PipelineWire.positions(n.watermarks())));
        });
        router.add("POST", "/v1/nodes/{nodeId}/watermark", this::resetWatermark);

        router.add("POST", "/v1/pipelines/discover", Router.Resend.READ, c -> HttpResult.wire(200,
                PipelineWire.graph(pipelineGraph.discover(Json.read(c.body(), DiscoverRequest.class).seedNodeIds()))));
        router.add("GET", "/v1/pipelines", c -> HttpResult.wire(200, new PipelineList(pipelines.list().stream()
                .map(PipelineWire::pipeline).toList())));
        router.add("POST", "/v1/pipelines", c -> {
            CreatePipelineRequest r = Json.read(c.body(), CreatePipelineRequest.class);
            return HttpResult.wire(201, PipelineWire.pipeline(pipelines.create(r.id(), r.name(),
                    r.nodeIds() == null ? List.of() : r.nodeIds(), r.seedNodeIds() == null ? List.of() : r.seedNodeIds())));
        });
        router.add("GET", "/v1/pipelines/{pipelineId}", c -> HttpResult.wire(200,
                PipelineWire.pipeline(pipelines.get(c.param("pipelineId")))));
        router.add("DELETE", "/v1/pipelines/{pipelineId}", c -> {
            pipelines.delete(c.param("pipelineId"));
            return HttpResult.noContent();
        });
        router.add("GET", "/v1/pipelines/{pipelineId}/status", c -> {
            String id = pipelines.get(c.param("pipelineId")).id();
            return HttpResult.wire(200, new PipelineStatus(id, pipelines.status(id).stream()
                    .map(PipelineWire::status).toList()));
        });
        router.add("POST", "/v1/pipelines/{pipelineId}/pause", c -> {
            Json.readEmpty(c.body());
            return HttpResult.wire(200, PipelineWire.pipeline(pipelines.setPaused(c.param("pipelineId"), true)));
        });
        router.add("POST", "/v1/pipelines/{pipelineId}/resume", c -> {
            Json.readEmpty(c.body());
            return HttpResult.wire(200, PipelineWire.pipeline(pipelines.setPaused(c.param("pipelineId"), false)));
        });

        router.add("GET", "/v1/jobs/{jobId}/inputs", this::inputs);
        // a write prepared again for the same job stays prepared for it (the manifest is read from storage)
        router.add("POST", "/v1/writes/{writeId}/prepare", Router.Resend.BY_IDS, this::prepare);
    }

    private HttpResult resetWatermark(Router.Call c) throws Exception {
        ResetWatermarkRequest r = Json.read(c.body(), ResetWatermarkRequest.class);
        Map<TableRef, Long> positions = new LinkedHashMap<>();
        for (Position p : r.positions()) {
            positions.put(new TableRef(p.namespace(), p.table()), p.position());
        }
        Optional<JobRow> run = nodes.resetWatermark(c.param("nodeId"), positions, r.reason().wire());
        return HttpResult.wire(200, new ResetWatermarkResult(PipelineWire.node(nodes.get(c.param("nodeId"))),
                run.map(JobRoutes::job).orElse(null)));
    }

    private HttpResult inputs(Router.Call c) throws Exception {
        PipelineModel.RunInputs in = runs.inputs(c.param("jobId"));
        List<RunInput> out = new ArrayList<>();
        for (int i = 0; i < in.inputs().size(); i++) {
            PipelineModel.Input input = in.inputs().get(i);
            out.add(new RunInput(input.table().namespace(), input.table().table(), input.from(), input.to(),
                    CatalogWire.plan(in.plans().get(i), access)));
        }
        return HttpResult.wire(200, new RunInputs(in.job().id(), in.nodeId(), NodeMode.of(in.mode()), out));
    }

    private HttpResult prepare(Router.Call c) throws Exception {
        io.deltacat.wire.pipelines.PrepareWriteRequest r = Json.read(c.body(),
                io.deltacat.wire.pipelines.PrepareWriteRequest.class);
        Model.Commit commit = CatalogWire.commit(r.commitId(), r.files(), null, null, "PrepareWriteRequest");
        if (c.principal().runId().isPresent() && !c.principal().runId().get().equals(r.jobId())) {
            // a run's token prepares writes for its own run only
            throw new io.deltacat.api.error.ForbiddenException("a run's token may prepare writes only for its own run '"
                    + c.principal().runId().get() + "', not '" + r.jobId() + "'");
        }
        runCompletion.prepare(c.param("writeId"), r.jobId(), commit);
        return HttpResult.wire(200, new PreparedWrite(c.param("writeId"), r.jobId(), commit.commitId()));
    }
}
