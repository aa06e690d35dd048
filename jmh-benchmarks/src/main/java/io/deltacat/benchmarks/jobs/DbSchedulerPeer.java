package io.deltacat.benchmarks.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The peer: db-scheduler (what a Java user would pick for a durable queue on PostgreSQL), in this JVM,
 * on a fresh database of the same PostgreSQL server. End to end like ours: {@code workers} threads
 * schedule their share of one-time tasks "now" while the scheduler, with {@code workers} executor
 * threads, runs them (a trivial body); the time is from the first schedule to the last execution.
 *
 * <p>Polling: {@code lockAndFetch} is db-scheduler's fastest strategy ({@code pollUsingLockAndFetch(0.5,
 * 1.0)}: one {@code UPDATE ... FOR UPDATE SKIP LOCKED RETURNING} picks a batch); otherwise its default
 * (fetch candidates, then lock each with an UPDATE). Both poll every 100 ms instead of the default
 * 10 s (with the default a run of 2,000 tasks mostly waits; tasks scheduled while it runs are
 * picked at the next poll), and re-poll at once after a full batch.
 */
final class DbSchedulerPeer {
    private static final String TABLE = "CREATE TABLE scheduled_tasks (task_name TEXT NOT NULL, task_instance TEXT NOT"
            + " NULL, task_data BYTEA, execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL,"
            + " picked_by TEXT, last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE,"
            + " consecutive_failures INT, last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL,"
            + " priority SMALLINT, PRIMARY KEY (task_name, task_instance))";

    private DbSchedulerPeer() {
    }

    /** Runs {@code n} tasks; returns the seconds from the first schedule to the last execution. */
    static double run(String url, int workers, int n, boolean lockAndFetch) throws Exception {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setMaximumPoolSize(workers + 4);
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute(TABLE);
                s.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
                s.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
                s.execute("CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
            }
            CountDownLatch done = new CountDownLatch(n);
            OneTimeTask<Void> task = Tasks.oneTime("bench").execute((instance, context) -> done.countDown());
            SchedulerBuilder b = Scheduler.create(ds, task).threads(workers).pollingInterval(Duration.ofMillis(100));
            if (lockAndFetch) {
                b = b.pollUsingLockAndFetch(0.5, 1.0);
            }
            Scheduler scheduler = b.build();
            scheduler.start();
            try {
                ExecutorService submitters = Executors.newFixedThreadPool(workers);
                long start = System.nanoTime();
                List<Future<?>> fs = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int from = w * n / workers;
                    int to = (w + 1) * n / workers;
                    fs.add(submitters.submit(() -> {
                        for (int i = from; i < to; i++) {
                            scheduler.schedule(task.instance("t" + i), Instant.now());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(10, TimeUnit.MINUTES);
                }
                submitters.shutdown();
                if (!done.await(30, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("db-scheduler ran " + (n - done.getCount()) + " of " + n + " tasks");
                }
                return (System.nanoTime() - start) / 1e9;
            } finally {
                scheduler.stop();
            }
        }
    }
}
