package io.deltacat.benchmarks.jobs;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.JobsClient;
import io.deltacat.api.Worker;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.EndAndClaimResult;
import io.deltacat.api.model.JobCompletion;
import io.deltacat.api.model.JobResult;
import io.deltacat.api.options.SubmitJobOptions;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end throughput of the job queue (submit, claim, complete) with 16 workers, against its peer
 * db-scheduler on the same PostgreSQL in the same run, with the p50/p99 latency of a claim. A plain
 * main, not JMH: each data point is one run over a fresh server (embedded, real HTTP on loopback) and
 * a fresh database, each worker a thread with its own client, as separate worker processes would be.
 * The modes:
 * <ul>
 * <li>{@code batch}: each worker submits its share in one {@code submitAll}, then loops
 *     {@code endAndClaim} (the jobs it finished, and up to {@code batch} more);</li>
 * <li>{@code worker}: one {@code Worker} helper with 16 handler threads (its default batch path),
 *     the jobs submitted by 16 threads with {@code submitAll};</li>
 * <li>{@code single}: each worker submits its share one {@code submit} at a time, then loops
 *     {@code claim} and {@code complete} (three round trips per job);</li>
 * <li>{@code next}: like single, but {@code completeAndClaimNext} (two round trips per job);</li>
 * <li>{@code db-scheduler lock-and-fetch} and {@code db-scheduler default} ({@link DbSchedulerPeer}).</li>
 * </ul>
 * A warm-up run of every mode (500 jobs, not reported) comes first; then the rounds alternate the
 * modes, so drift of the machine spreads over all of them. Each row also reports the CPU time the run
 * cost per 1,000 jobs ({@link CpuMeter}): on a shared machine, throughput measures the share of the
 * cores the run got as much as the work it did.
 *
 * <pre>
 * jmh-benchmarks/run.sh jobs                                  # SQLite only
 * jmh-benchmarks/run.sh jobs pg [jobs] [rounds]               # a throwaway PostgreSQL cluster too
 * jmh-benchmarks/run.sh jobs jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres [jobs] [rounds]
 * </pre>
 * The PostgreSQL URL names an existing database where the benchmark may create its own databases.
 */
public final class ClaimCompleteBenchmark {
    private static final int WORKERS = 16;
    private static final int BATCH = 16;
    /** How long a worker that found nothing waits before asking again (the Worker helper's pollInterval). */
    private static final int IDLE_MS = 5;

    private ClaimCompleteBenchmark() {
    }

    record Result(double seconds, long[] claimNanos) {
    }

    private static final CpuMeter CPU = new CpuMeter(System.getProperty("bench.pgdata"));

    /** Runs one data point and reports it with the CPU time it cost (this JVM, and PostgreSQL). */
    private static void measure(String store, String mode, int round, int jobs, Mode run, String url) throws Exception {
        System.gc();
        long jvm0 = CpuMeter.jvmNanos();
        long pg0 = CPU.pgNanos();
        Result r = run.run(url, jobs);
        Thread.sleep(500); // the closed pool's backends exit, and the postmaster counts their time
        long jvm = CpuMeter.jvmNanos() - jvm0;
        long pg = CPU.pgNanos() - pg0;
        report(store, mode, round, jobs, r, jvm / 1e6 / jobs * 1000, pg / 1e6 / jobs * 1000);
    }

    interface Mode {
        Result run(String metadataUrl, int n) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String pgAdminUrl = args.length > 0 && args[0].startsWith("jdbc:") ? args[0] : null;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> names = new ArrayList<>(List.of("batch", "worker", "single", "next"));
        List<Mode> modes = new ArrayList<>(List.of(ClaimCompleteBenchmark::batch, ClaimCompleteBenchmark::worker,
                ClaimCompleteBenchmark::single, ClaimCompleteBenchmark::next));
        String only = System.getProperty("bench.modes");    // e.g. -Dbench.modes=single,batch
        if (only != null) {
            List<String> keep = List.of(only.split(","));
            for (int m = names.size() - 1; m >= 0; m--) {
                if (!keep.contains(names.get(m))) {
                    names.remove(m);
                    modes.remove(m);
                }
            }
        }
        boolean peers = only == null || only.contains("db-scheduler");
        boolean sqlite = !"false".equals(System.getProperty("bench.sqlite"));
        System.out.printf("%-11s %-28s %5s %6s %9s %12s %12s %14s %14s%n", "store", "mode", "round", "jobs", "jobs/s",
                "claim p50 ms", "claim p99 ms", "JVM cpu ms/1k", "PG cpu ms/1k");
        // warm-up, not reported: the first mode run in a JVM would pay for compiling the common paths
        for (int m = 0; m < modes.size(); m++) {
            modes.get(m).run(null, 500);
            if (pgAdminUrl != null) {
                modes.get(m).run(newDatabase(pgAdminUrl), 500);
            }
        }
        if (pgAdminUrl != null && peers) {
            DbSchedulerPeer.run(newDatabase(pgAdminUrl), WORKERS, 500, true);
            DbSchedulerPeer.run(newDatabase(pgAdminUrl), WORKERS, 500, false);
        }
        for (int round = 1; round <= rounds; round++) {
            for (int m = 0; sqlite && m < modes.size(); m++) {
                measure("sqlite", names.get(m), round, jobs, modes.get(m), null);
            }
            if (pgAdminUrl != null) {
                for (int m = 0; m < modes.size(); m++) {
                    measure("postgresql", names.get(m), round, jobs, modes.get(m), newDatabase(pgAdminUrl));
                }
                if (!peers) {
                    continue;
                }
                measure("postgresql", "db-scheduler lock-and-fetch", round, jobs, (url, n) ->
                        new Result(DbSchedulerPeer.run(url, WORKERS, n, true), new long[0]), newDatabase(pgAdminUrl));
                measure("postgresql", "db-scheduler default", round, jobs, (url, n) ->
                        new Result(DbSchedulerPeer.run(url, WORKERS, n, false), new long[0]), newDatabase(pgAdminUrl));
            }
        }
    }

    private static void report(String store, String mode, int round, int jobs, Result r, double jvmMs, double pgMs) {
        long[] l = r.claimNanos().clone();
        Arrays.sort(l);
        String p50 = l.length == 0 ? "-" : String.format("%.2f", l[(int) (l.length * 0.50)] / 1e6);
        String p99 = l.length == 0 ? "-" : String.format("%.2f", l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1e6);
        System.out.printf("%-11s %-28s %5d %6d %9.0f %12s %12s %14.0f %14.0f%n", store, mode, round, jobs,
                jobs / r.seconds(), p50, p99, jvmMs, pgMs);
    }

    /** A fresh embedded server on a temp root (and {@code metadataUrl}, when given). */
    private static DeltacatServer server(String metadataUrl) throws Exception {
        Path root = Files.createTempDirectory("deltacat-bench-jobs-");
        DeltacatServer.Builder b = DeltacatServer.builder().root(root).port(0).maxThreads(64).localJobs(false);
        if (metadataUrl != null) {
            b.metadataUrl(metadataUrl).metadataPoolSize(20);
        }
        return b.build().start();
    }

    /** What one worker thread does with its own client; {@code latencies} collects claim call times. */
    interface Loop {
        void run(JobsClient jobs, int from, int to, AtomicInteger completed, ConcurrentLinkedQueue<Long> latencies)
                throws Exception;
    }

    private static Result threads(String metadataUrl, int n, Loop loop) throws Exception {
        try (DeltacatServer server = server(metadataUrl)) {
            List<DeltacatClient> clients = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                clients.add(DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString()).build()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            try {
                AtomicInteger completed = new AtomicInteger();
                ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
                long start = System.nanoTime();
                List<Future<?>> fs = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    JobsClient jobs = clients.get(w).jobs();
                    int from = w * n / WORKERS;
                    int to = (w + 1) * n / WORKERS;
                    fs.add(pool.submit(() -> {
                        loop.run(jobs, from, to, completed, latencies);
                        return null;
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(30, TimeUnit.MINUTES);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (completed.get() != n) {
                    throw new IllegalStateException("completed " + completed.get() + " of " + n + " jobs");
                }
                return new Result(seconds, latencies.stream().mapToLong(Long::longValue).toArray());
            } finally {
                pool.shutdownNow();
                clients.forEach(DeltacatClient::close);
            }
        }
    }

    private static List<SubmitJobOptions> share(int from, int to) {
        List<SubmitJobOptions> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(SubmitJobOptions.builder().type("custom").context("n", Integer.toString(i)).build());
        }
        return out;
    }

    private static Result batch(String metadataUrl, int n) throws Exception {
        return threads(metadataUrl, n, (jobs, from, to, completed, latencies) -> {
            jobs.submitAll(share(from, to));
            List<JobCompletion> done = new ArrayList<>();
            while (completed.get() < n || !done.isEmpty()) {
                long t0 = System.nanoTime();
                EndAndClaimResult r = jobs.endAndClaim(done, List.of(), BATCH, c -> { });
                latencies.add(System.nanoTime() - t0);
                completed.addAndGet((int) r.ended().stream().filter(e -> e.ended()).count());
                done = new ArrayList<>();
                for (ClaimedJob j : r.claimed()) {
                    done.add(JobCompletion.of(j, 1));
                }
                if (done.isEmpty()) {
                    Thread.sleep(IDLE_MS);
                }
            }
        });
    }

    private static Result single(String metadataUrl, int n) throws Exception {
        return threads(metadataUrl, n, (jobs, from, to, completed, latencies) -> {
            for (int i = from; i < to; i++) {
                String k = Integer.toString(i);
                jobs.submit(s -> s.type("custom").context("n", k));
            }
            while (completed.get() < n) {
                long t0 = System.nanoTime();
                Optional<ClaimedJob> job = jobs.claim(o -> { });
                latencies.add(System.nanoTime() - t0);
                if (job.isEmpty()) {
                    Thread.sleep(IDLE_MS);
                    continue;
                }
                jobs.complete(job.get(), 1, null);
                completed.incrementAndGet();
            }
        });
    }

    private static Result next(String metadataUrl, int n) throws Exception {
        return threads(metadataUrl, n, (jobs, from, to, completed, latencies) -> {
            for (int i = from; i < to; i++) {
                String k = Integer.toString(i);
                jobs.submit(s -> s.type("custom").context("n", k));
            }
            Optional<ClaimedJob> job = Optional.empty();
            while (completed.get() < n || job.isPresent()) {
                long t0 = System.nanoTime();
                if (job.isEmpty()) {
                    job = jobs.claim(o -> { });
                } else {
                    EndAndClaimResult r = jobs.completeAndClaimNext(job.get(), 1, null, o -> { });
                    completed.addAndGet((int) r.ended().stream().filter(e -> e.ended()).count());
                    job = r.claimed().stream().findFirst();
                }
                latencies.add(System.nanoTime() - t0);
                if (job.isEmpty()) {
                    Thread.sleep(IDLE_MS);
                }
            }
        });
    }

    /** The Worker helper with 16 handler threads; no claim latency of its own to report. */
    private static Result worker(String metadataUrl, int n) throws Exception {
        try (DeltacatServer server = server(metadataUrl);
             DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString()).build())) {
            CountDownLatch done = new CountDownLatch(n);
            long start = System.nanoTime();
            ExecutorService submitters = Executors.newFixedThreadPool(WORKERS);
            try (Worker worker = client.jobs().worker(w -> w.threads(WORKERS).pollInterval(Duration.ofMillis(IDLE_MS))
                    .handler(job -> {
                        done.countDown();
                        return JobResult.of(1);
                    }))) {
                List<Future<?>> fs = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    int from = w * n / WORKERS;
                    int to = (w + 1) * n / WORKERS;
                    fs.add(submitters.submit(() -> client.jobs().submitAll(share(from, to))));
                }
                for (Future<?> f : fs) {
                    f.get(10, TimeUnit.MINUTES);
                }
                if (!done.await(30, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("ran " + (n - done.getCount()) + " of " + n + " jobs");
                }
                // the last completions are reported after their handlers returned
                while (worker.completed() < n) {
                    Thread.sleep(1);
                }
                return new Result((System.nanoTime() - start) / 1e9, new long[0]);
            } finally {
                submitters.shutdownNow();
            }
        }
    }

    private static String newDatabase(String adminUrl) throws Exception {
        String name = "deltacat_bench_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        int q = adminUrl.indexOf('?');
        String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
        String params = q < 0 ? "" : adminUrl.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + params;
    }
}
