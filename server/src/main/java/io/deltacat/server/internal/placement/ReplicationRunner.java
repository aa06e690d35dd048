package io.deltacat.server.internal.placement;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ConflictException;
import io.deltacat.server.internal.catalog.PlacementView;
import io.deltacat.server.internal.catalog.PlacementView.DeltaFiles;
import io.deltacat.server.internal.catalog.PlacementView.HomeFile;
import io.deltacat.server.internal.jobs.JobLeases;
import io.deltacat.server.internal.jobs.JobModel;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.jobs.LocalWorkLoop;
import io.deltacat.server.internal.storage.Roots;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the server's replication jobs: claims jobs of type {@code replication} through the durable
 * queue (leases, fencing, retries with backoff apply), and for one placement copies what it lacks:
 * first, while backfilling, every live file; then the files of each delta committed after its
 * watermark, oldest first, moving the watermark past a delta only once every file of it is verified
 * at the placed root. Each verified copy is recorded at once, so a run killed half way resumes
 * without copying a verified file again. A failure (an unreachable root, a copy that failed
 * verification) is recorded on the placement as its last error and fails the attempt, which the
 * queue retries; a placement whose job gave up reports {@code failed} until a later run progresses.
 * A periodic check queues jobs for placements that are behind with none queued, and deletes the
 * copies of placements unplaced longer ago than the retention window.
 */
public final class ReplicationRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicationRunner.class);
    private static final int DELTAS_PER_READ = 64;

    private final Database db;
    private final JobQueue queue;
    private final JobLeases leases;
    private final PlacementView catalog;
    private final Placements placements;
    private final Replicator replicator;
    private final ExecutorService copiers;
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService ticker;
    private volatile boolean stopped;

    /**
     * @param runners    jobs run at once (each one placement)
     * @param copyThreads files copied at once per job (the copy pool has runners x copyThreads threads)
     * @param tick       how often placements behind without a job are looked for
     */
    public ReplicationRunner(Database db, JobQueue queue, JobLeases leases, PlacementView catalog, Placements placements,
                             int runners, int copyThreads, Duration tick) {
        this.db = db;
        this.queue = queue;
        this.leases = leases;
        this.catalog = catalog;
        this.placements = placements;
        this.replicator = new Replicator(db, catalog);
        this.copiers = Executors.newFixedThreadPool(Math.max(1, copyThreads) * Math.max(1, runners), r -> {
            Thread t = new Thread(r, "deltacat-replication-copy");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < Math.max(1, runners); i++) {
            Thread t = new Thread(this::loop, "deltacat-replication-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deltacat-replication-check");
            t.setDaemon(true);
            return t;
        });
        threads.forEach(Thread::start);
        long ms = Math.max(10, tick.toMillis());
        ticker.scheduleWithFixedDelay(this::check, 0, ms, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            placements.ensureJobs();
            placements.collectUnplaced();
        } catch (Throwable t) {
            if (!stopped) {
                LOG.warn("replication check failed: {}", t.getMessage());
            }
        }
    }

    private void loop() {
        LocalWorkLoop.run(queue, () -> stopped, this::runOne, LOG, "replication runner");
    }

    /** Claims and runs one replication job; false when none was claimable. */
    public boolean runOne() throws Exception {
        Optional<JobRow> claimed = leases.claim(JobModel.DISPATCH_LOCAL, List.of(), List.of(JobModel.REPLICATION),
                "server-replication");
        if (claimed.isEmpty()) {
            return false;
        }
        JobRow job = claimed.get();
        long tableId = Long.parseLong(job.context().get("tableId"));
        String root = job.context().get("root");
        try {
            run(job, tableId, root);
        } catch (ConflictException e) {
            LOG.info("replication job {} stopped: {}", job.id(), e.getMessage());
        } catch (Throwable t) {
            String error = t.getClass().getSimpleName() + ": " + t.getMessage();
            boolean gaveUp;
            try {
                gaveUp = leases.fail(job.id(), job.fencingToken(), error, true).state().equals("failed");
            } catch (RuntimeException | SQLException e) {
                gaveUp = false;
            }
            long now = catalog.nowNs();
            boolean failed = gaveUp;
            db.tx(c -> Sql.update(c, "UPDATE placements SET last_error = ?, failed_at = ? WHERE table_id = ? AND root = ?",
                    error.length() > 4000 ? error.substring(0, 4000) : error, failed ? now : null, tableId, root));
            LOG.warn("replication of table {} to root '{}' (job {}, attempt {} of {}) failed{}: {}", tableId, root,
                    job.id(), job.attempt(), job.maxAttempts(), gaveUp ? ", gave up" : ", will retry", error);
        }
        return true;
    }

    private record Placement(String state, boolean backfillDone, long watermark) {
    }

    private Optional<Placement> placement(long tableId, String root) throws SQLException {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, backfill_done, watermark FROM placements"
                    + " WHERE table_id = ? AND root = ?")) {
                ps.setLong(1, tableId);
                ps.setString(2, root);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Placement(rs.getString(1), rs.getInt(2) == 1, rs.getLong(3)))
                            : Optional.<Placement>empty();
                }
            }
        });
    }

    private void run(JobRow job, long tableId, String rootName) throws Exception {
        Optional<Placement> p = placement(tableId, rootName);
        boolean live = db.tx(c -> catalog.liveTable(c, tableId).isPresent());
        if (p.isEmpty() || !p.get().state().equals("active") || !live) {
            // unplaced, or the table dropped: nothing to copy
            leases.complete(job.id(), job.fencingToken(), 0, null);
            return;
        }
        Roots.Root target = catalog.roots().all().stream().filter(r -> r.name().equals(rootName)).findFirst()
                .orElse(null);
        if (target == null) {
            leases.fail(job.id(), job.fencingToken(), "data root '" + rootName + "' is no longer configured", false);
            db.tx(c -> Sql.update(c, "UPDATE placements SET last_error = ?, failed_at = ? WHERE table_id = ? AND root = ?",
                    "data root '" + rootName + "' is no longer configured on this server", catalog.nowNs(), tableId,
                    rootName));
            return;
        }
        long[] copied = {0};
        long lastBeat = System.nanoTime();
        long watermark = p.get().watermark();
        if (!p.get().backfillDone()) {
            Object[] snap = db.tx(c -> new Object[] {catalog.latestCommit(c, tableId), catalog.liveFiles(c, tableId)});
            @SuppressWarnings("unchecked")
            List<HomeFile> files = (List<HomeFile>) snap[1];
            copied[0] += copyAll(job, tableId, target, files);
            long through = (Long) snap[0];
            db.tx(c -> Sql.update(c, "UPDATE placements SET backfill_done = 1, watermark = " + db.dialect().greatest()
                    + "(watermark, ?), replicated_at = ?, last_error = NULL, failed_at = NULL WHERE table_id = ?"
                    + " AND root = ? AND state = 'active'", through, catalog.nowNs(), tableId, rootName));
            watermark = Math.max(watermark, through);
            LOG.info("backfilled table {} to root '{}': {} live files through commit {}", tableId, rootName,
                    files.size(), through);
        }
        while (!stopped) {
            long after = watermark;
            List<DeltaFiles> deltas = db.tx(c -> catalog.deltasAfter(c, tableId, after, DELTAS_PER_READ));
            if (deltas.isEmpty()) {
                break;
            }
            for (DeltaFiles d : deltas) {
                // deltas whose files are all there already take no copy (and no beat): keep the lease
                lastBeat = beat(job, copied[0], deltas.size(), lastBeat, false);
                if (!placement(tableId, rootName).map(x -> x.state().equals("active")).orElse(false)) {
                    leases.complete(job.id(), job.fencingToken(), copied[0], null);
                    return;
                }
                copied[0] += copyAll(job, tableId, target, d.files());
                // every file of the delta is verified there: the watermark may pass it
                db.tx(c -> Sql.update(c, "UPDATE placements SET watermark = " + db.dialect().greatest()
                        + "(watermark, ?), replicated_at = ?, last_error = NULL, failed_at = NULL WHERE table_id = ?"
                        + " AND root = ?", d.commitTime(), catalog.nowNs(), tableId, rootName));
                watermark = Math.max(watermark, d.commitTime());
            }
        }
        ObjectNode wm = JsonNodeFactory.instance.objectNode().put("commitTime", watermark);
        long done = watermark;
        leases.complete(job.id(), job.fencingToken(), copied[0], wm, null, c -> {
            // a commit that landed after the last read above is picked up by a job of its own
            if (Sql.count(c, "SELECT COUNT(*) FROM deltas WHERE table_id = ? AND commit_time > ?", tableId, done) > 0) {
                catalog.liveTable(c, tableId).ifPresent(t -> {
                    try {
                        placements.ensureJob(c, tableId, rootName, t.namespace(), t.name());
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
            return null;
        });
        queue.notifyChanged();
    }

    /**
     * Copies the files the placement lacks, {@code copyThreads} at a time, keeping the job's lease with
     * a progress event about every second. Every copy that verified is recorded even when another
     * fails; then the first failure is thrown. Returns the number of files copied or verified.
     */
    private long copyAll(JobRow job, long tableId, Roots.Root target, List<HomeFile> files) throws Exception {
        Set<String> have = db.tx(c -> Replicator.replicated(c, tableId, target.name()));
        List<HomeFile> todo = files.stream().filter(f -> !have.contains(f.uri())).toList();
        if (todo.isEmpty()) {
            return 0;
        }
        List<Future<Replicator.Copied>> futures = new ArrayList<>();
        for (HomeFile f : todo) {
            futures.add(copiers.submit(() -> replicator.replicate(tableId, target, f)));
        }
        Exception first = null;
        long done = 0;
        long lastBeat = System.nanoTime();
        for (int i = 0; i < futures.size(); i++) {
            Future<Replicator.Copied> fut = futures.get(i);
            while (true) {
                try {
                    fut.get(1, TimeUnit.SECONDS);
                    done++;
                    break;
                } catch (TimeoutException e) {
                    // a long copy: keep the lease
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
                    }
                    break;
                }
                if (stopped) {
                    futures.forEach(x -> x.cancel(true));
                    throw new InterruptedException("server stopping");
                }
                lastBeat = beat(job, done, todo.size(), lastBeat, true);
            }
            lastBeat = beat(job, done, todo.size(), lastBeat, false);
        }
        if (first != null) {
            throw first;
        }
        return done;
    }

    private long beat(JobRow job, long done, long total, long lastBeat, boolean force) throws SQLException {
        long now = System.nanoTime();
        if (!force && now - lastBeat < TimeUnit.SECONDS.toNanos(1)) {
            return lastBeat;
        }
        leases.event(job.id(), job.fencingToken(), "progress", done, total, Map.of("root", job.context().get("root")),
                null);
        return now;
    }

    @Override
    public void close() {
        stopped = true;
        ticker.shutdownNow();
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        copiers.shutdownNow();
    }
}
