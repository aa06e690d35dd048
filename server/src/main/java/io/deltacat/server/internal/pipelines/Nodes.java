package io.deltacat.server.internal.pipelines;

import static io.deltacat.server.internal.pipelines.PipelineModel.KINDS;
import static io.deltacat.server.internal.pipelines.PipelineModel.SUBSCRIPTION;
import static io.deltacat.server.internal.pipelines.PipelineModel.TRANSFORM;

import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.server.dispatch.RunDispatcher;
import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.catalog.Names;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.pipelines.PipelineModel.CreateNode;
import io.deltacat.server.internal.pipelines.PipelineModel.Node;
import io.deltacat.server.internal.pipelines.PipelineModel.TableRef;
import io.deltacat.server.internal.pipelines.PipelineModel.Trigger;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Node definitions and what an operator does to a node: create (validated, and never closing a cycle),
 * read, delete, pause and resume, trigger a run by hand, move its watermarks back. Each source of a
 * node keeps a watermark, the commit time of the last source delta it consumed.
 */
public final class Nodes {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,119}");

    private final Database db;
    private final Catalog catalog;
    private final JobQueue jobs;
    private final NodeStore store;
    private final Runs runs;
    private final Map<String, RunDispatcher> dispatchers;

    Nodes(Database db, Catalog catalog, JobQueue jobs, NodeStore store, Runs runs,
          Map<String, RunDispatcher> dispatchers) {
        this.dispatchers = Map.copyOf(dispatchers);
        this.db = db;
        this.catalog = catalog;
        this.jobs = jobs;
        this.store = store;
        this.runs = runs;
    }

    /** The server's dispatcher of a remote dispatch mode (e.g. {@code ray}); empty when not configured. */
    public java.util.Optional<RunDispatcher> dispatcher(String mode) {
        return java.util.Optional.ofNullable(dispatchers.get(mode));
    }

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
                RunDispatcher dispatcher = dispatchers.get(req.dispatchMode());
                if (dispatcher == null) {
                    throw new UnsupportedFeatureException("dispatch mode 'ray' is not available on this server; use"
                            + " 'local' or 'custom'");
                }
                if (!req.workerTags().isEmpty()) {
                    throw new InvalidRequestException("dispatch mode '" + req.dispatchMode() + "' takes no worker"
                            + " tags (the server dispatches its runs)");
                }
                try {
                    dispatcher.validate(req.dispatchConfig());
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException("invalid dispatchConfig for mode '" + req.dispatchMode()
                            + "': " + e.getMessage());
                }
                break;
            default:
                throw new InvalidRequestException("unknown dispatch mode '" + req.dispatchMode()
                        + "'; known: local, custom, ray");
        }
        checkName(req.name());
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
            if (store.find(c, req.id()).isPresent()) {
                throw new AlreadyExistsException("node '" + req.id() + "' already exists");
            }
            // a new node must not close a cycle of the graph
            List<Node> all = new ArrayList<>(store.all(c));
            Node candidate = new Node(req.id(), req.name(), req.kind(), req.type(), req.mode(), req.dispatchMode(),
                    req.dispatchConfig(), tags, req.maxAttempts(), req.leaseMs(), trigger, null, false, 0, 0,
                    sources, sinks, Map.of());
            all.add(candidate);
            List<String> cycle = PipelineGraph.findCycle(all);
            if (!cycle.isEmpty()) {
                throw new InvalidRequestException("node '" + req.id() + "' would close the cycle "
                        + String.join(" -> ", cycle));
            }
            long now = jobs.nowNs();
            Long next = trigger.kind().equals("schedule")
                    ? Schedules.nextFire(trigger.intervalSeconds(), trigger.cron(), trigger.timezone(), now, now) : null;
            store.insert(c, candidate, next, now);
            return store.require(c, req.id());
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
        return db.tx(c -> store.require(c, id));
    }

    public List<Node> list(String kind) throws SQLException {
        if (kind != null && !KINDS.contains(kind)) {
            throw new InvalidRequestException("unknown node kind '" + kind + "'");
        }
        return db.tx(c -> store.all(c).stream().filter(n -> kind == null || n.kind().equals(kind)).toList());
    }

    /** Deletes a node: its pending run is cancelled; refused while a run is claimed or running. */
    public void delete(String id) throws SQLException {
        db.tx(c -> {
            store.require(c, id);
            store.lock(c, id);
            Optional<JobRow> active = store.activeRun(c, id);
            if (active.isPresent()) {
                if (!active.get().state().equals("pending")) {
                    throw new ConflictException("node '" + id + "' has run '" + active.get().id() + "' in state "
                            + active.get().state() + "; delete it after the run ends");
                }
                jobs.cancelPending(c, active.get().id());
            }
            store.delete(c, id);
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

    Node setPaused(Connection c, String id, boolean paused) throws SQLException {
        Node node = store.require(c, id);
        long now = jobs.nowNs();
        Long next = node.nextFireAt();
        if (!paused && node.paused() && node.trigger().kind().equals("schedule")) {
            next = Schedules.nextFire(node.trigger().intervalSeconds(), node.trigger().cron(),
                    node.trigger().timezone(), now, now);
        }
        store.setPaused(c, id, paused, next, now);
        if (!paused && node.paused() && node.trigger().kind().equals("event")) {
            runs.enqueue(c, store.require(c, id), "event", true);
        }
        return store.require(c, id);
    }

    /**
     * Creates a run now (manual trigger, or a publication's {@code run}); the active run when there is
     * one already.
     */
    public JobRow trigger(String id) throws SQLException {
        JobRow row = db.tx(c -> {
            Node node = store.require(c, id);
            if (node.paused()) {
                throw new ConflictException("node '" + id + "' is paused; resume it first");
            }
            return runs.enqueue(c, node, "manual", false).orElseThrow();
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
            Node node = store.require(c, id);
            store.lock(c, id);
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
            Optional<JobRow> active = store.activeRun(c, id);
            if (active.isPresent()) {
                if (!active.get().state().equals("pending")) {
                    throw new ConflictException("node '" + id + "' has run '" + active.get().id() + "' in state "
                            + active.get().state() + "; " + reason + " after it ends");
                }
                jobs.cancelPending(c, active.get().id());
            }
            for (Map.Entry<TableRef, Long> e : positions.entrySet()) {
                store.setWatermark(c, id, e.getKey(), e.getValue());
            }
            Node updated = store.require(c, id);
            return updated.paused() ? Optional.<JobRow>empty() : runs.enqueue(c, updated, reason, false);
        });
        jobs.notifyChanged();
        return run;
    }

    static void checkId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidRequestException(what + " '" + id + "' must match " + ID.pattern());
        }
    }

    /** The longest display name, in characters (the client's {@code NodeOptions.MAX_NAME_LENGTH}). */
    static final int MAX_NAME_LENGTH = 200;

    /**
     * A display name is free text (any language, spaces, punctuation) but one line that shows as it
     * is: not blank, no control characters, at most {@link #MAX_NAME_LENGTH} characters. Null: none.
     */
    static void checkName(String name) {
        if (name == null) {
            return;
        }
        if (name.isBlank()) {
            throw new InvalidRequestException("the node name must not be blank (omit it for none)");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new InvalidRequestException("the node name must have at most " + MAX_NAME_LENGTH
                    + " characters, got " + name.codePointCount(0, name.length()));
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("the node name must not contain control characters");
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
}
