package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.JobsClient;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobPage;
import io.deltacat.api.model.JobState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes (child JVMs of the packaged CLI) on one PostgreSQL database share one catalog
 * and one job queue: many workers on both claim every job exactly once, and a server killed with
 * SIGKILL mid-run loses no job and duplicates none.
 */
class MultiServerPostgresTest {
    private static final Path CLI = Path.of(System.getProperty("deltacat.cli.dir", "../cli/target"), "deltacat");

    @TempDir
    Path dir;
    private final List<Process> servers = new ArrayList<>();
    private final List<DeltacatClient> clients = new ArrayList<>();
    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void stop() throws Exception {
        clients.forEach(DeltacatClient::close);
        for (Process p : servers) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        allocator.close();
    }

    private String startServer(String metadataUrl) throws IOException {
        assertThat(CLI).as("the CLI is packaged before the integration tests run").isExecutable();
        Process p = new ProcessBuilder(CLI.toString(), "server", "--metadata-url", metadataUrl, "--root",
                dir.toString(), "--port", "0").redirectErrorStream(true).start();
        servers.add(p);
        return ServerProcesses.awaitUri(p);
    }

    private JobsClient connect(String uri) {
        DeltacatClient c = DeltacatClient.connect(ClientConfig.builder().uri(uri).allocator(allocator)
                .maxRetries(2).connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(30)).build());
        clients.add(c);
        return c.jobs();
    }

    private static Set<String> submit(JobsClient jobs, int n, Duration lease) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int share = n / 4 + (t < n % 4 ? 1 : 0);
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        ids.add(jobs.submit(s -> s.type("custom").leaseDuration(lease).maxAttempts(10)).id());
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(300, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).hasSize(n);
        return ids;
    }

    private static List<Job> all(JobsClient jobs) {
        List<Job> out = new ArrayList<>();
        JobPage page = jobs.list(l -> l.pageSize(1000));
        out.addAll(page.jobs());
        while (page.nextPageToken().isPresent()) {
            String token = page.nextPageToken().get();
            page = jobs.list(l -> l.pageSize(1000).pageToken(token));
            out.addAll(page.jobs());
        }
        return out;
    }

    @Test
    void eightWorkersOnTwoServersCompleteTwoThousandJobsExactlyOnce() throws Exception {
        String url = PgCluster.shared().newDatabase();
        String a = startServer(url);
        String b = startServer(url);
        JobsClient onA = connect(a);
        JobsClient onB = connect(b);
        int n = 2000;
        Set<String> ids = submit(onA, n, Duration.ofSeconds(60));

        Map<String, Integer> completions = new ConcurrentHashMap<>();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JobsClient jobs = t % 2 == 0 ? onA : onB;
                String worker = "w" + t;
                fs.add(workers.submit(() -> {
                    while (true) {
                        Optional<ClaimedJob> c = jobs.claim(o -> o.workerId(worker));
                        if (c.isEmpty()) {
                            return null;
                        }
                        try {
                            jobs.complete(c.get(), 1, worker);
                            completions.merge(c.get().id(), 1, Integer::sum);
                        } catch (ConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(600, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(conflicts.get()).as("no claim was handed to two workers").isZero();
        assertThat(completions.keySet()).as("none lost").isEqualTo(ids);
        assertThat(completions.values()).as("each exactly once").allMatch(v -> v == 1);
        List<Job> jobs = all(onB);
        assertThat(jobs).hasSize(n).allMatch(j -> j.state() == JobState.SUCCEEDED && j.attempt() == 1);
        // both servers did work
        Set<String> byWorker = new HashSet<>();
        jobs.forEach(j -> byWorker.add(String.valueOf(j.watermark().orElse(""))));
        assertThat(byWorker).contains("w0", "w1");
    }

    @Test
    void aServerKilledMidRunLosesNoJobAndDuplicatesNone() throws Exception {
        String url = PgCluster.shared().newDatabase();
        String a = startServer(url);
        String b = startServer(url);
        JobsClient onA = connect(a);
        JobsClient onB = connect(b);
        int n = 300;
        Set<String> ids = submit(onA, n, Duration.ofSeconds(2));

        Map<String, Integer> completions = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                boolean startOnB = t % 2 == 1;
                fs.add(workers.submit(() -> {
                    JobsClient jobs = startOnB ? onB : onA;
                    long idleSince = 0;
                    while (true) {
                        Optional<ClaimedJob> c;
                        try {
                            c = jobs.claim(o -> { });
                        } catch (DeltacatException e) {
                            jobs = onA;      // server B is gone: carry on with A
                            continue;
                        }
                        if (c.isEmpty()) {
                            // lapsed leases of the killed server come back after their lease + backoff
                            if (idleSince == 0) {
                                idleSince = System.nanoTime();
                            }
                            if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(8)) {
                                return null;
                            }
                            Thread.sleep(100);
                            continue;
                        }
                        idleSince = 0;
                        try {
                            jobs.complete(c.get(), 1, null);
                            completions.merge(c.get().id(), 1, Integer::sum);
                            if (done.incrementAndGet() == n / 3 && killed.compareAndSet(false, true)) {
                                servers.get(1).destroyForcibly();     // SIGKILL mid-run
                            }
                        } catch (ConflictException | NotFoundException e) {
                            // our lease was lost: another worker owns the job now
                        } catch (DeltacatException e) {
                            jobs = onA;      // the answer (or the request) died with server B
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(600, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(killed.get()).isTrue();
        assertThat(servers.get(1).waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<Job> jobs = all(onA);
        assertThat(jobs).as("none lost").hasSize(n).extracting(Job::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(jobs).as("every job ended well").allMatch(j -> j.state() == JobState.SUCCEEDED);
        assertThat(completions.values()).as("no job was completed twice").allMatch(v -> v == 1);
        for (Job j : jobs) {
            long ends = onA.events(j.id()).stream().filter(e -> e.name().equals("succeeded")).count();
            assertThat(ends).as("job %s ended once", j.id()).isEqualTo(1);
        }
    }
}
