package io.deltacat.server.internal.pipelines;

import static io.deltacat.server.internal.pipelines.PipelineModel.PUBLICATION;
import static io.deltacat.server.internal.pipelines.PipelineModel.SUBSCRIPTION;
import static io.deltacat.server.internal.pipelines.PipelineModel.TRANSFORM;
import static io.deltacat.server.internal.store.Sql.bind;
import static io.deltacat.server.internal.store.Sql.update;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.catalog.Model;
import io.deltacat.server.internal.jobs.JobLeases;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.pipelines.PipelineModel.Input;
import io.deltacat.server.internal.pipelines.PipelineModel.Node;
import io.deltacat.server.internal.pipelines.PipelineModel.TableRef;
import io.deltacat.server.internal.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The end of a node run, and the sink writes prepared for it. Completing a run moves each source's watermark to its {@code to}, commits
 * the run's prepared sink writes and creates the runs of event-triggered downstream nodes, all in the
 * transaction that ends the job (after the fenced UPDATE: a stale worker commits nothing). A failed
 * run (failed through the job queue) leaves the watermarks alone.
 */
public final class RunCompletion {
    private final Database db;
    private final Catalog catalog;
    private final JobQueue jobs;
    private final JobLeases leases;
    private final NodeStore store;
    private final Runs runs;
    private final RunJson json;

    RunCompletion(Database db, Catalog catalog, JobQueue jobs, JobLeases leases, NodeStore store, Runs runs,
                  RunJson json) {
        this.db = db;
        this.catalog = catalog;
        this.jobs = jobs;
        this.leases = leases;
        this.store = store;
        this.runs = runs;
        this.json = json;
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
        Set<TableRef> sinks = new HashSet<>(json.parseTables(job.context().get("sinks")));
        db.tx(c -> {
            TableRef target = writeTable(c, writeId);
            if (!sinks.contains(target)) {
                throw new InvalidRequestException("write '" + writeId + "' goes to '" + target.key()
                        + "', which is not a sink of node '" + job.context().get("nodeId") + "'");
            }
            if (update(c, "UPDATE writes SET prepared_job = ?, prepared_commit = ? WHERE id = ? AND state = 'open'"
                    + " AND (prepared_job IS NULL OR prepared_job = ?)", jobId, json.commit(commit), writeId, jobId) != 1) {
                throw new ConflictException("write '" + writeId + "' is no longer open, or prepared for another job");
            }
            return null;
        });
    }

    /**
     * Completes a node run: in one transaction, the fenced end of the job, the commits of its prepared
     * sink writes, the watermark advance and the downstream runs. A stale worker commits nothing; a
     * resend with the same {@code key} (the request's Idempotency-Key) answers the run as it ended.
     */
    public JobRow complete(String jobId, long token, long records, JsonNode watermark, List<String> writeIds,
                           String key) throws SQLException {
        JobRow job = jobs.get(jobId);
        String nodeId = job.context().get("nodeId");
        List<Input> inputs = json.parseInputs(job.context().get("inputs"));
        JsonNode target = json.tree(json.watermark(inputs));
        JsonNode given = watermark;
        if (given != null && given.isTextual()) {
            given = json.tree(given.textValue()); // clients before JSON watermarks sent the array as its text
        }
        if (given != null && !given.isNull() && !given.equals(target)) {
            throw new InvalidRequestException("watermark " + given + " is not this run's target " + target
                    + " (the newest delta of each source when the run was created)");
        }
        if (!writeIds.isEmpty() && job.type().equals(SUBSCRIPTION)) {
            throw new InvalidRequestException("a subscription run has no sinks to write");
        }
        if (new HashSet<>(writeIds).size() != writeIds.size()) {
            throw new InvalidRequestException("a write id is listed more than once");
        }
        Set<TableRef> sinks = new HashSet<>(json.parseTables(job.context().get("sinks")));
        Set<TableRef> committed = new TreeSet<>();
        JobRow row = leases.complete(jobId, token, records, target, key, c -> {
            committed.clear(); // a re-run of the transaction starts over
            for (String writeId : writeIds) {
                String[] prepared = preparedWrite(c, writeId);
                if (!jobId.equals(prepared[0])) {
                    throw new ConflictException("write '" + writeId + "' was not prepared for job '" + jobId + "'");
                }
                Model.CommitResult r = catalog.commits().commitInTransaction(c, writeId, json.parseCommit(prepared[1]));
                TableRef t = new TableRef(r.namespace(), r.table());
                if (!sinks.contains(t)) {
                    throw new InvalidRequestException("write '" + writeId + "' goes to '" + t.key()
                            + "', not a sink of this run");
                }
                committed.add(t);
            }
            Optional<Node> node = store.find(c, nodeId);
            if (node.isPresent()) {
                for (Input in : inputs) {
                    store.setWatermark(c, nodeId, in.table(), in.to());
                }
            }
            for (TableRef t : committed) {
                runs.fanOut(c, t);
            }
            if (node.isPresent()) {
                Node n = store.require(c, nodeId);
                if (!n.paused() && n.trigger().kind().equals("event") && !n.sources().isEmpty()) {
                    runs.enqueue(c, n, "event", true); // deltas committed while this run ran
                }
            }
            return null;
        });
        jobs.notifyChanged();
        for (TableRef t : committed) {
            // pipelines' own listener finds the runs fanOut created; background compaction checks the table
            catalog.listeners().notifyCommit(t.namespace(), t.table());
        }
        return row;
    }

    /**
     * The open writes prepared for a run, oldest first: what a remote run (one the server dispatched,
     * e.g. to Ray) staged and prepared, committed by the server when the remote run succeeds.
     */
    public List<String> preparedWrites(String jobId) throws SQLException {
        return db.tx(c -> {
            List<String> ids = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM writes WHERE prepared_job = ?"
                    + " AND state = 'open' ORDER BY id")) {
                bind(ps, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
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
}
