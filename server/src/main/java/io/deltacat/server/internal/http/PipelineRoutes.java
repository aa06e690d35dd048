package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
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
import java.util.Set;

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
        router.add("GET", "/v1/nodes", c -> {
            ObjectNode n = Json.MAPPER.createObjectNode();
            ArrayNode arr = n.putArray("nodes");
            nodes.list(c.query().get("kind")).forEach(x -> arr.add(node(x)));
            return HttpResult.json(200, n);
        });
        router.add("POST", "/v1/nodes", this::create);
        router.add("GET", "/v1/nodes/{nodeId}", c -> HttpResult.json(200, node(nodes.get(c.param("nodeId")))));
        router.add("DELETE", "/v1/nodes/{nodeId}", c -> {
            nodes.delete(c.param("nodeId"));
            return HttpResult.noContent();
        });
        router.add("POST", "/v1/nodes/{nodeId}/pause", c -> HttpResult.json(200,
                node(nodes.setPaused(c.param("nodeId"), true))));
        router.add("POST", "/v1/nodes/{nodeId}/resume", c -> HttpResult.json(200,
                node(nodes.setPaused(c.param("nodeId"), false))));
        router.add("POST", "/v1/nodes/{nodeId}/trigger", c -> HttpResult.wire(200,
                JobRoutes.job(nodes.trigger(c.param("nodeId")))));
        router.add("GET", "/v1/nodes/{nodeId}/watermark", c -> {
            Node n = nodes.get(c.param("nodeId"));
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("nodeId", n.id());
            o.set("positions", positions(n.watermarks()));
            return HttpResult.json(200, o);
        });
        router.add("POST", "/v1/nodes/{nodeId}/watermark", this::resetWatermark);

        router.add("POST", "/v1/pipelines/discover", Router.Resend.READ, c -> {
            Json.Obj o = Json.parse(c.body(), "DiscoverRequest", Set.of("seedNodeIds"));
            List<String> seeds = o.stringsOrNull("seedNodeIds");
            return HttpResult.json(200, graph(pipelineGraph.discover(seeds == null ? List.of() : seeds)));
        });
        router.add("GET", "/v1/pipelines", c -> {
            ObjectNode n = Json.MAPPER.createObjectNode();
            ArrayNode arr = n.putArray("pipelines");
            pipelines.list().forEach(p -> arr.add(pipeline(p)));
            return HttpResult.json(200, n);
        });
        router.add("POST", "/v1/pipelines", c -> {
            Json.Obj o = Json.parse(c.body(), "CreatePipelineRequest", Set.of("id", "name", "nodeIds", "seedNodeIds"));
            List<String> nodeIds = o.stringsOrNull("nodeIds");
            List<String> seeds = o.stringsOrNull("seedNodeIds");
            return HttpResult.json(201, pipeline(pipelines.create(o.string("id"), o.string("name"),
                    nodeIds == null ? List.of() : nodeIds, seeds == null ? List.of() : seeds)));
        });
        router.add("GET", "/v1/pipelines/{pipelineId}", c -> HttpResult.json(200,
                pipeline(pipelines.get(c.param("pipelineId")))));
        router.add("DELETE", "/v1/pipelines/{pipelineId}", c -> {
            pipelines.delete(c.param("pipelineId"));
            return HttpResult.noContent();
        });
        router.add("GET", "/v1/pipelines/{pipelineId}/status", this::status);
        router.add("POST", "/v1/pipelines/{pipelineId}/pause", c -> HttpResult.json(200,
                pipeline(pipelines.setPaused(c.param("pipelineId"), true))));
        router.add("POST", "/v1/pipelines/{pipelineId}/resume", c -> HttpResult.json(200,
                pipeline(pipelines.setPaused(c.param("pipelineId"), false))));

        router.add("GET", "/v1/jobs/{jobId}/inputs", this::inputs);
        // a write prepared again for the same job stays prepared for it (the manifest is read from storage)
        router.add("POST", "/v1/writes/{writeId}/prepare", Router.Resend.BY_IDS, this::prepare);
    }

    private HttpResult create(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "CreateNodeRequest", Set.of("id", "name", "kind", "type", "mode",
                "dispatchMode", "dispatchConfig", "workerTags", "maxAttempts", "leaseMillis", "sourceTables",
                "sinkTables", "trigger"));
        List<String> tags = o.stringsOrNull("workerTags");
        ObjectNode t = o.objectOrNull("trigger");
        PipelineModel.Trigger trigger = null;
        if (t != null) {
            Json.Obj to = Json.Obj.of(t, "Trigger", Set.of("kind", "intervalSeconds", "cron", "timezone"));
            trigger = new PipelineModel.Trigger(to.string("kind"), to.integerOrNull("intervalSeconds", 1),
                    to.string("cron", null), to.string("timezone", null));
        }
        PipelineModel.CreateNode req = new PipelineModel.CreateNode(o.string("id"), o.string("name", null),
                o.string("kind"),
                o.string("type", "default"), o.string("mode", "delta"), o.string("dispatchMode", "local"),
                o.properties("dispatchConfig"), tags == null ? List.of() : tags,
                (int) Math.min(100_000, orDefault(o.integerOrNull("maxAttempts", 1), 3)),
                orDefault(o.integerOrNull("leaseMillis", 1), 60_000), tables(o, "sourceTables"), tables(o, "sinkTables"),
                trigger);
        return HttpResult.json(201, node(nodes.create(req)));
    }

    private HttpResult resetWatermark(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "ResetWatermarkRequest", Set.of("positions", "reason"));
        String reason = o.string("reason");
        if (!Set.of("redrive", "rollback").contains(reason)) {
            throw new InvalidRequestException("reason must be 'redrive' or 'rollback', got '" + reason + "'");
        }
        Map<TableRef, Long> positions = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode p : o.array("positions")) {
            Json.Obj po = Json.Obj.of(p, "ResetWatermarkRequest.positions[" + i++ + "]",
                    Set.of("namespace", "table", "position"));
            positions.put(new TableRef(po.string("namespace"), po.string("table")), po.integer("position", 0));
        }
        Optional<JobRow> run = nodes.resetWatermark(c.param("nodeId"), positions, reason);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.set("node", node(nodes.get(c.param("nodeId"))));
        run.ifPresent(r -> n.set("run", io.deltacat.wire.WireJson.tree(JobRoutes.job(r))));
        return HttpResult.json(200, n);
    }

    private HttpResult status(Router.Call c) throws Exception {
        String id = c.param("pipelineId");
        PipelineModel.Pipeline p = pipelines.get(id);
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("pipelineId", p.id());
        ArrayNode arr = n.putArray("nodes");
        for (PipelineModel.NodeStatus s : pipelines.status(id)) {
            ObjectNode sn = arr.addObject();
            sn.put("nodeId", s.node().id());
            sn.put("kind", s.node().kind());
            sn.put("state", s.node().paused() ? "paused" : "active");
            if (s.lastRun() != null) {
                sn.set("lastRun", io.deltacat.wire.WireJson.tree(JobRoutes.job(s.lastRun())));
            }
            ArrayNode lag = sn.putArray("lag");
            for (PipelineModel.Lag l : s.lag()) {
                lag.addObject().put("namespace", l.table().namespace()).put("table", l.table().table())
                        .put("watermark", l.watermark()).put("latest", l.latest()).put("deltasBehind", l.deltasBehind());
            }
        }
        return HttpResult.json(200, n);
    }

    private HttpResult inputs(Router.Call c) throws Exception {
        PipelineModel.RunInputs in = runs.inputs(c.param("jobId"));
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("jobId", in.job().id());
        n.put("nodeId", in.nodeId());
        n.put("mode", in.mode());
        ArrayNode arr = n.putArray("inputs");
        for (int i = 0; i < in.inputs().size(); i++) {
            PipelineModel.Input input = in.inputs().get(i);
            ObjectNode x = arr.addObject();
            x.put("namespace", input.table().namespace());
            x.put("table", input.table().table());
            x.put("fromPosition", input.from());
            x.put("toPosition", input.to());
            x.set("plan", io.deltacat.wire.WireJson.tree(CatalogWire.plan(in.plans().get(i), access)));
        }
        return HttpResult.json(200, n);
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
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("writeId", c.param("writeId"));
        n.put("jobId", r.jobId());
        n.put("commitId", commit.commitId());
        return HttpResult.json(200, n);
    }

    private static List<TableRef> tables(Json.Obj o, String field) {
        List<TableRef> out = new ArrayList<>();
        ArrayNode arr = o.arrayOrNull(field);
        if (arr == null) {
            return out;
        }
        int i = 0;
        for (JsonNode t : arr) {
            Json.Obj to = Json.Obj.of(t, field + "[" + i++ + "]", Set.of("namespace", "table"));
            out.add(new TableRef(to.string("namespace", "default"), to.string("table")));
        }
        return out;
    }

    static ObjectNode node(Node x) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", x.id());
        if (x.name() != null) {
            n.put("name", x.name());
        }
        n.put("kind", x.kind());
        n.put("type", x.type());
        n.put("mode", x.mode());
        n.put("dispatchMode", x.dispatchMode());
        ObjectNode config = n.putObject("dispatchConfig");
        x.dispatchConfig().forEach(config::put);
        ArrayNode tags = n.putArray("workerTags");
        x.workerTags().forEach(tags::add);
        n.put("maxAttempts", x.maxAttempts());
        n.put("leaseMillis", x.leaseMs());
        n.set("sourceTables", refs(x.sources()));
        n.set("sinkTables", refs(x.sinks()));
        ObjectNode t = n.putObject("trigger");
        t.put("kind", x.trigger().kind());
        if (x.trigger().intervalSeconds() != null) {
            t.put("intervalSeconds", x.trigger().intervalSeconds());
        }
        if (x.trigger().cron() != null) {
            t.put("cron", x.trigger().cron());
        }
        if (x.trigger().timezone() != null) {
            t.put("timezone", x.trigger().timezone());
        }
        if (x.nextFireAt() != null) {
            n.put("nextFireAt", x.nextFireAt());
        }
        n.put("paused", x.paused());
        n.put("createdAt", x.createdAt());
        n.put("updatedAt", x.updatedAt());
        n.set("watermark", positions(x.watermarks()));
        return n;
    }

    private static ArrayNode refs(List<TableRef> tables) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        tables.forEach(t -> a.addObject().put("namespace", t.namespace()).put("table", t.table()));
        return a;
    }

    private static ArrayNode positions(Map<TableRef, Long> watermarks) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        watermarks.forEach((t, p) -> a.addObject().put("namespace", t.namespace()).put("table", t.table())
                .put("position", p));
        return a;
    }

    private static ObjectNode graph(PipelineModel.Graph g) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode ids = n.putArray("nodeIds");
        g.nodeIds().forEach(ids::add);
        ArrayNode order = n.putArray("executionOrder");
        g.executionOrder().forEach(order::add);
        return n;
    }

    private static ObjectNode pipeline(PipelineModel.Pipeline p) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", p.id());
        n.put("name", p.name());
        n.put("pinned", p.pinned());
        ArrayNode seeds = n.putArray("seedNodeIds");
        p.seedNodeIds().forEach(seeds::add);
        ObjectNode g = graph(p.graph());
        n.set("nodeIds", g.get("nodeIds"));
        n.set("executionOrder", g.get("executionOrder"));
        n.put("createdAt", p.createdAt());
        return n;
    }

    private static long orDefault(Long v, long dflt) {
        return v == null ? dflt : v;
    }
}
