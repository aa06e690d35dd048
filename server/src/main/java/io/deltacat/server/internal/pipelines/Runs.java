package io.deltacat.server.internal.pipelines;

import static io.deltacat.server.internal.pipelines.PipelineModel.KINDS;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.jobs.JobModel;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.pipelines.PipelineModel.Input;
import io.deltacat.server.internal.pipelines.PipelineModel.Node;
import io.deltacat.server.internal.pipelines.PipelineModel.RunInputs;
import io.deltacat.server.internal.pipelines.PipelineModel.TableRef;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating node runs and telling a run what to read.
 *
 * <ul>
 * <li>A run is a job (type = the node's kind) whose context names, per source, the window of commit
 *     times {@code (from, to]} it consumes: {@code from} is the watermark when the run was created,
 *     {@code to} the newest delta then. At most one run of a node is pending or running: creating
 *     one locks the node row and returns the active run instead.</li>
 * <li>Event triggers: a commit to a table creates a run for each event-triggered, unpaused node that
 *     has it as a source and has none active ({@link #onTableCommitted}); the {@link Scheduler} also
 *     sweeps for nodes with unconsumed deltas (e.g. after a restart).</li>
 * </ul>
 */
public final class Runs {
    private static final Logger LOG = LoggerFactory.getLogger(Runs.class);

    private final Database db;
    private final Catalog catalog;
    private final JobQueue jobs;
    private final NodeStore store;
    private final SourceDeltas deltas;
    private final RunJson json;

    Runs(Database db, Catalog catalog, JobQueue jobs, NodeStore store, SourceDeltas deltas, RunJson json) {
        this.db = db;
        this.catalog = catalog;
        this.jobs = jobs;
        this.store = store;
        this.deltas = deltas;
        this.json = json;
    }

    /**
     * Creates a run of {@code node} unless one is active (then returns it). With {@code onlyWithNewData}
     * nothing is created when no source has deltas past its watermark.
     */
    Optional<JobRow> enqueue(Connection c, Node stale, String reason, boolean onlyWithNewData)
            throws SQLException {
        store.lock(c, stale.id());
        // read after the lock: another transaction may have ended a run and moved the watermarks
        Node node = store.require(c, stale.id());
        Optional<JobRow> active = store.activeRun(c, node.id());
        if (active.isPresent()) {
            return active;
        }
        List<Input> inputs = new ArrayList<>();
        boolean newData = false;
        for (TableRef s : node.sources()) {
            long from = node.watermarks().getOrDefault(s, 0L);
            long latest = SourceDeltas.latestCommit(c, s);
            long to = Math.max(from, latest);
            newData |= to > from;
            inputs.add(new Input(s, from, to));
        }
        if (onlyWithNewData && !newData) {
            return Optional.empty();
        }
        Map<String, String> context = new LinkedHashMap<>();
        context.put("nodeId", node.id());
        context.put("nodeKind", node.kind());
        context.put("nodeType", node.type());
        context.put("runMode", node.mode());
        context.put("reason", reason);
        context.put("inputs", json.inputs(inputs));
        context.put("sinks", json.tables(node.sinks()));
        node.dispatchConfig().forEach((k, v) -> context.putIfAbsent("dispatch." + k, v));
        // local and custom runs go to HTTP workers; other modes (ray) to the server's dispatcher of that mode
        String dispatch = Set.of("local", "custom").contains(node.dispatchMode()) ? null : node.dispatchMode();
        JobRow job = jobs.insert(c, new JobModel.Submit(node.kind(), context, node.workerTags(), node.maxAttempts(),
                node.leaseMs(), dispatch));
        store.insertRun(c, job.id(), node.id(), reason, jobs.nowNs());
        LOG.debug("node {} run {} created ({})", node.id(), job.id(), reason);
        return Optional.of(job);
    }

    /** The job of a node run, with its node and inputs; NotFound for a job that is no node run. */
    public RunInputs inputs(String jobId) throws SQLException {
        JobRow job = jobs.get(jobId);
        String nodeId = job.context().get("nodeId");
        if (!KINDS.contains(job.type()) || nodeId == null) {
            throw new InvalidRequestException("job '" + jobId + "' is a '" + job.type() + "' job, not a node run");
        }
        String mode = job.context().getOrDefault("runMode", "delta");
        List<Input> inputs = json.parseInputs(job.context().get("inputs"));
        List<Model.Plan> plans = new ArrayList<>();
        for (Input in : inputs) {
            TableRef t = in.table();
            Model.Table table = catalog.tables().getTable(t.namespace(), t.table());
            if (mode.equals("version")) {
                if (in.to() == 0) {
                    plans.add(new Model.Plan(t.namespace(), t.table(), table.schema(), 0, List.of(), 0, Map.of()));
                } else {
                    plans.add(catalog.planner().plan(t.namespace(), t.table(), new Model.PlanRequest(null, null, null, in.to())));
                }
            } else {
                List<Model.PlannedFile> files = db.tx(c -> deltas.files(c, t, in.from(), in.to()));
                // files written under older schema versions are read by field id, like any plan's
                Map<Integer, Schema> fileSchemas = catalog.planner().schemaVersions(t.namespace(), t.table(),
                        files.stream().map(Model.PlannedFile::schemaVersion).collect(java.util.stream.Collectors.toSet()));
                plans.add(new Model.Plan(t.namespace(), t.table(), table.schema(), in.to(), files, files.size(),
                        fileSchemas));
            }
        }
        return new RunInputs(job, nodeId, mode, inputs, plans);
    }

    /** A write was committed to {@code namespace.table}: event-triggered readers of it get a run. */
    public void onTableCommitted(String namespace, String table) {
        try {
            boolean created = db.tx(c -> fanOut(c, new TableRef(namespace, table)));
            if (created) {
                jobs.notifyChanged();
            }
        } catch (SQLException e) {
            // the periodic sweep (tick) creates the run later
            LOG.warn("could not create event runs for {}.{}: {}", namespace, table, e.getMessage());
        }
    }

    boolean fanOut(Connection c, TableRef t) throws SQLException {
        List<String> readers = store.eventReaders(c, t);
        boolean any = false;
        for (String id : readers) {
            any |= enqueue(c, store.require(c, id), "event", true).isPresent();
        }
        return any;
    }
}
