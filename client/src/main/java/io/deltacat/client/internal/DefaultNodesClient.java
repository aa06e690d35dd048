package io.deltacat.client.internal;

import io.deltacat.api.NodesClient;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.Node;
import io.deltacat.api.model.NodeKind;
import io.deltacat.api.model.RunInput;
import io.deltacat.api.model.StagedOutput;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.Watermark;
import io.deltacat.api.options.NodeOptions;
import io.deltacat.api.options.ReadOptions;
import io.deltacat.api.options.WriteOptions;
import io.deltacat.wire.WireJson;
import io.deltacat.wire.common.EmptyRequest;
import io.deltacat.wire.jobs.CompleteJobRequest;
import io.deltacat.wire.pipelines.NodeList;
import io.deltacat.wire.pipelines.NodeWatermark;
import io.deltacat.wire.pipelines.Position;
import io.deltacat.wire.pipelines.ResetWatermarkRequest;
import io.deltacat.wire.pipelines.ResetWatermarkRequestReason;
import io.deltacat.wire.pipelines.ResetWatermarkResult;
import io.deltacat.wire.pipelines.RunInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * The node calls shared by subscriptions, transforms and publications, over {@code /v1/nodes}; a
 * run's inputs come from {@code GET /v1/jobs/{jobId}/inputs} and are read through {@link PlanReader}
 * (data straight from storage), outputs are staged with {@link StagedWrite} and prepared for the
 * run's completion.
 */
abstract class DefaultNodesClient implements NodesClient {
    static final String NODES = "/v1/nodes";
    static final String NODE = "/v1/nodes/{nodeId}";
    static final String PAUSE = "/v1/nodes/{nodeId}/pause";
    static final String RESUME = "/v1/nodes/{nodeId}/resume";
    static final String TRIGGER = "/v1/nodes/{nodeId}/trigger";
    static final String WATERMARK = "/v1/nodes/{nodeId}/watermark";
    static final String INPUTS = "/v1/jobs/{jobId}/inputs";

    final ApiCalls calls;
    final NodeKind kind;
    private final DefaultJobsClient jobs;
    private final BufferAllocator allocator;
    private final ExecutorService ioThreads;
    private final int parallelism;

    DefaultNodesClient(ApiCalls calls, DefaultJobsClient jobs, NodeKind kind, BufferAllocator allocator,
                       ExecutorService ioThreads, int parallelism) {
        this.calls = calls;
        this.jobs = jobs;
        this.kind = kind;
        this.allocator = allocator;
        this.ioThreads = ioThreads;
        this.parallelism = parallelism;
    }

    @Override
    public Node create(Consumer<NodeOptions.Builder> options) {
        NodeOptions.Builder b = NodeOptions.builder();
        options.accept(b);
        return node(calls.post(NODES, "/v1/nodes", PipelineWire.createNode(kind, b.build()), io.deltacat.wire.pipelines.Node.class));
    }

    @Override
    public Node get(String id) {
        Node n = node(calls.get(NODE, PathSegments.path("nodes", id), io.deltacat.wire.pipelines.Node.class));
        if (n.kind() != kind) {
            throw new NotFoundException(kind.wireName() + " '" + id + "' does not exist (node '" + id + "' is a "
                    + n.kind().wireName() + ")");
        }
        return n;
    }

    @Override
    public List<Node> list() {
        NodeList list = calls.get(NODES, "/v1/nodes", Map.of("kind", kind.wireName()), NodeList.class);
        return list.nodes() == null ? List.of() : list.nodes().stream().map(PipelineWire::node).toList();
    }

    @Override
    public void delete(String id) {
        get(id);
        calls.delete(NODE, PathSegments.path("nodes", id), Map.of());
    }

    @Override
    public Node pause(String id) {
        get(id);
        return node(calls.post(PAUSE, PathSegments.path("nodes", id, "pause"), new EmptyRequest(), io.deltacat.wire.pipelines.Node.class));
    }

    @Override
    public Node resume(String id) {
        get(id);
        return node(calls.post(RESUME, PathSegments.path("nodes", id, "resume"), new EmptyRequest(), io.deltacat.wire.pipelines.Node.class));
    }

    @Override
    public io.deltacat.api.Worker worker(String nodeId, io.deltacat.api.NodeHandler handler) {
        Node node = get(nodeId);
        java.util.Map<String, List<StagedOutput>> outputs = new java.util.concurrent.ConcurrentHashMap<>();
        io.deltacat.api.options.WorkerOptions.Builder b = io.deltacat.api.options.WorkerOptions.builder()
                .workerTags(node.workerTags().toArray(String[]::new)).types(kind.wireName())
                .workerId("node-" + nodeId).handler(run -> {
                    io.deltacat.api.model.NodeResult r = handler.handle(run);
                    io.deltacat.api.model.NodeResult result = r == null ? io.deltacat.api.model.NodeResult.of(0) : r;
                    outputs.put(run.id(), result.outputs());
                    return io.deltacat.api.model.JobResult.of(result.recordsProcessed());
                });
        return new DefaultWorker(jobs, b.build(), (run, r) -> {
            List<StagedOutput> staged = outputs.remove(run.id());
            completeRun(run, r.recordsProcessed(), staged == null ? List.of() : staged);
        });
    }

    /**
     * Triggers a node of any kind: the seed triggers transforms through {@code subscriptions()}, so
     * unlike the other calls this one does not check the node's kind (the server answers 404 for an
     * unknown id).
     */
    @Override
    public Job trigger(String id) {
        return DefaultJobsClient.job(calls.post(TRIGGER, PathSegments.path("nodes", id, "trigger"), new EmptyRequest(),
                io.deltacat.wire.jobs.Job.class));
    }

    Watermark watermarkOf(String id) {
        get(id);
        return watermark(calls.get(WATERMARK, PathSegments.path("nodes", id, "watermark"), NodeWatermark.class)
                .positions());
    }

    Optional<Job> resetWatermark(String id, Watermark to, String reason) {
        get(id);
        List<Position> positions = new ArrayList<>();
        to.positions().forEach((t, p) -> positions.add(new Position(t.namespace(), t.table(), p)));
        ResetWatermarkRequest body = new ResetWatermarkRequest(positions,
                WireJson.enumOf(ResetWatermarkRequestReason.class, reason));
        ResetWatermarkResult r = calls.post(WATERMARK, PathSegments.path("nodes", id, "watermark"), body,
                ResetWatermarkResult.class);
        return r.run() == null ? Optional.empty() : Optional.of(DefaultJobsClient.job(r.run()));
    }

    private static Node node(io.deltacat.wire.pipelines.Node n) {
        return PipelineWire.node(n);
    }

    /** A node's positions from the wire ({@code Position}s). */
    static Watermark watermark(List<Position> positions) {
        Map<TableRef, Long> out = new java.util.LinkedHashMap<>();
        if (positions != null) {
            positions.forEach(p -> out.put(TableRef.of(p.namespace(), p.table()),
                    p.position() == null ? 0 : p.position()));
        }
        return new Watermark(out);
    }

    List<RunInput> runInputs(ClaimedJob run) {
        List<RunInput> out = new ArrayList<>();
        RunInputs inputs = calls.get(INPUTS, PathSegments.path("jobs", run.id(), "inputs"), RunInputs.class);
        for (io.deltacat.wire.pipelines.RunInput in : inputs.inputs() == null
                ? List.<io.deltacat.wire.pipelines.RunInput>of() : inputs.inputs()) {
            out.add(new RunInput(TableRef.of(in.namespace(), in.table()),
                    in.fromPosition() == null ? 0 : in.fromPosition(), in.toPosition() == null ? 0 : in.toPosition(),
                    CatalogWire.plan(in.plan())));
        }
        return out;
    }

    ArrowReader read(ClaimedJob run, Optional<TableRef> source) {
        List<RunInput> inputs = runInputs(run);
        RunInput chosen;
        if (source.isEmpty()) {
            if (inputs.size() != 1) {
                throw new InvalidRequestException("run '" + run.id() + "' has " + inputs.size()
                        + " sources; name the one to read with readNew(run, table)");
            }
            chosen = inputs.get(0);
        } else {
            chosen = inputs.stream().filter(i -> i.table().equals(source.get())).findFirst()
                    .orElseThrow(() -> new InvalidRequestException("table '" + source.get() + "' is not a source of run '"
                            + run.id() + "'"));
        }
        ReadOptions o = ReadOptions.builder().namespace(chosen.table().namespace()).table(chosen.table().table())
                .build();
        return new PlanReader(allocator, ioThreads, chosen.plan(), o, parallelism,
                VendedAccess.forPlan(calls, chosen.plan()));
    }

    StagedOutput stageOutput(ClaimedJob run, BatchSource data, Consumer<WriteOptions.Builder> options) {
        WriteOptions.Builder b = WriteOptions.builder();
        options.accept(b);
        return new StagedWrite(calls, allocator, b.build()).prepare(data, run.id());
    }

    StagedOutput stageOutput(ClaimedJob run, VectorSchemaRoot data, Consumer<WriteOptions.Builder> options) {
        return stageOutput(run, BatchSource.of(data), options);
    }

    StagedOutput stageOutput(ClaimedJob run, ArrowReader data, Consumer<WriteOptions.Builder> options) {
        return stageOutput(run, BatchSource.of(data), options);
    }

    /** Completes a run with its target watermark (from the run's context) and its staged outputs. */
    Job completeRun(ClaimedJob run, long records, List<StagedOutput> outputs) {
        String kindOfRun = run.job().type();
        if (!kindOfRun.equals(kind.wireName())) {
            throw new InvalidRequestException("job '" + run.id() + "' is a '" + kindOfRun + "' job, not a "
                    + kind.wireName() + " run");
        }
        // the run's context carries its inputs as JSON text (the server's, not a wire schema): each
        // input's end position is the watermark the run's completion moves the node to
        String inputs = run.job().context().get("inputs");
        List<Position> target = inputs == null ? null : ContextInput.read(inputs).stream()
                .map(in -> new Position(in.namespace(), in.table(), in.to())).toList();
        CompleteJobRequest body = new CompleteJobRequest(run.fencingToken(), records,
                target == null ? null : WireJson.tree(target), outputs.stream().map(StagedOutput::writeId).toList());
        return DefaultJobsClient.job(calls.post(DefaultJobsClient.COMPLETE, PathSegments.path("jobs", run.id(),
                "complete"), body, io.deltacat.wire.jobs.Job.class));
    }

    /**
     * The inputs of a run as its job's context holds them (the server's text, read tolerantly as
     * plain maps: the client module is not opened to Jackson's reflection).
     */
    private record ContextInput(String namespace, String table, long to) {
        static List<ContextInput> read(String json) {
            List<Map<String, Object>> inputs;
            try {
                inputs = WireJson.TOLERANT.readValue(json,
                        new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() { });
            } catch (java.io.IOException e) {
                throw new io.deltacat.api.error.ServerException("run context with unreadable inputs: "
                        + e.getMessage(), e);
            }
            return inputs.stream().map(in -> new ContextInput(String.valueOf(in.get("namespace")),
                    String.valueOf(in.get("table")), in.get("to") instanceof Number n ? n.longValue() : 0)).toList();
        }
    }
}
