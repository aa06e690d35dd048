package io.deltacat.server.internal.autocompaction;

import io.deltacat.server.internal.catalog.Catalog;
import io.deltacat.server.internal.jobs.JobModel;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.StoredJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background compaction of tables whose {@code read_optimization_level} is {@code moderate}: told of
 * each commit (a {@link io.deltacat.server.internal.catalog.CommitListeners commit listener}), it
 * checks the table on its own thread, so writers never wait for it, and queues a {@code compaction}
 * job (run by the server's local job runner) when the table or one of its partitions crosses a
 * threshold of its {@link io.deltacat.server.internal.catalog.CompactionPolicy}.
 *
 * <p>At most one compaction job of a table is pending or running at a time, across every server
 * sharing the metadata database: the decision and the insert are one transaction holding the table's
 * row lock, and any compaction job of the table not yet ended (also one submitted by a user) counts.
 * Commits to a table whose compaction is under way are coalesced: the table is checked again about
 * once a second until that job ends, so a backlog that built up meanwhile gets its own job.
 */
public final class AutoCompaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoCompaction.class);
    /** How often tables whose compaction is under way are checked again. */
    static final long RECHECK_MS = 1000;

    private final Database db;
    private final Catalog catalog;
    private final JobQueue queue;
    private final Set<List<String>> dirty = new LinkedHashSet<>();
    private final Set<List<String>> watched = new LinkedHashSet<>();
    private final Thread thread;
    private volatile boolean stopped;

    /** Starts the checking thread; register {@link #committed} as a commit listener. */
    public AutoCompaction(Database db, Catalog catalog, JobQueue queue) {
        this.db = db;
        this.catalog = catalog;
        this.queue = queue;
        this.thread = new Thread(this::loop, "deltacat-auto-compaction");
        thread.setDaemon(true);
        thread.start();
    }

    /** A commit to {@code namespace.table} landed: the table is checked soon (never on the caller's thread). */
    public void committed(String namespace, String table) {
        List<String> t = List.of(namespace, table);
        synchronized (dirty) {
            if (watched.contains(t)) {
                return; // its compaction is under way; the periodic re-check covers this commit
            }
            dirty.add(t);
            dirty.notifyAll();
        }
    }

    private void loop() {
        long nextRecheck = System.nanoTime() + RECHECK_MS * 1_000_000;
        while (!stopped) {
            List<List<String>> batch;
            try {
                synchronized (dirty) {
                    long waitMs = (nextRecheck - System.nanoTime()) / 1_000_000;
                    if (dirty.isEmpty() && waitMs > 0) {
                        dirty.wait(waitMs);
                    }
                    batch = new ArrayList<>(dirty);
                    dirty.clear();
                    if (System.nanoTime() >= nextRecheck) {
                        batch.addAll(watched);
                        watched.clear();
                        nextRecheck = System.nanoTime() + RECHECK_MS * 1_000_000;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            for (List<String> t : new LinkedHashSet<>(batch)) {
                if (stopped) {
                    return;
                }
                try {
                    if (check(t.get(0), t.get(1)) == Outcome.UNDER_WAY) {
                        synchronized (dirty) {
                            watched.add(t);
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    // the next commit to the table checks it again
                    LOG.warn("background compaction check of {}.{} failed: {}", t.get(0), t.get(1), e.getMessage());
                }
            }
        }
    }

    /** What a check did. */
    public enum Outcome {
        /** No threshold crossed (or the table is not {@code moderate}, or is gone). */
        NOT_NEEDED,
        /** A compaction job of the table is pending or running already. */
        UNDER_WAY,
        /** A compaction job was queued. */
        QUEUED
    }

    /**
     * Checks {@code namespace.table} now and queues its compaction when a threshold is crossed and no
     * compaction of it is pending or running.
     */
    public Outcome check(String namespace, String table) throws SQLException {
        String reason = catalog.compactions().crossedThreshold(namespace, table);
        if (reason == null) {
            return Outcome.NOT_NEEDED;
        }
        Optional<JobRow> queued = db.tx(c -> {
            if (!catalog.compactions().lockTable(c, namespace, table)) {
                return Optional.<JobRow>empty();
            }
            if (activeCompaction(c, namespace, table)) {
                return null;
            }
            Map<String, String> context = new LinkedHashMap<>();
            context.put("namespace", namespace);
            context.put("table", table);
            context.put("reason", "read_optimization_level=moderate: " + reason);
            return Optional.of(queue.insert(c, new JobModel.Submit(JobModel.COMPACTION, context, List.of(), 3, 60_000)));
        });
        if (queued == null) {
            return Outcome.UNDER_WAY;
        }
        if (queued.isEmpty()) {
            return Outcome.NOT_NEEDED;
        }
        queue.notifyChanged();
        LOG.info("queued compaction job {} of {}.{}: {}", queued.get().id(), namespace, table, reason);
        return Outcome.QUEUED;
    }

    /** Whether a compaction job of the table (queued by anyone) is pending, claimed or running. */
    private static boolean activeCompaction(Connection c, String namespace, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT context FROM jobs WHERE state IN ('pending', 'claimed',"
                + " 'running') AND job_type = ?")) {
            ps.setString(1, JobModel.COMPACTION);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> context = StoredJson.readMap(rs.getString(1));
                    if (namespace.equals(context.get("namespace")) && table.equals(context.get("table"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
