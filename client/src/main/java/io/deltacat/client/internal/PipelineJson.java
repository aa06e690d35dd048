package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.model.Node;
import io.deltacat.api.model.NodeKind;
import io.deltacat.api.model.Pipeline;
import io.deltacat.api.model.PipelineGraph;
import io.deltacat.api.model.PipelineStatus;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.Trigger;
import io.deltacat.api.model.Watermark;
import io.deltacat.api.options.NodeOptions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Wire shapes of nodes, watermarks and pipelines, both ways. */
final class PipelineJson {
    private PipelineJson() {
    }

    static ObjectNode createNode(NodeKind kind, NodeOptions o) {
        ObjectNode n = Json.object().put("id", o.id());
        o.name().ifPresent(name -> n.put("name", name));
        n.put("kind", kind.wireName()).put("type", o.type())
                .put("mode", o.mode()).put("dispatchMode", o.dispatchMode())
                .put("maxAttempts", o.maxAttempts()).put("leaseMillis", o.leaseDuration().toMillis());
        n.set("dispatchConfig", Json.properties(o.dispatchConfig()));
        ArrayNode tags = n.putArray("workerTags");
        o.workerTags().forEach(tags::add);
        n.set("sourceTables", refs(o.sourceTables()));
        n.set("sinkTables", refs(o.sinkTables()));
        Trigger t = o.trigger();
        ObjectNode tn = n.putObject("trigger").put("kind", t.kind());
        t.interval().ifPresent(d -> tn.put("intervalSeconds", d.getSeconds()));
        t.cron().ifPresent(c -> tn.put("cron", c));
        t.timezone().ifPresent(z -> tn.put("timezone", z.getId()));
        return n;
    }

    static ArrayNode refs(List<TableRef> tables) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        tables.forEach(t -> a.addObject().put("namespace", t.namespace()).put("table", t.table()));
        return a;
    }

    static List<TableRef> tables(JsonNode a) {
        List<TableRef> out = new ArrayList<>();
        if (a != null) {
            a.forEach(t -> out.add(TableRef.of(t.path("namespace").asText(), t.path("table").asText())));
        }
        return out;
    }

    static Watermark watermark(JsonNode a) {
        Map<TableRef, Long> out = new LinkedHashMap<>();
        if (a != null) {
            a.forEach(p -> out.put(TableRef.of(p.path("namespace").asText(), p.path("table").asText()),
                    p.path("position").asLong()));
        }
        return new Watermark(out);
    }

    static Node node(JsonNode n) {
        JsonNode t = n.path("trigger");
        Trigger trigger = new Trigger(t.path("kind").asText("event"),
                t.has("intervalSeconds") ? Optional.of(Duration.ofSeconds(t.get("intervalSeconds").asLong()))
                        : Optional.empty(),
                t.has("cron") ? Optional.of(t.get("cron").asText()) : Optional.empty(),
                t.has("timezone") ? Optional.of(ZoneId.of(t.get("timezone").asText())) : Optional.empty());
        return new Node(n.path("id").asText(),
                n.hasNonNull("name") ? Optional.of(n.get("name").asText()) : Optional.empty(), NodeKind.fromWire(n.path("kind").asText()), n.path("type").asText(),
                n.path("mode").asText(), n.path("dispatchMode").asText(), Json.properties(n.get("dispatchConfig")),
                Json.strings(n.get("workerTags")), n.path("maxAttempts").asInt(),
                Duration.ofMillis(n.path("leaseMillis").asLong()), tables(n.get("sourceTables")),
                tables(n.get("sinkTables")), trigger,
                n.has("nextFireAt") ? Optional.of(DefaultJobsClient.instant(n.get("nextFireAt").asLong()))
                        : Optional.empty(),
                n.path("paused").asBoolean(), DefaultJobsClient.instant(n.path("createdAt").asLong()),
                DefaultJobsClient.instant(n.path("updatedAt").asLong()), watermark(n.get("watermark")));
    }

    static PipelineGraph graph(JsonNode n) {
        return new PipelineGraph(Json.strings(n.get("nodeIds")), Json.strings(n.get("executionOrder")));
    }

    static Pipeline pipeline(JsonNode n) {
        return new Pipeline(n.path("id").asText(), n.path("name").asText(), n.path("pinned").asBoolean(),
                Json.strings(n.get("seedNodeIds")), graph(n), DefaultJobsClient.instant(n.path("createdAt").asLong()));
    }

    static PipelineStatus status(JsonNode n) {
        List<PipelineStatus.NodeStatus> nodes = new ArrayList<>();
        for (JsonNode s : n.path("nodes")) {
            List<PipelineStatus.SourceLag> lag = new ArrayList<>();
            for (JsonNode l : s.path("lag")) {
                lag.add(new PipelineStatus.SourceLag(TableRef.of(l.path("namespace").asText(), l.path("table").asText()),
                        l.path("watermark").asLong(), l.path("latest").asLong(), l.path("deltasBehind").asLong()));
            }
            nodes.add(new PipelineStatus.NodeStatus(s.path("nodeId").asText(), NodeKind.fromWire(s.path("kind").asText()),
                    s.path("state").asText(), s.has("lastRun") ? Optional.of(DefaultJobsClient.job(s.get("lastRun")))
                    : Optional.empty(), lag));
        }
        return new PipelineStatus(n.path("pipelineId").asText(), nodes);
    }
}
