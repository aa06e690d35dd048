package io.deltacat.client.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.model.Node;
import io.deltacat.api.model.NodeKind;
import io.deltacat.api.model.Pipeline;
import io.deltacat.api.model.PipelineGraph;
import io.deltacat.api.model.PipelineStatus;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.Trigger;
import io.deltacat.api.options.NodeOptions;
import io.deltacat.wire.WireJson;
import io.deltacat.wire.pipelines.CreateNodeRequest;
import io.deltacat.wire.pipelines.DispatchMode;
import io.deltacat.wire.pipelines.NodeMode;
import io.deltacat.wire.pipelines.NodeStatus;
import io.deltacat.wire.pipelines.SourceLag;
import io.deltacat.wire.pipelines.TriggerKind;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place the node and pipeline wire types ({@code io.deltacat.wire.pipelines}) and the API
 * records meet. Values the options hold as free text (run mode, dispatch mode, trigger kind) are
 * checked here against the wire's enums, so a typo fails before a request is sent, in the server's
 * words.
 */
final class PipelineWire {
    private PipelineWire() {
    }

    static CreateNodeRequest createNode(NodeKind kind, NodeOptions o) {
        NodeMode mode = known(NodeMode.class, o.mode(), "unknown run mode");
        DispatchMode dispatch = known(DispatchMode.class, o.dispatchMode(), "unknown dispatch mode");
        return new CreateNodeRequest(o.id(), o.name().orElse(null), io.deltacat.wire.pipelines.NodeKind.of(kind.wireName()),
                o.type(), mode, dispatch, o.dispatchConfig(), o.workerTags(), o.maxAttempts(),
                JobsWire.millis(o.leaseDuration().toMillis()), refs(o.sourceTables()), refs(o.sinkTables()),
                trigger(o.trigger()));
    }

    private static io.deltacat.wire.pipelines.Trigger trigger(Trigger t) {
        TriggerKind kind = known(TriggerKind.class, t.kind(), "unknown trigger");
        return new io.deltacat.wire.pipelines.Trigger(kind,
                t.interval().map(d -> (int) Math.min(Integer.MAX_VALUE, d.getSeconds())).orElse(null),
                t.cron().orElse(null), t.timezone().map(ZoneId::getId).orElse(null));
    }

    /** The constant for {@code value}, or the server's own refusal for a value the wire lacks. */
    private static <E extends Enum<E>> E known(Class<E> type, String value, String refusal) {
        E constant = WireJson.enumOf(type, value);
        if (WireJson.isUnknown(constant)) {
            throw new InvalidRequestException(refusal + " '" + value + "'; known: "
                    + String.join(", ", WireJson.wireNames(type)));
        }
        return constant;
    }

    static List<io.deltacat.wire.pipelines.TableRef> refs(List<TableRef> tables) {
        return tables.stream().map(t -> new io.deltacat.wire.pipelines.TableRef(t.namespace(), t.table())).toList();
    }

    static List<TableRef> tables(List<io.deltacat.wire.pipelines.TableRef> refs) {
        return refs == null ? List.of() : refs.stream().map(r -> TableRef.of(r.namespace(), r.table())).toList();
    }

    static Node node(io.deltacat.wire.pipelines.Node n) {
        io.deltacat.wire.pipelines.Trigger t = n.trigger();
        Trigger trigger = t == null ? Trigger.event() : new Trigger(t.kind() == null ? "event" : text(t.kind()),
                Optional.ofNullable(t.intervalSeconds()).map(s -> Duration.ofSeconds(s)),
                Optional.ofNullable(t.cron()), Optional.ofNullable(t.timezone()).map(ZoneId::of));
        return new Node(n.id(), Optional.ofNullable(n.name()), kind(n.kind()), n.type(),
                text(n.mode()), text(n.dispatchMode()),
                n.dispatchConfig() == null ? Map.of() : n.dispatchConfig(),
                n.workerTags() == null ? List.of() : n.workerTags(), n.maxAttempts() == null ? 0 : n.maxAttempts(),
                Duration.ofMillis(n.leaseMillis() == null ? 0 : n.leaseMillis()), tables(n.sourceTables()),
                tables(n.sinkTables()), trigger, Optional.ofNullable(n.nextFireAt()).map(JobsWire::instant),
                Boolean.TRUE.equals(n.paused()), JobsWire.instant(num(n.createdAt())),
                JobsWire.instant(num(n.updatedAt())), DefaultNodesClient.watermark(n.watermark()));
    }

    static PipelineGraph graph(io.deltacat.wire.pipelines.PipelineGraph g) {
        return new PipelineGraph(strings(g.nodeIds()), strings(g.executionOrder()));
    }

    static Pipeline pipeline(io.deltacat.wire.pipelines.Pipeline p) {
        return new Pipeline(p.id(), p.name(), Boolean.TRUE.equals(p.pinned()), strings(p.seedNodeIds()),
                new PipelineGraph(strings(p.nodeIds()), strings(p.executionOrder())),
                JobsWire.instant(num(p.createdAt())));
    }

    static PipelineStatus status(io.deltacat.wire.pipelines.PipelineStatus s) {
        List<NodeStatus> nodes = s.nodes() == null ? List.of() : s.nodes();
        return new PipelineStatus(s.pipelineId(), nodes.stream().map(PipelineWire::nodeStatus).toList());
    }

    private static PipelineStatus.NodeStatus nodeStatus(NodeStatus n) {
        List<SourceLag> lag = n.lag() == null ? List.of() : n.lag();
        return new PipelineStatus.NodeStatus(n.nodeId(), kind(n.kind()), text(n.state()),
                Optional.ofNullable(n.lastRun()).map(JobsWire::job),
                lag.stream().map(l -> new PipelineStatus.SourceLag(TableRef.of(l.namespace(), l.table()),
                        num(l.watermark()), num(l.latest()), num(l.deltasBehind()))).toList());
    }

    private static NodeKind kind(io.deltacat.wire.pipelines.NodeKind k) {
        return k == null ? NodeKind.UNKNOWN : NodeKind.fromWire(k.wire());
    }

    /** An open enum's value as the API's text: a value of a newer server reads as {@code unknown}. */
    private static String text(Enum<?> value) {
        return value == null || WireJson.isUnknown(value) ? "unknown" : WireJson.wireName(value);
    }

    private static List<String> strings(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static long num(Long n) {
        return n == null ? 0 : n;
    }
}
