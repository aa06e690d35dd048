package io.deltacat.server.internal.http;

import io.deltacat.server.internal.pipelines.PipelineModel;
import io.deltacat.server.internal.pipelines.PipelineModel.TableRef;
import io.deltacat.wire.pipelines.CreateNodeRequest;
import io.deltacat.wire.pipelines.DispatchMode;
import io.deltacat.wire.pipelines.Node;
import io.deltacat.wire.pipelines.NodeKind;
import io.deltacat.wire.pipelines.NodeMode;
import io.deltacat.wire.pipelines.NodeStatus;
import io.deltacat.wire.pipelines.NodeStatusState;
import io.deltacat.wire.pipelines.Pipeline;
import io.deltacat.wire.pipelines.PipelineGraph;
import io.deltacat.wire.pipelines.Position;
import io.deltacat.wire.pipelines.SourceLag;
import io.deltacat.wire.pipelines.Trigger;
import io.deltacat.wire.pipelines.TriggerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place the pipeline services' model ({@link PipelineModel}) and the node and pipeline wire
 * types ({@code io.deltacat.wire.pipelines}) meet. Requests arrive bound strictly (unknown fields and
 * enum values already refused); the services check the rest (ranges, ids, cycles) in their own words.
 */
final class PipelineWire {
    private PipelineWire() {
    }

    /** A node to create, with the document's defaults for what the request leaves out. */
    static PipelineModel.CreateNode createNode(CreateNodeRequest r) {
        Trigger t = r.trigger();
        PipelineModel.Trigger trigger = t == null ? null : new PipelineModel.Trigger(t.kind().wire(),
                t.intervalSeconds() == null ? null : t.intervalSeconds().longValue(), t.cron(), t.timezone());
        return new PipelineModel.CreateNode(r.id(), r.name(), r.kind().wire(), r.type() == null ? "default" : r.type(),
                r.mode() == null ? NodeMode.DELTA.wire() : r.mode().wire(),
                r.dispatchMode() == null ? DispatchMode.LOCAL.wire() : r.dispatchMode().wire(),
                r.dispatchConfig() == null ? Map.of() : r.dispatchConfig(),
                r.workerTags() == null ? List.of() : r.workerTags(), r.maxAttempts() == null ? 3 : r.maxAttempts(),
                r.leaseMillis() == null ? 60_000 : r.leaseMillis(), tables(r.sourceTables()), tables(r.sinkTables()),
                trigger);
    }

    private static List<TableRef> tables(List<io.deltacat.wire.pipelines.TableRef> refs) {
        return refs == null ? List.of() : refs.stream().map(t -> new TableRef(t.namespace(), t.table())).toList();
    }

    static Node node(PipelineModel.Node x) {
        PipelineModel.Trigger t = x.trigger();
        Trigger trigger = new Trigger(TriggerKind.of(t.kind()),
                t.intervalSeconds() == null ? null : t.intervalSeconds().intValue(), t.cron(), t.timezone());
        return new Node(x.id(), x.name(), NodeKind.of(x.kind()), x.type(), NodeMode.of(x.mode()),
                DispatchMode.of(x.dispatchMode()), x.dispatchConfig(), x.workerTags(), x.maxAttempts(),
                (int) x.leaseMs(), refs(x.sources()), refs(x.sinks()), trigger, x.nextFireAt(), x.paused(),
                x.createdAt(), x.updatedAt(), positions(x.watermarks()));
    }

    private static List<io.deltacat.wire.pipelines.TableRef> refs(List<TableRef> tables) {
        return tables.stream().map(t -> new io.deltacat.wire.pipelines.TableRef(t.namespace(), t.table())).toList();
    }

    static List<Position> positions(Map<TableRef, Long> watermarks) {
        List<Position> out = new ArrayList<>();
        watermarks.forEach((t, p) -> out.add(new Position(t.namespace(), t.table(), p)));
        return out;
    }

    static PipelineGraph graph(PipelineModel.Graph g) {
        return new PipelineGraph(g.nodeIds(), g.executionOrder());
    }

    static Pipeline pipeline(PipelineModel.Pipeline p) {
        return new Pipeline(p.id(), p.name(), p.pinned(), p.seedNodeIds(), p.graph().nodeIds(),
                p.graph().executionOrder(), p.createdAt());
    }

    static NodeStatus status(PipelineModel.NodeStatus s) {
        List<SourceLag> lag = s.lag().stream().map(l -> new SourceLag(l.table().namespace(), l.table().table(),
                l.watermark(), l.latest(), l.deltasBehind())).toList();
        return new NodeStatus(s.node().id(), NodeKind.of(s.node().kind()),
                s.node().paused() ? NodeStatusState.PAUSED : NodeStatusState.ACTIVE,
                s.lastRun() == null ? null : JobRoutes.job(s.lastRun()), lag);
    }
}
