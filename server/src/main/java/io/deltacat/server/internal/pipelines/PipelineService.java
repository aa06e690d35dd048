package io.deltacat.server.internal.pipelines;

import static io.deltacat.server.internal.store.Sql.bind;
import static io.deltacat.server.internal.store.Sql.nullableLong;
import static io.deltacat.server.internal.store.Sql.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.catalog.Names;
import io.deltacat.server.internal.jobs.JobService;
import io.deltacat.server.internal.jobs.JobService.JobRow;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline nodes and their runs. Subscriptions (sources only), transforms (sources and sinks) and
 * publications (sinks only) are joined by tables; each source of a node keeps a watermark, the commit
 * time of the last source delta it consumed.
 *
 * <ul>
 * <li>A run is a job (type = the node's kind) whose context names, per source, the window of commit
 *     times {@code (from, to]} it consumes: {@code from} is the watermark when the run was created,
 *     {@code to} the newest delta then. At most one run of a node is pending or running: creating
 *     one locks the node row and returns the active run instead.</li>
 * <li>Completing a run moves each source's watermark to its {@code to}, commits the run's prepared
 *     sink writes and creates the runs of event-triggered downstream nodes, all in the transaction
 *     that ends the job (after the fenced UPDATE: a stale worker commits nothing). A failed run
 *     leaves the watermarks alone.</li>
 * <li>Event triggers: a commit to a table creates a run for each event-triggered, unpaused node that
 *     has it as a source and has none active; {@link #tick()} also sweeps for nodes with unconsumed
 *     deltas (e.g. after a restart) and fires due schedules.</li>
 * </ul>
 */
public final class PipelineService {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineService.class);
    public static final String SUBSCRIPTION = "subscription";
    public static final String TRANSFORM = "transform";
    public static final String PUBLICATION = "publication";
    public static final Set<String> KINDS = Set.of(SUBSCRIPTION, TRANSFORM, PUBLICATION);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,119}");
    private static final Set<String> ACTIVE = Set.of("pending", "claimed", "running");
    private static final String NODE_COLUMNS = "id, kind, node_type, run_mode, dispatch_mode, dispatch_config,"
            + " worker_tags, max_attempts, lease_ms, trigger_kind, interval_seconds, cron, timezone, next_fire_at,"
            + " paused, created_at, updated_at";

    /** A table a node reads or writes. */
    public record TableRef(String namespace, String table) implements Comparable<TableRef> {
        public String key() {
            return namespace + "." + table;
        }

        @Override
        public int compareTo(TableRef o) {
            int c = namespace.compareTo(o.namespace);
            return c != 0 ? c : table.compareTo(o.table);
        }
    }

    /** When a node runs: on events (upstream commits, manual triggers) or on a schedule. */
    public record Trigger(String kind, Long intervalSeconds, String cron, String timezone) {
    }

    /** What creating a node asks for. */
    public record CreateNode(String id, String kind, String type, String mode, String dispatchMode,
                             Map<String, String> dispatchConfig, List<String> workerTags, int maxAttempts,
                             long leaseMs, List<TableRef> sources, List<TableRef> sinks, Trigger trigger) {
    }

    /** A node as stored; {@code watermarks} holds each source's position (0 = nothing consumed). */
    public record Node(String id, String kind, String type, String mode, String dispatchMode,
                      Map<String, String> dispatchConfig, List<String> workerTags, int maxAttempts, long leaseMs,
                      Trigger trigger, Long nextFireAt, boolean paused, long createdAt, long updatedAt,
                      List<TableRef> sources, List<TableRef> sinks, Map<TableRef, Long> watermarks) {
    }

    /** One source window of a run: deltas committed in {@code (from, to]}. */
    public record Input(TableRef table, long from, long to) {
    }

    /** A run's inputs, each with its thin read plan. */
    public record RunInputs(JobRow job, String nodeId, String mode, List<Input> inputs, List<Model.Plan> plans) {
    }

    /** A pipeline: pinned node set, or re-discovered from seeds. */
    public record Pipeline(String id, String name, boolean pinned, List<String> seedNodeIds, Graph graph,
                           long createdAt) {
    }

    /** A connected component of nodes and a topological order of it. */
    public record Graph(List<String> nodeIds, List<String> executionOrder) {
    }

    /** How far a source of a node is behind. */
    public record Lag(TableRef table, long watermark, long latest, long deltasBehind) {
    }

    /** A node's state within a pipeline. */
    public record NodeStatus(Node node, JobRow lastRun, List<Lag> lag) {
    }

    private final Database db;
    private final Catalog catalog;
    private final JobService jobs;
    private final ObjectMapper json;

    public PipelineService(Database db, Catalog catalog, JobService jobs, ObjectMapper json) {
        this.db = db;
        this.catalog = catalog;
        this.jobs = jobs;
        this.json = json;
    }

    // ---------------------------------------------------------------- nodes

    public Node create(CreateNode req) throws SQLException {
        checkId(req.id(), "node id");
        if (!KINDS.contains(req.kind())) {
            throw new InvalidRequestException("unknown node kind '" + req.kind() + "'; known: " + new TreeSet<>(KINDS));
        }
        if (!Set.of("delta", "version").contains(req.mode())) {
            throw new InvalidRequestException("unknown run mode '" + req.mode() + "'; known: delta, version");
        }
        switch (req.dispatchMode()) {
            case "local":
            case "custom":
                break;
            case "ray":
                throw new UnsupportedFeatureException("dispatch mode 'ray' is not available on this server; use"
                        + " 'local' or 'custom'");
            default:
                throw new InvalidRequestException("unknown dispatch mode '" + req.dispatchMode()
                        + "'; known: local, custom, ray");
        }
        if (req.type() == null || req.type().isEmpty() || req.type().length() > 200) {
            throw new InvalidRequestException("the node type must have 1..200 characters");
        }
        List<TableRef> sources = distinct(req.sources(), "sourceTables");
        List<TableRef> sinks = distinct(req.sinks(), "sinkTables");
        switch (req.kind()) {
            case SUBSCRIPTION:
                if (sources.isEmpty() || !sinks.isEmpty()) {
                    throw new InvalidRequestException("a subscription reads one or more source tables and has no sinks");
                }
                break;
            case TRANSFORM:
                if (sources.isEmpty() || sinks.isEmpty()) {
                    throw new InvalidRequestException("a transform needs one or more source tables and sink tables");
                }
                break;
            default:
                if (!sources.isEmpty() || sinks.isEmpty()) {
                    throw new InvalidRequestException("a publication writes one or more sink tables and has no sources");
                }
        }
        for (TableRef s : sources) {
            if (sinks.contains(s)) {
                throw new InvalidRequestException("table '" + s.key() + "' is both a source and a sink of node '"
                        + req.id() + "' (a cycle)");
            }
        }
        for (TableRef t : concat(sources, sinks)) {
            catalog.tables().getTable(t.namespace(), t.table()); // NotFoundException for an unknown table
        }
        if (req.maxAttempts() < 1 || req.maxAttempts() > 100) {
            throw new InvalidRequestException("maxAttempts must be 1..100, got " + req.maxAttempts());
        }
        if (req.leaseMs() < 1000 || req.leaseMs() > 86_400_000L) {
            throw new InvalidRequestException("leaseMillis must be 1000..86400000, got " + req.leaseMs());
        }
        Trigger trigger = checkTrigger(req.trigger());
        List<String> tags = req.dispatchMode().equals("local") ? List.of(localTag(req.id()))
                : List.copyOf(new TreeSet<>(req.workerTags()));
        if (req.dispatchMode().equals("local") && !req.workerTags().isEmpty()) {
            throw new InvalidRequestException("dispatch mode 'local' takes no worker tags (its runs carry the tag '"
                    + localTag(req.id()) + "'); use 'custom' to choose tags");
        }
        Node node = db.tx(c -> {
            if (findNode(c, req.id()).isPresent()) {
                throw new AlreadyExistsException("node '" + req.id() + "' already exists");
            }
            // a new node must not close a cycle of the graph
            List<Node> all = new ArrayList<>(allNodes(c));
            Node candidate = new Node(req.id(), req.kind(), req.type(), req.mode(), req.dispatchMode(),
                    req.dispatchConfig(), tags, req.maxAttempts(), req.leaseMs(), trigger, null, false, 0, 0,
                    sources, sinks, Map.of());
            all.add(candidate);
            List<String> cycle = findCycle(all);
            if (!cycle.isEmpty()) {
                throw new InvalidRequestException("node '" + req.id() + "' would close the cycle "
                        + String.join(" -> ", cycle));
            }
            long now = jobs.nowNs();
            Long next = trigger.kind().equals("schedule")
                    ? Schedules.nextFire(trigger.intervalSeconds(), trigger.cron(), trigger.timezone(), now, now) : null;
            update(c, "INSERT INTO pipeline_nodes (" + NODE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, 0, ?, ?)", req.id(), req.kind(), req.type(), req.mode(), req.dispatchMode(),
                    toJson(req.dispatchConfig()), toJsonArray(tags), req.maxAttempts(), req.leaseMs(), trigger.kind(),
                    trigger.intervalSeconds(), trigger.cron(), trigger.timezone(), next, now, now);
            int i = 0;
            for (TableRef s : sources) {
                update(c, "INSERT INTO pipeline_node_tables (node_id, role, position, namespace, table_name, watermark)"
                        + " VALUES (?, 'source', ?, ?, ?, 0)", req.id(), i++, s.namespace(), s.table());
            }
            i = 0;
            for (TableRef s : sinks) {
                update(c, "INSERT INTO pipeline_node_tables (node_id, role, position, namespace, table_name, watermark)"
                        + " VALUES (?, 'sink', ?, ?, ?, 0)", req.id(), i++, s.namespace(), s.table());
            }
            return requireNode(c, req.id());
        });
        return node;
    }

    /** The tag a {@code local} node's runs carry: a worker in the caller's JVM claims with it. */
    public static String localTag(String nodeId) {
        return "node:" + nodeId;
    }

    private static Trigger checkTrigger(Trigger t) {
        if (t == null || t.kind() == null || t.kind().equals("event")) {
            if (t != null && (t.intervalSeconds() != null || t.cron() != null || t.timezone() != null)) {
                throw new InvalidRequestException("an 'event' trigger takes no intervalSeconds, cron or timezone");
            }
            return new Trigger("event", null, null, null);
        }
        if (!t.kind().equals("schedule")) {
            throw new InvalidRequestException("unknown trigger '" + t.kind() + "'; known: event, schedule");
        }
        if ((t.intervalSeconds() == null) == (t.cron() == null)) {
            throw new InvalidRequestException("a 'schedule' trigger needs exactly one of intervalSeconds and cron");
        }
        if (t.intervalSeconds() != null) {
            if (t.intervalSeconds() < 1 || t.intervalSeconds() > 366L * 86400) {
                throw new InvalidRequestException("intervalSeconds must be 1..31622400, got " + t.intervalSeconds());
            }
            if (t.timezone() != null) {
                throw new InvalidRequestException("a timezone applies to cron schedules only");
            }
            return new Trigger("schedule", t.intervalSeconds(), null, null);
        }
        Schedules.parseCron(t.cron());
        String zone = Schedules.parseZone(t.timezone()).getId();
        return new Trigger("schedule", null, t.cron().trim(), zone);
    }

    public Node get(String id) throws SQLException {
        return db.tx(c -> requireNode(c, id));
    }

    public List<Node> list(String kind) throws SQLException {
        if (kind != null && !KINDS.contains(kind)) {
            throw new InvalidRequestException("unknown node kind '" + kind + "'");
        }
        return db.tx(c -> allNodes(c).stream().filter(n -> kind == null || n.kind().equals(kind)).toList());
    }

    /** Deletes a node: its pending run is cancelled; refused while a run is claimed or running. */
    public void delete(String id) throws SQLException {
        db.tx(c -> {
            requireNode(c, id);
            lockNode(c, id);
            Optional<JobRow> active = activeRun(c, id);
            if (active.isPresent()) {
                if (!active.get().state().equals("pending")) {
                    throw new ConflictException("node '" + id + "' has run '" + active.get().id() + "' in state "
                            + active.get().state() + "; delete it after the run ends");
                }
                jobs.cancelPending(c, active.get().id());
            }
            update(c, "DELETE FROM pipeline_node_tables WHERE node_id = ?", id);
            update(c, "DELETE FROM pipeline_members WHERE node_id = ?", id);
            update(c, "DELETE FROM pipeline_nodes WHERE id = ?", id);
            return null;
        });
        jobs.notifyChanged();
    }

    /** Pauses or resumes a node. A resumed schedule fires next after now (missed fires are not replayed). */
    public Node setPaused(String id, boolean paused) throws SQLException {
        Node n = db.tx(c -> setPaused(c, id, paused));
        jobs.notifyChanged();
        return n;
    }

    private Node setPaused(Connection c, String id, boolean paused) throws SQLException {
        Node node = requireNode(c, id);
        long now = jobs.nowNs();
        Long next = node.nextFireAt();
        if (!paused && node.paused() && node.trigger().kind().equals("schedule")) {
            next = Schedules.nextFire(node.trigger().intervalSeconds(), node.trigger().cron(),
                    node.trigger().timezone(), now, now);
        }
        update(c, "UPDATE pipeline_nodes SET paused = ?, next_fire_at = ?, updated_at = ? WHERE id = ?",
                paused ? 1 : 0, next, now, id);
        if (!paused && node.paused() && node.trigger().kind().equals("event")) {
            enqueue(c, requireNode(c, id), "event", true);
        }
        return requireNode(c, id);
    }

    /**
     * Creates a run now (manual trigger, or a publication's {@code run}); the active run when there is
     * one already.
     */
    public JobRow trigger(String id) throws SQLException {
        JobRow row = db.tx(c -> {
            Node node = requireNode(c, id);
            if (node.paused()) {
                throw new ConflictException("node '" + id + "' is paused; resume it first");
            }
            return enqueue(c, node, "manual", false).orElseThrow();
        });
        jobs.notifyChanged();
        return row;
    }

    /**
     * Moves a node's watermarks (redrive from an earlier position, or a transform's rollback): only
     * to positions at or below the current ones, for known sources; a pending run is cancelled and a
     * new one created (unless paused). Refused while a run is claimed or running.
     */
    public Optional<JobRow> resetWatermark(String id, Map<TableRef, Long> positions, String reason)
            throws SQLException {
        Optional<JobRow> run = db.tx(c -> {
            Node node = requireNode(c, id);
            lockNode(c, id);
            if (node.sources().isEmpty()) {
                throw new InvalidRequestException("node '" + id + "' has no sources and so no watermark");
            }
            for (Map.Entry<TableRef, Long> e : positions.entrySet()) {
                Long current = node.watermarks().get(e.getKey());
                if (current == null) {
                    throw new InvalidRequestException("table '" + e.getKey().key() + "' is not a source of node '"
                            + id + "'");
                }
                if (e.getValue() < 0 || e.getValue() > current) {
                    throw new InvalidRequestException("watermark " + e.getValue() + " of '" + e.getKey().key()
                            + "' must be 0.." + current + " (the current one): " + reason + " moves back only");
                }
            }
            Optional<JobRow> active = activeRun(c, id);
            if (active.isPresent()) {
                if (!active.get().state().equals("pending")) {
                    throw new ConflictException("node '" + id + "' has run '" + active.get().id() + "' in state "
                            + active.get().state() + "; " + reason + " after it ends");
                }
                jobs.cancelPending(c, active.get().id());
            }
            for (Map.Entry<TableRef, Long> e : positions.entrySet()) {
                update(c, "UPDATE pipeline_node_tables SET watermark = ? WHERE node_id = ? AND role = 'source'"
                        + " AND namespace = ? AND table_name = ?", e.getValue(), id, e.getKey().namespace(),
                        e.getKey().table());
            }
            Node updated = requireNode(c, id);
            return updated.paused() ? Optional.<JobRow>empty() : enqueue(c, updated, reason, false);
        });
        jobs.notifyChanged();
        return run;
    }

    // ---------------------------------------------------------------- runs

    /**
     * Creates a run of {@code node} unless one is active (then returns it). With {@code onlyWithNewData}
     * nothing is created when no source has deltas past its watermark.
     */
    private Optional<JobRow> enqueue(Connection c, Node stale, String reason, boolean onlyWithNewData)
            throws SQLException {
        lockNode(c, stale.id());
        // read after the lock: another transaction may have ended a run and moved the watermarks
        Node node = requireNode(c, stale.id());
        Optional<JobRow> active = activeRun(c, node.id());
        if (active.isPresent()) {
            return active;
        }
        List<Input> inputs = new ArrayList<>();
        boolean newData = false;
        for (TableRef s : node.sources()) {
            long from = node.watermarks().getOrDefault(s, 0L);
            long latest = latestCommit(c, s);
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
        context.put("inputs", inputsJson(inputs));
        ArrayNode sinks = json.createArrayNode();
        node.sinks().forEach(t -> sinks.addObject().put("namespace", t.namespace()).put("table", t.table()));
        context.put("sinks", sinks.toString());
        node.dispatchConfig().forEach((k, v) -> context.putIfAbsent("dispatch." + k, v));
        JobRow job = jobs.insert(c, new JobService.Submit(node.kind(), context, node.workerTags(), node.maxAttempts(),
                node.leaseMs()));
        update(c, "INSERT INTO pipeline_runs (job_id, node_id, reason, created_at) VALUES (?, ?, ?, ?)", job.id(),
                node.id(), reason, jobs.nowNs());
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
        List<Input> inputs = parseInputs(job.context().get("inputs"));
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
                List<Model.PlannedFile> files = db.tx(c -> deltaFiles(c, t, in.from(), in.to()));
                // files written under older schema versions are read by field id, like any plan's
                Map<Integer, Schema> fileSchemas = catalog.planner().schemaVersions(t.namespace(), t.table(),
                        files.stream().map(Model.PlannedFile::schemaVersion).collect(java.util.stream.Collectors.toSet()));
                plans.add(new Model.Plan(t.namespace(), t.table(), table.schema(), in.to(), files, files.size(),
                        fileSchemas));
            }
        }
        return new RunInputs(job, nodeId, mode, inputs, plans);
    }

    private List<Model.PlannedFile> deltaFiles(Connection c, TableRef t, long from, long to) throws SQLException {
        List<Model.PlannedFile> files = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT f.uri, f.format, f.row_count, f.size_bytes,"
                + " d.delta_type, f.stream_position, f.stats, f.partition_values, f.schema_version"
                + " FROM data_files f JOIN deltas d ON f.delta_id = d.id"
                + " JOIN tables t ON t.id = f.table_id JOIN namespaces n ON n.id = t.namespace_id"
                + " WHERE n.name = ? AND n.dropped_at IS NULL AND t.name = ? AND t.dropped_at IS NULL"
                + " AND d.commit_time > ? AND d.commit_time <= ? AND d.delta_type <> 'compacted'"
                + " ORDER BY f.stream_position")) {
            bind(ps, t.namespace(), t.table(), from, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String stats = rs.getString(7);
                    String partition = rs.getString(8);
                    files.add(new Model.PlannedFile(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getString(5), rs.getLong(6), stats == null ? null : (ObjectNode) readTree(stats),
                            partition == null ? null : readTree(partition), Math.max(1, rs.getInt(9))));
                }
            }
        }
        return files;
    }

    /**
     * Stores a manifest for an open write to one of the run's sinks; the write commits with the run's
     * completion, never on its own.
     */
    public void prepare(String writeId, String jobId, Model.Commit commit) throws SQLException {
        JobRow job = jobs.get(jobId);
        if (!Set.of(TRANSFORM, PUBLICATION).contains(job.type())) {
            throw new InvalidRequestException("job '" + jobId + "' is a '" + job.type() + "' job; only transform and"
                    + " publication runs write to sinks");
        }
        if (!Set.of("claimed", "running").contains(job.state())) {
            throw new ConflictException("job '" + jobId + "' is " + job.state() + ", not held by a worker");
        }
        catalog.commits().verifyManifest(writeId, commit);
        Set<TableRef> sinks = new HashSet<>(parseTables(job.context().get("sinks")));
        db.tx(c -> {
            TableRef target = writeTable(c, writeId);
            if (!sinks.contains(target)) {
                throw new InvalidRequestException("write '" + writeId + "' goes to '" + target.key()
                        + "', which is not a sink of node '" + job.context().get("nodeId") + "'");
            }
            if (update(c, "UPDATE writes SET prepared_job = ?, prepared_commit = ? WHERE id = ? AND state = 'open'"
                    + " AND (prepared_job IS NULL OR prepared_job = ?)", jobId, commitJson(commit), writeId, jobId) != 1) {
                throw new ConflictException("write '" + writeId + "' is no longer open, or prepared for another job");
            }
            return null;
        });
    }

    /**
     * Completes a node run: in one transaction, the fenced end of the job, the commits of its prepared
     * sink writes, the watermark advance and the downstream runs. A stale worker commits nothing.
     */
    public JobRow complete(String jobId, long token, long records, String watermark, List<String> writeIds)
            throws SQLException {
        JobRow job = jobs.get(jobId);
        String nodeId = job.context().get("nodeId");
        List<Input> inputs = parseInputs(job.context().get("inputs"));
        String target = watermarkJson(inputs);
        if (watermark != null && !readTree(watermark).equals(readTree(target))) {
            throw new InvalidRequestException("watermark " + watermark + " is not this run's target " + target
                    + " (the newest delta of each source when the run was created)");
        }
        if (!writeIds.isEmpty() && job.type().equals(SUBSCRIPTION)) {
            throw new InvalidRequestException("a subscription run has no sinks to write");
        }
        if (new HashSet<>(writeIds).size() != writeIds.size()) {
            throw new InvalidRequestException("a write id is listed more than once");
        }
        Set<TableRef> sinks = new HashSet<>(parseTables(job.context().get("sinks")));
        JobRow row = jobs.complete(jobId, token, records, target, c -> {
            Set<TableRef> committed = new TreeSet<>();
            for (String writeId : writeIds) {
                String[] prepared = preparedWrite(c, writeId);
                if (!jobId.equals(prepared[0])) {
                    throw new ConflictException("write '" + writeId + "' was not prepared for job '" + jobId + "'");
                }
                Model.CommitResult r = catalog.commits().commitInTransaction(c, writeId, parseCommit(prepared[1]));
                TableRef t = new TableRef(r.namespace(), r.table());
                if (!sinks.contains(t)) {
                    throw new InvalidRequestException("write '" + writeId + "' goes to '" + t.key()
                            + "', not a sink of this run");
                }
                committed.add(t);
            }
            Optional<Node> node = findNode(c, nodeId);
            if (node.isPresent()) {
                for (Input in : inputs) {
                    update(c, "UPDATE pipeline_node_tables SET watermark = ? WHERE node_id = ? AND role = 'source'"
                            + " AND namespace = ? AND table_name = ?", in.to(), nodeId, in.table().namespace(),
                            in.table().table());
                }
            }
            for (TableRef t : committed) {
                fanOut(c, t);
            }
            if (node.isPresent()) {
                Node n = requireNode(c, nodeId);
                if (!n.paused() && n.trigger().kind().equals("event") && !n.sources().isEmpty()) {
                    enqueue(c, n, "event", true); // deltas committed while this run ran
                }
            }
            return null;
        });
        jobs.notifyChanged();
        return row;
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

    private boolean fanOut(Connection c, TableRef t) throws SQLException {
        List<String> readers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT n.id FROM pipeline_node_tables s JOIN"
                + " pipeline_nodes n ON n.id = s.node_id WHERE s.namespace = ? AND s.table_name = ? AND s.role = 'source'"
                + " AND n.trigger_kind = 'event' AND n.paused = 0 ORDER BY n.id")) {
            bind(ps, t.namespace(), t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    readers.add(rs.getString(1));
                }
            }
        }
        boolean any = false;
        for (String id : readers) {
            any |= enqueue(c, requireNode(c, id), "event", true).isPresent();
        }
        return any;
    }

    /**
     * One scheduler pass at the clock's now: every due, unpaused schedule gets a run (unless one is
     * active) and its next fire after now (so at most one missed fire is caught up); every unpaused
     * event-triggered node with unconsumed deltas and no active run gets one.
     *
     * @return the number of runs created
     */
    public int tick() throws SQLException {
        long now = jobs.nowNs();
        List<String> due = new ArrayList<>();
        List<String> eventNodes = new ArrayList<>();
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, trigger_kind FROM pipeline_nodes WHERE paused = 0"
                    + " AND ((trigger_kind = 'schedule' AND next_fire_at <= ?) OR (trigger_kind = 'event'"
                    + " AND kind <> 'publication')) ORDER BY id")) {
                bind(ps, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        (rs.getString(2).equals("schedule") ? due : eventNodes).add(rs.getString(1));
                    }
                }
            }
            return null;
        });
        int created = 0;
        for (String id : due) {
            created += db.tx(c -> {
                lockNode(c, id);
                Optional<Node> node = findNode(c, id);
                if (node.isEmpty() || node.get().paused() || node.get().nextFireAt() == null
                        || node.get().nextFireAt() > now) {
                    return 0;
                }
                Node n = node.get();
                boolean idle = activeRun(c, id).isEmpty();
                Optional<JobRow> run = enqueue(c, n, "schedule", false);
                long next = Schedules.nextFire(n.trigger().intervalSeconds(), n.trigger().cron(), n.trigger().timezone(),
                        n.nextFireAt(), now);
                update(c, "UPDATE pipeline_nodes SET next_fire_at = ? WHERE id = ?", next, id);
                return idle && run.isPresent() ? 1 : 0;
            });
        }
        for (String id : eventNodes) {
            created += db.tx(c -> {
                Optional<Node> node = findNode(c, id);
                if (node.isEmpty() || node.get().paused() || activeRun(c, id).isPresent()) {
                    return 0;
                }
                return enqueue(c, node.get(), "event", true).isPresent() ? 1 : 0;
            });
        }
        if (created > 0) {
            jobs.notifyChanged();
        }
        return created;
    }

    // ---------------------------------------------------------------- pipelines

    /** The connected component of the seeds (nodes joined by a sink of one being a source of another). */
    public Graph discover(Collection<String> seeds) throws SQLException {
        if (seeds.isEmpty()) {
            throw new InvalidRequestException("discover needs at least one seed node id");
        }
        return db.tx(c -> discover(c, seeds));
    }

    private Graph discover(Connection c, Collection<String> seeds) throws SQLException {
        Map<String, Node> all = new LinkedHashMap<>();
        allNodes(c).forEach(n -> all.put(n.id(), n));
        for (String s : seeds) {
            if (!all.containsKey(s)) {
                throw new NotFoundException("node '" + s + "' does not exist");
            }
        }
        Set<String> component = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(seeds);
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (!component.add(id)) {
                continue;
            }
            Node n = all.get(id);
            for (Node o : all.values()) {
                if (!component.contains(o.id()) && (joined(n, o) || joined(o, n))) {
                    todo.push(o.id());
                }
            }
        }
        return graph(component.stream().map(all::get).toList());
    }

    private static boolean joined(Node upstream, Node downstream) {
        return upstream.sinks().stream().anyMatch(downstream.sources()::contains);
    }

    /** Topological order (ties by id); an error naming the cycle when there is one. */
    private static Graph graph(List<Node> nodes) {
        List<String> cycle = findCycle(nodes);
        if (!cycle.isEmpty()) {
            throw new InvalidRequestException("the nodes form a cycle: " + String.join(" -> ", cycle));
        }
        Map<String, Integer> indegree = new TreeMap<>();
        nodes.forEach(n -> indegree.put(n.id(), 0));
        for (Node a : nodes) {
            for (Node b : nodes) {
                if (a != b && joined(a, b)) {
                    indegree.merge(b.id(), 1, Integer::sum);
                }
            }
        }
        Map<String, Node> byId = new HashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        TreeSet<String> ready = new TreeSet<>();
        indegree.forEach((id, d) -> {
            if (d == 0) {
                ready.add(id);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.pollFirst();
            order.add(id);
            for (Node b : nodes) {
                if (!b.id().equals(id) && joined(byId.get(id), b) && indegree.merge(b.id(), -1, Integer::sum) == 0) {
                    ready.add(b.id());
                }
            }
        }
        return new Graph(List.copyOf(new TreeSet<>(indegree.keySet())), order);
    }

    /** A cycle as node ids (first repeated at the end), or empty. */
    static List<String> findCycle(List<Node> nodes) {
        Map<String, Integer> state = new HashMap<>();
        Map<String, Node> byId = new TreeMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        for (String start : byId.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = dfs(start, byId, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> dfs(String id, Map<String, Node> byId, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return cycle;
        }
        state.put(id, 1);
        path.add(id);
        for (Node b : byId.values()) {
            if (!b.id().equals(id) && joined(byId.get(id), b)) {
                List<String> found = dfs(b.id(), byId, state, path);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
        return List.of();
    }

    /** Creates a pipeline: pinned to {@code nodeIds}, or seeded (members re-discovered from {@code seeds}). */
    public Pipeline createPipeline(String id, String name, List<String> nodeIds, List<String> seeds)
            throws SQLException {
        checkId(id, "pipeline id");
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new InvalidRequestException("the pipeline name must have 1..200 characters");
        }
        if (nodeIds.isEmpty() == seeds.isEmpty()) {
            throw new InvalidRequestException("a pipeline needs exactly one of nodeIds (pinned) and seedNodeIds (seeded)");
        }
        boolean pinned = !nodeIds.isEmpty();
        List<String> members = pinned ? nodeIds : seeds;
        if (new HashSet<>(members).size() != members.size()) {
            throw new InvalidRequestException("a node id is listed more than once");
        }
        Pipeline p = db.tx(c -> {
            if (pipelineRow(c, id).isPresent()) {
                throw new AlreadyExistsException("pipeline '" + id + "' already exists");
            }
            List<Node> nodes = new ArrayList<>();
            for (String n : members) {
                nodes.add(requireNode(c, n));
            }
            if (pinned) {
                graph(nodes); // a cycle is an error
            } else {
                discover(c, seeds);
            }
            update(c, "INSERT INTO pipelines (id, name, pinned, created_at) VALUES (?, ?, ?, ?)", id, name,
                    pinned ? 1 : 0, jobs.nowNs());
            for (String n : members) {
                update(c, "INSERT INTO pipeline_members (pipeline_id, node_id) VALUES (?, ?)", id, n);
            }
            return requirePipeline(c, id);
        });
        return p;
    }

    public Pipeline getPipeline(String id) throws SQLException {
        return db.tx(c -> requirePipeline(c, id));
    }

    public List<Pipeline> listPipelines() throws SQLException {
        return db.tx(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM pipelines ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            List<Pipeline> out = new ArrayList<>();
            for (String id : ids) {
                out.add(requirePipeline(c, id));
            }
            return out;
        });
    }

    public void deletePipeline(String id) throws SQLException {
        db.tx(c -> {
            requirePipeline(c, id);
            update(c, "DELETE FROM pipeline_members WHERE pipeline_id = ?", id);
            update(c, "DELETE FROM pipelines WHERE id = ?", id);
            return null;
        });
    }

    /** Pauses or resumes every node of a pipeline, in one transaction. */
    public Pipeline setPipelinePaused(String id, boolean paused) throws SQLException {
        Pipeline p = db.tx(c -> {
            Pipeline pipeline = requirePipeline(c, id);
            for (String n : pipeline.graph().executionOrder()) {
                setPaused(c, n, paused);
            }
            return pipeline;
        });
        jobs.notifyChanged();
        return p;
    }

    /** Each node of a pipeline (in execution order) with its last run and how far its sources are behind. */
    public List<NodeStatus> status(String id) throws SQLException {
        return db.tx(c -> {
            Pipeline p = requirePipeline(c, id);
            List<NodeStatus> out = new ArrayList<>();
            for (String nodeId : p.graph().executionOrder()) {
                Node n = requireNode(c, nodeId);
                JobRow last = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT r.job_id FROM pipeline_runs r JOIN jobs j"
                        + " ON j.id = r.job_id WHERE r.node_id = ? ORDER BY j.seq DESC LIMIT 1")) {
                    bind(ps, nodeId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            last = jobs.get(c, rs.getString(1));
                        }
                    }
                }
                List<Lag> lag = new ArrayList<>();
                for (TableRef s : n.sources()) {
                    long wm = n.watermarks().getOrDefault(s, 0L);
                    lag.add(new Lag(s, wm, latestCommit(c, s), deltasAfter(c, s, wm)));
                }
                out.add(new NodeStatus(n, last, lag));
            }
            return out;
        });
    }

    private Optional<String> pipelineRow(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pipelines WHERE id = ?")) {
            bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private Pipeline requirePipeline(Connection c, String id) throws SQLException {
        String name;
        boolean pinned;
        long createdAt;
        try (PreparedStatement ps = c.prepareStatement("SELECT name, pinned, created_at FROM pipelines WHERE id = ?")) {
            bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("pipeline '" + id + "' does not exist");
                }
                name = rs.getString(1);
                pinned = rs.getInt(2) == 1;
                createdAt = rs.getLong(3);
            }
        }
        List<String> members = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT node_id FROM pipeline_members WHERE pipeline_id = ? ORDER BY node_id")) {
            bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(rs.getString(1));
                }
            }
        }
        Graph graph;
        if (pinned) {
            List<Node> nodes = new ArrayList<>();
            for (String m : members) {
                findNode(c, m).ifPresent(nodes::add); // a deleted node leaves a pinned pipeline
            }
            graph = graph(nodes);
        } else {
            List<String> live = new ArrayList<>();
            for (String m : members) {
                if (findNode(c, m).isPresent()) {
                    live.add(m);
                }
            }
            graph = live.isEmpty() ? new Graph(List.of(), List.of()) : discover(c, live);
        }
        return new Pipeline(id, name, pinned, pinned ? List.of() : members, graph, createdAt);
    }

    // ---------------------------------------------------------------- rows and helpers

    private static void checkId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidRequestException(what + " '" + id + "' must match " + ID.pattern());
        }
    }

    private static List<TableRef> distinct(List<TableRef> tables, String what) {
        Set<TableRef> seen = new LinkedHashSet<>();
        for (TableRef t : tables) {
            Names.check("namespace", t.namespace());
            Names.check("table", t.table());
            if (!seen.add(t)) {
                throw new InvalidRequestException("table '" + t.key() + "' is listed more than once in " + what);
            }
        }
        return List.copyOf(seen);
    }

    private static List<TableRef> concat(List<TableRef> a, List<TableRef> b) {
        List<TableRef> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private void lockNode(Connection c, String id) throws SQLException {
        // the row lock orders every run creation of this node (PostgreSQL); SQLite serializes anyway
        update(c, "UPDATE pipeline_nodes SET updated_at = updated_at WHERE id = ?", id);
    }

    private Optional<JobRow> activeRun(Connection c, String nodeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT j.id FROM pipeline_runs r JOIN jobs j ON j.id = r.job_id"
                + " WHERE r.node_id = ? AND j.state IN ('pending', 'claimed', 'running') ORDER BY j.seq LIMIT 1")) {
            bind(ps, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(jobs.get(c, rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static long latestCommit(Connection c, TableRef t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(d.commit_time), 0) FROM deltas d"
                + " JOIN tables t ON t.id = d.table_id JOIN namespaces n ON n.id = t.namespace_id WHERE n.name = ?"
                + " AND n.dropped_at IS NULL AND t.name = ? AND t.dropped_at IS NULL AND d.delta_type <> 'compacted'")) {
            bind(ps, t.namespace(), t.table());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long deltasAfter(Connection c, TableRef t, long watermark) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM deltas d"
                + " JOIN tables t ON t.id = d.table_id JOIN namespaces n ON n.id = t.namespace_id WHERE n.name = ?"
                + " AND n.dropped_at IS NULL AND t.name = ? AND t.dropped_at IS NULL AND d.delta_type <> 'compacted'"
                + " AND d.commit_time > ?")) {
            bind(ps, t.namespace(), t.table(), watermark);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static TableRef writeTable(Connection c, String writeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT namespace, table_name FROM writes WHERE id = ?")) {
            bind(ps, writeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("write '" + writeId + "' does not exist");
                }
                return new TableRef(rs.getString(1), rs.getString(2));
            }
        }
    }

    private static String[] preparedWrite(Connection c, String writeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT prepared_job, prepared_commit FROM writes WHERE id = ?")) {
            bind(ps, writeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("write '" + writeId + "' does not exist");
                }
                if (rs.getString(1) == null) {
                    throw new ConflictException("write '" + writeId + "' was not prepared for a job");
                }
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        }
    }

    private Optional<Node> findNode(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + NODE_COLUMNS + " FROM pipeline_nodes WHERE id = ?")) {
            bind(ps, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(node(c, rs));
            }
        }
    }

    private Node requireNode(Connection c, String id) throws SQLException {
        return findNode(c, id).orElseThrow(() -> new NotFoundException("node '" + id + "' does not exist"));
    }

    private List<Node> allNodes(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM pipeline_nodes ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        List<Node> out = new ArrayList<>();
        for (String id : ids) {
            out.add(requireNode(c, id));
        }
        return out;
    }

    private Node node(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        List<String> tags = new ArrayList<>();
        readTree(rs.getString(7)).forEach(n -> tags.add(n.asText()));
        Long interval = nullableLong(rs, 11);
        Trigger trigger = new Trigger(rs.getString(10), interval, rs.getString(12), rs.getString(13));
        Long next = nullableLong(rs, 14);
        String kind = rs.getString(2);
        String type = rs.getString(3);
        String mode = rs.getString(4);
        String dispatch = rs.getString(5);
        Map<String, String> config = fromJson(rs.getString(6));
        int maxAttempts = rs.getInt(8);
        long leaseMs = rs.getLong(9);
        boolean paused = rs.getInt(15) == 1;
        long created = rs.getLong(16);
        long updated = rs.getLong(17);
        List<TableRef> sources = new ArrayList<>();
        List<TableRef> sinks = new ArrayList<>();
        Map<TableRef, Long> watermarks = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT role, namespace, table_name, watermark FROM"
                + " pipeline_node_tables WHERE node_id = ? ORDER BY role, position")) {
            bind(ps, id);
            try (ResultSet t = ps.executeQuery()) {
                while (t.next()) {
                    TableRef ref = new TableRef(t.getString(2), t.getString(3));
                    if (t.getString(1).equals("source")) {
                        sources.add(ref);
                        watermarks.put(ref, t.getLong(4));
                    } else {
                        sinks.add(ref);
                    }
                }
            }
        }
        return new Node(id, kind, type, mode, dispatch, config, tags, maxAttempts, leaseMs, trigger, next, paused,
                created, updated, sources, sinks, watermarks);
    }

    /** A run's watermark as stored with the job: {@code [{"namespace","table","position"}]}. */
    public String watermarkJson(List<Input> inputs) {
        ArrayNode a = json.createArrayNode();
        for (Input in : inputs) {
            a.addObject().put("namespace", in.table().namespace()).put("table", in.table().table())
                    .put("position", in.to());
        }
        return a.toString();
    }

    private String inputsJson(List<Input> inputs) {
        ArrayNode a = json.createArrayNode();
        for (Input in : inputs) {
            a.addObject().put("namespace", in.table().namespace()).put("table", in.table().table())
                    .put("from", in.from()).put("to", in.to());
        }
        return a.toString();
    }

    private List<Input> parseInputs(String s) {
        List<Input> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (JsonNode n : readTree(s)) {
            out.add(new Input(new TableRef(n.get("namespace").asText(), n.get("table").asText()),
                    n.get("from").asLong(), n.get("to").asLong()));
        }
        return out;
    }

    private List<TableRef> parseTables(String s) {
        List<TableRef> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (JsonNode n : readTree(s)) {
            out.add(new TableRef(n.get("namespace").asText(), n.get("table").asText()));
        }
        return out;
    }

    private String commitJson(Model.Commit commit) {
        ObjectNode n = json.createObjectNode();
        n.put("commitId", commit.commitId());
        ArrayNode files = n.putArray("files");
        for (Model.CommitFile f : commit.files()) {
            ObjectNode fn = files.addObject().put("path", f.path()).put("format", f.format())
                    .put("rowCount", f.rowCount()).put("sizeBytes", f.sizeBytes());
            if (f.columns() != null) {
                fn.set("columns", f.columns());
            }
            if (f.partitionValues() != null) {
                fn.set("partitionValues", f.partitionValues());
            }
        }
        return n.toString();
    }

    private Model.Commit parseCommit(String s) {
        JsonNode n = readTree(s);
        List<Model.CommitFile> files = new ArrayList<>();
        for (JsonNode f : n.get("files")) {
            files.add(new Model.CommitFile(f.get("path").asText(), f.get("format").asText(), f.get("rowCount").asLong(),
                    f.get("sizeBytes").asLong(), f.has("columns") ? (ObjectNode) f.get("columns") : null,
                    f.get("partitionValues")));
        }
        return new Model.Commit(n.get("commitId").asText(), files);
    }

    private String toJson(Map<String, String> map) {
        ObjectNode n = json.createObjectNode();
        if (map != null) {
            new TreeMap<>(map).forEach(n::put);
        }
        return n.toString();
    }

    private String toJsonArray(Collection<String> values) {
        ArrayNode n = json.createArrayNode();
        values.forEach(n::add);
        return n.toString();
    }

    private Map<String, String> fromJson(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        readTree(s).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private JsonNode readTree(String s) {
        try {
            return json.readTree(Objects.requireNonNull(s));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("malformed JSON: " + e.getOriginalMessage());
        }
    }
}
