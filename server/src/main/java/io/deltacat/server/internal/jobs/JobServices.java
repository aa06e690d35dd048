package io.deltacat.server.internal.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.server.internal.store.Database;
import io.deltacat.server.internal.store.StoredJson;
import java.time.Clock;
import java.time.Duration;

/**
 * The durable job queue, wired once over one database and clock. States: {@code pending -> claimed
 * -> running -> succeeded | failed | cancelled}, with retries back to {@code pending}. Users of the
 * queue go through {@link #queue()}, workers holding a lease through {@link #leases()}, maintenance
 * through {@link #lapsedLeases()}.
 */
public record JobServices(JobQueue queue, JobLeases leases, LapsedLeases lapsedLeases) {

    public static JobServices create(Database db, Clock clock, ObjectMapper json, Duration retryBackoff) {
        JobRows rows = new JobRows(new StoredJson(json,
                e -> new IllegalStateException("corrupt JSON in the job tables", e)));
        JobQueue queue = new JobQueue(db, clock, rows, JobSeq.open(db));
        LapsedLeases lapsed = new LapsedLeases(db, queue, rows, retryBackoff);
        return new JobServices(queue, new JobLeases(db, queue, rows, lapsed), lapsed);
    }
}
