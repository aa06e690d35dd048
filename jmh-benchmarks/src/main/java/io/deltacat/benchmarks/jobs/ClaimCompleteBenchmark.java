package io.deltacat.benchmarks.jobs;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.JobsClient;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claim -> complete throughput of the job queue with 1, 4 and 16 concurrent workers, on SQLite and
 * (when given a PostgreSQL URL) on PostgreSQL, with the p50/p99 latency of a claim. A plain main,
 * not JMH: each data point is one run over a fresh server (embedded, real HTTP on loopback), each
 * worker a thread with its own client, as separate worker processes would be.
 *
 * <pre>
 * jmh-benchmarks/run.sh jobs                                  # SQLite only
 * jmh-benchmarks/run.sh jobs jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres [jobs]
 * </pre>
 * The PostgreSQL URL names an existing database where the benchmark may create its own databases.
 */
public final class ClaimCompleteBenchmark {
    private static final int[] WORKERS = {1, 4, 16};

    private ClaimCompleteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String pgAdminUrl = args.length > 0 && args[0].startsWith("jdbc:") ? args[0] : null;
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        System.out.printf("%-10s %7s %6s %10s %12s %12s%n", "store", "workers", "jobs", "jobs/s", "claim p50 ms",
                "claim p99 ms");
        for (int w : WORKERS) {
            report("sqlite", w, jobs, run(null, w, jobs));
        }
        if (pgAdminUrl != null) {
            for (int w : WORKERS) {
                report("postgresql", w, jobs, run(newDatabase(pgAdminUrl), w, jobs));
            }
        }
    }

    record Result(double seconds, long[] claimNanos) {
    }

    private static void report(String store, int workers, int jobs, Result r) {
        long[] l = r.claimNanos().clone();
        Arrays.sort(l);
        System.out.printf("%-10s %7d %6d %10.0f %12.2f %12.2f%n", store, workers, jobs, jobs / r.seconds(),
                l[(int) (l.length * 0.50)] / 1e6, l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1e6);
    }

    private static Result run(String metadataUrl, int workers, int n) throws Exception {
        Path root = Files.createTempDirectory("deltacat-bench-jobs-");
        DeltacatServer.Builder b = DeltacatServer.builder().root(root).port(0).maxThreads(64).localJobs(false);
        if (metadataUrl != null) {
            b.metadataUrl(metadataUrl).metadataPoolSize(20);
        }
        try (DeltacatServer server = b.build().start()) {
            List<DeltacatClient> clients = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                clients.add(DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString()).build()));
            }
            try {
                JobsClient submitter = clients.get(0).jobs();
                for (int i = 0; i < n; i++) {
                    submitter.submit(s -> s.type("custom"));
                }
                long[] latencies = new long[n];
                AtomicInteger next = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(workers);
                long start = System.nanoTime();
                List<Future<?>> fs = new ArrayList<>();
                for (DeltacatClient c : clients) {
                    JobsClient jobs = c.jobs();
                    fs.add(pool.submit(() -> {
                        while (true) {
                            long t0 = System.nanoTime();
                            Optional<ClaimedJob> job = jobs.claim(o -> { });
                            long t1 = System.nanoTime();
                            if (job.isEmpty()) {
                                return null;
                            }
                            latencies[next.getAndIncrement()] = t1 - t0;
                            jobs.complete(job.get(), 1, null);
                        }
                    }));
                }
                for (Future<?> f : fs) {
                    f.get(30, TimeUnit.MINUTES);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                if (next.get() != n) {
                    throw new IllegalStateException("claimed " + next.get() + " of " + n + " jobs");
                }
                return new Result(seconds, latencies);
            } finally {
                clients.forEach(DeltacatClient::close);
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
