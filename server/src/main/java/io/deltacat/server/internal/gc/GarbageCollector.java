package io.deltacat.server.internal.gc;

import io.deltacat.server.internal.catalog.Maintenance;
import io.deltacat.server.internal.jobs.LapsedLeases;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the catalog's maintenance (expiring abandoned staged writes and old idempotency answers,
 * returning lapsed job leases to the queue) on a
 * background thread at a fixed interval, and on demand.
 */
public final class GarbageCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final Maintenance maintenance;
    private final LapsedLeases leases;
    private final ScheduledExecutorService scheduler;

    public GarbageCollector(Maintenance maintenance, LapsedLeases leases, Duration interval) {
        this.maintenance = maintenance;
        this.leases = leases;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deltacat-gc");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, interval.toMillis());
        // the first pass at start: a server that restarts more often than the interval still cleans up
        scheduler.scheduleWithFixedDelay(this::runQuietly, 0, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs one pass now; returns the number of writes expired plus lapsed job leases handled (data
     * files removed after the retention window are logged, not counted).
     */
    public int runNow() {
        try {
            int n = maintenance.collectGarbage() + leases.reclaimExpired();
            maintenance.collectSupersededFiles();
            maintenance.collectLeftovers();
            return n;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("maintenance failed: " + e.getMessage(), e);
        }
    }

    private void runQuietly() {
        try {
            runNow();
        } catch (RuntimeException e) {
            LOG.warn("periodic maintenance failed", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
