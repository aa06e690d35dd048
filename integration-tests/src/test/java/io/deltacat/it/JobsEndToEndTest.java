package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.JobsClient;
import io.deltacat.api.Worker;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.PayloadTooLargeException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobEvent;
import io.deltacat.api.model.JobPage;
import io.deltacat.api.model.JobResult;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.Lease;
import io.deltacat.api.model.ReadPlan;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable job queue end to end: the real client and Worker against the embedded server. */
class JobsEndToEndTest {
    @TempDir
    Path dir;
    Fixture fx;
    JobsClient jobs;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        jobs = fx.client.jobs();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private List<String> eventNames(String id) {
        return jobs.events(id).stream().map(JobEvent::name).toList();
    }

    @Test
    void lifecycleFromSubmitToSuccess() {
        Job job = jobs.submit(s -> s.type("custom").context("table", "episodes").workerTags("gpu")
                .maxAttempts(2).leaseDuration(Duration.ofSeconds(30)));
        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.attempt()).isZero();
        assertThat(job.context()).containsEntry("table", "episodes");
        assertThat(jobs.get(job.id())).isEqualTo(job);

        assertThat(jobs.claim(c -> c.workerTags("cpu"))).as("a worker without tag gpu").isEmpty();
        ClaimedJob claimed = jobs.claim(c -> c.workerTags("gpu", "eu").workerId("w1")).orElseThrow();
        assertThat(claimed.id()).isEqualTo(job.id());
        assertThat(claimed.fencingToken()).isEqualTo(1);
        assertThat(claimed.job().state()).isEqualTo(JobState.CLAIMED);
        assertThat(claimed.job().attempt()).isEqualTo(1);
        assertThat(claimed.job().workerId()).contains("w1");
        assertThat(claimed.lease().deadline()).isAfter(claimed.job().createdAt());
        assertThat(jobs.claim(c -> c.workerTags("gpu"))).as("held by another").isEmpty();

        Lease lease = jobs.emitEvent(claimed, "copied", 10, 100, Map.of("file", "a.parquet"), Duration.ofMinutes(5));
        assertThat(lease.fencingToken()).isEqualTo(1);
        assertThat(lease.deadline()).isAfter(claimed.lease().deadline());
        assertThat(jobs.get(job.id()).state()).isEqualTo(JobState.RUNNING);
        jobs.heartbeat(claimed);

        Job done = jobs.complete(claimed, 100, "offset-100");
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.recordsProcessed()).isEqualTo(100);
        assertThat(done.watermark()).contains("offset-100");
        assertThat(done.finishedAt()).isPresent();
        assertThat(eventNames(job.id())).containsExactly("submitted", "claimed", "copied", "succeeded");
        JobEvent copied = jobs.events(job.id()).get(2);
        assertThat(copied.completed()).hasValue(10);
        assertThat(copied.expected()).hasValue(100);
        assertThat(copied.metadata()).containsEntry("file", "a.parquet");
        // a final job cannot be ended again, nor cancelled
        assertThatThrownBy(() -> jobs.complete(claimed, 1, null)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> jobs.cancel(job.id())).isInstanceOf(ConflictException.class);
        assertThat(jobs.get(job.id())).isEqualTo(done);
    }

    @Test
    void listFiltersAndPages() {
        for (int i = 0; i < 5; i++) {
            jobs.submit(s -> s.type("custom").workerTags("a"));
        }
        jobs.submit(s -> s.type("export").workerTags("a", "b"));
        Job cancelled = jobs.submit(s -> s.type("export"));
        assertThat(jobs.cancel(cancelled.id()).state()).isEqualTo(JobState.CANCELLED);

        assertThat(jobs.list().jobs()).hasSize(7);
        assertThat(jobs.list(l -> l.type("export")).jobs()).hasSize(2);
        assertThat(jobs.list(l -> l.tags("b")).jobs()).hasSize(1);
        assertThat(jobs.list(l -> l.states(JobState.CANCELLED)).jobs()).extracting(Job::id).containsExactly(cancelled.id());
        assertThat(jobs.list(l -> l.states(JobState.PENDING).type("custom")).jobs()).hasSize(5);

        List<String> seen = new ArrayList<>();
        JobPage page = jobs.list(l -> l.pageSize(3));
        seen.addAll(page.jobs().stream().map(Job::id).toList());
        while (page.nextPageToken().isPresent()) {
            String token = page.nextPageToken().get();
            page = jobs.list(l -> l.pageSize(3).pageToken(token));
            seen.addAll(page.jobs().stream().map(Job::id).toList());
        }
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(seen).isEqualTo(jobs.list().jobs().stream().map(Job::id).toList());
    }

    @Test
    void workerRunsHandlersAndCompletesOrRetries() throws Exception {
        // the flaky job's retry backoff runs on the server's clock: frozen, it passes only when the test
        // says so (running, a slow machine let it pass before the test looked for the pending retry)
        fx.clock.freezeAt(java.time.Instant.now());
        AtomicInteger calls = new AtomicInteger();
        List<Job> submitted = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            submitted.add(jobs.submit(s -> s.context("n", Integer.toString(n)).workerTags("w")));
        }
        Job flaky = jobs.submit(s -> s.context("flaky", "yes").workerTags("w").maxAttempts(3));
        Set<String> attemptsOfFlaky = ConcurrentHashMap.newKeySet();
        try (Worker worker = jobs.worker(w -> w.workerTags("w").threads(4).pollInterval(Duration.ofMillis(50))
                .handler(job -> {
                    calls.incrementAndGet();
                    if (job.job().context().containsKey("flaky") && attemptsOfFlaky.add("x")) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    long n = Long.parseLong(job.job().context().getOrDefault("n", "0"));
                    return JobResult.of(n, "wm-" + n);
                }))) {
            for (Job j : submitted) {
                Job done = jobs.waitFor(j.id(), Duration.ofSeconds(30));
                assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(done.watermark()).contains("wm-" + done.context().get("n"));
            }
            // the flaky job failed once and waits out its backoff (1 s on the server's clock)
            Job afterFailure = awaitState(flaky.id(), JobState.PENDING);
            assertThat(afterFailure.error()).hasValueSatisfying(e -> assertThat(e).contains("first attempt fails"));
            fx.clock.advance(Duration.ofSeconds(2));
            Job flakyDone = jobs.waitFor(flaky.id(), Duration.ofSeconds(30));
            assertThat(flakyDone.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(flakyDone.attempt()).isEqualTo(2);
            // the worker counts a completion once the server's answer is back, just after waitFor sees it
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (worker.completed() < 13 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(worker.completed()).isEqualTo(13);
            assertThat(worker.failed()).isEqualTo(1);
        }
        assertThat(calls.get()).isEqualTo(14);
    }

    private Job awaitState(String id, JobState state) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Job j = jobs.get(id);
        while (j.state() != state && System.nanoTime() < end) {
            Thread.sleep(20);
            j = jobs.get(id);
        }
        assertThat(j.state()).isEqualTo(state);
        return j;
    }

    @Test
    void workerStopsCleanlyAndHeartbeatsLongHandlers() throws Exception {
        Job job = jobs.submit(s -> s.leaseDuration(Duration.ofSeconds(2)));
        try (Worker worker = jobs.worker(w -> w.threads(2).heartbeatInterval(Duration.ofMillis(100))
                .pollInterval(Duration.ofMillis(50)).handler(j -> {
                    Thread.sleep(700);     // outlives nothing: the heartbeats keep the 2 s lease fresh
                    return JobResult.of(1);
                }))) {
            assertThat(jobs.waitFor(job.id(), Duration.ofSeconds(30)).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(worker.isRunning()).isTrue();
            worker.close();
            assertThat(worker.isRunning()).isFalse();
        }
        assertThat(eventNames(job.id())).containsExactly("submitted", "claimed", "succeeded");
    }

    @Test
    void aLapsedLeaseIsReclaimedWithANewFencingTokenAndTheStaleWorkerIsRefused() {
        Job job = jobs.submit(s -> s.leaseDuration(Duration.ofSeconds(10)).maxAttempts(3));
        ClaimedJob stale = jobs.claim(c -> c.workerId("slow")).orElseThrow();
        jobs.emitEvent(stale, "started", 0, 10, Map.of(), null);
        fx.clock.advance(Duration.ofSeconds(11));
        assertThat(fx.server.runMaintenance()).isEqualTo(1);
        Job back = jobs.get(job.id());
        assertThat(back.state()).isEqualTo(JobState.PENDING);
        assertThat(back.error()).contains("lease lost");
        assertThat(back.availableAt()).isAfter(back.createdAt());
        assertThatThrownBy(() -> jobs.heartbeat(stale)).isInstanceOf(ConflictException.class);
        assertThat(jobs.claim(c -> { })).as("still backing off").isEmpty();

        fx.clock.advance(Duration.ofSeconds(2));
        ClaimedJob fresh = jobs.claim(c -> c.workerId("fast")).orElseThrow();
        assertThat(fresh.fencingToken()).isEqualTo(2);
        assertThat(fresh.job().attempt()).isEqualTo(2);
        Job before = jobs.get(job.id());
        int events = jobs.events(job.id()).size();
        assertThatThrownBy(() -> jobs.complete(stale, 99, "stale")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("stale");
        assertThatThrownBy(() -> jobs.fail(stale, "stale", false)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> jobs.emitEvent(stale, "late", 1, 1, Map.of(), null))
                .isInstanceOf(ConflictException.class);
        assertThat(jobs.get(job.id())).as("nothing changed").isEqualTo(before);
        assertThat(jobs.events(job.id())).hasSize(events);

        Job done = jobs.complete(fresh, 10, "fresh");
        assertThat(done.watermark()).contains("fresh");
        assertThat(eventNames(job.id())).containsExactly("submitted", "claimed", "started", "lease-lost", "claimed",
                "succeeded");
    }

    @Test
    void aLapsedLeaseIsAlsoFoundByTheNextClaim() {
        Job job = jobs.submit(s -> s.leaseDuration(Duration.ofSeconds(5)));
        jobs.claim(c -> { }).orElseThrow();
        fx.clock.advance(Duration.ofSeconds(6));
        assertThat(jobs.claim(c -> { })).as("returned, but backing off").isEmpty();
        assertThat(jobs.get(job.id()).state()).isEqualTo(JobState.PENDING);
        fx.clock.advance(Duration.ofSeconds(2));
        assertThat(jobs.claim(c -> { })).hasValueSatisfying(c -> assertThat(c.fencingToken()).isEqualTo(2));
    }

    @Test
    void retriesBackOffAndExhaustionFailsVisibly() {
        Job job = jobs.submit(s -> s.maxAttempts(3));
        ClaimedJob first = jobs.claim(c -> { }).orElseThrow();
        Job afterFirst = jobs.fail(first, "boom 1", true);
        assertThat(afterFirst.state()).isEqualTo(JobState.PENDING);
        assertThat(Duration.between(afterFirst.createdAt(), afterFirst.availableAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(jobs.claim(c -> { })).isEmpty();
        fx.clock.advance(Duration.ofMillis(1100));
        ClaimedJob second = jobs.claim(c -> { }).orElseThrow();
        Job afterSecond = jobs.fail(second, "boom 2", true);
        // the backoff doubles: 2 s now
        fx.clock.advance(Duration.ofMillis(1100));
        assertThat(jobs.claim(c -> { })).isEmpty();
        fx.clock.advance(Duration.ofMillis(1000));
        ClaimedJob third = jobs.claim(c -> { }).orElseThrow();
        assertThat(third.job().attempt()).isEqualTo(3);
        assertThat(afterSecond.error()).contains("boom 2");
        Job failed = jobs.fail(third, "boom 3", true);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).contains("boom 3");
        assertThat(jobs.waitFor(job.id(), Duration.ofSeconds(1)).state()).isEqualTo(JobState.FAILED);

        Job once = jobs.submit(s -> s.maxAttempts(5));
        ClaimedJob c1 = jobs.claim(c -> { }).orElseThrow();
        assertThat(jobs.fail(c1, "bad input", false).state()).as("not retryable").isEqualTo(JobState.FAILED);
        assertThat(jobs.get(once.id()).attempt()).isEqualTo(1);
    }

    @Test
    void aLeaseLostOnTheLastAttemptFailsTheJobWithLeaseLost() {
        Job job = jobs.submit(s -> s.maxAttempts(1).leaseDuration(Duration.ofSeconds(5)));
        jobs.claim(c -> { }).orElseThrow();
        fx.clock.advance(Duration.ofSeconds(6));
        fx.server.runMaintenance();
        // the server's local job thread reclaims lapsed leases too; on PostgreSQL it may hold the
        // row (SKIP LOCKED) while maintenance runs, so observe the end as a client would
        Job failed = jobs.waitFor(job.id(), Duration.ofSeconds(10));
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).contains("lease lost");
        assertThat(eventNames(job.id())).containsExactly("submitted", "claimed", "failed");
    }

    @Test
    void concurrentClaimersEachCompleteEveryJobExactlyOnce() throws Exception {
        int n = 200;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ids.add(jobs.submit(s -> s.type("custom")).id());
        }
        Map<String, Integer> completions = new ConcurrentHashMap<>();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    while (true) {
                        Optional<ClaimedJob> c = jobs.claim(o -> { });
                        if (c.isEmpty()) {
                            return null;
                        }
                        try {
                            jobs.complete(c.get(), 1, null);
                            completions.merge(c.get().id(), 1, Integer::sum);
                        } catch (ConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(conflicts.get()).isZero();
        assertThat(completions.keySet()).isEqualTo(ids);
        assertThat(completions.values()).allMatch(v -> v == 1);
        assertThat(jobs.list(l -> l.states(JobState.SUCCEEDED).pageSize(1000)).jobs()).hasSize(n)
                .allMatch(j -> j.attempt() == 1);
    }

    @Test
    void waitForLongPollsUntilTheJobEnds() throws Exception {
        Job job = jobs.submit(s -> { });
        ClaimedJob claimed = jobs.claim(c -> { }).orElseThrow();
        long start = System.nanoTime();
        Job pending = jobs.waitFor(job.id(), Duration.ofMillis(1500));
        assertThat(pending.state()).isEqualTo(JobState.CLAIMED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

        Thread finisher = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            jobs.complete(claimed, 5, "w");
        });
        start = System.nanoTime();
        finisher.start();
        Job done = jobs.waitFor(job.id(), Duration.ofSeconds(20));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        finisher.join();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> jobs.waitFor("no-such-job", Duration.ofSeconds(1))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void badInputIsRefusedClearlyAndChangesNothing() {
        assertThatThrownBy(() -> jobs.get("no-such-job")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no-such-job");
        assertThatThrownBy(() -> jobs.cancel("no-such-job")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> jobs.events("no-such-job")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> jobs.submit(s -> s.type("Not A Type"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> jobs.submit(s -> s.type("compaction").context("namespace", "x")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("table");

        Job job = jobs.submit(s -> { });
        Job pending = jobs.get(job.id());
        ClaimedJob notHeld = new ClaimedJob(pending, new Lease(job.id(), 7, pending.createdAt()));
        assertThatThrownBy(() -> jobs.complete(notHeld, 1, null)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> jobs.heartbeat(notHeld)).isInstanceOf(ConflictException.class);
        ClaimedJob unknown = new ClaimedJob(pending, new Lease("no-such-job", 1, pending.createdAt()));
        assertThatThrownBy(() -> jobs.complete(new ClaimedJob(
                new Job("no-such-job", "custom", JobState.CLAIMED, Map.of(), List.of(), 1, 1, Duration.ofSeconds(60), 1,
                        Optional.empty(), Optional.empty(), pending.createdAt(), pending.createdAt(), Optional.empty(),
                        Optional.empty(), 0, Optional.empty(), Optional.empty()), unknown.lease()), 1, null))
                .isInstanceOf(NotFoundException.class);
        assertThat(jobs.get(job.id())).isEqualTo(pending);

        ClaimedJob claimed = jobs.claim(c -> { }).orElseThrow();
        Job held = jobs.get(job.id());
        int events = jobs.events(job.id()).size();
        assertThatThrownBy(() -> jobs.emitEvent(claimed, "x", -1, 10, Map.of(), null))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> jobs.complete(claimed, -5, null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> jobs.emitEvent(claimed, "big", 1, 1, Map.of("blob", "x".repeat(20_000)), null))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("metadata");
        assertThat(jobs.get(job.id())).as("nothing changed").isEqualTo(held);
        assertThat(jobs.events(job.id())).hasSize(events);
        assertThat(jobs.complete(claimed, 3, null).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void jobsAndEventsSurviveARestart() {
        Job job = jobs.submit(s -> s.context("k", "v").workerTags("t"));
        ClaimedJob claimed = jobs.claim(c -> c.workerTags("t")).orElseThrow();
        jobs.emitEvent(claimed, "half", 5, 10, Map.of("m", "1"), null);
        Job other = jobs.submit(s -> { });
        List<JobEvent> before = jobs.events(job.id());

        fx.restart();
        jobs = fx.client.jobs();
        Job after = jobs.get(job.id());
        assertThat(after.state()).isEqualTo(JobState.RUNNING);
        assertThat(after.context()).containsEntry("k", "v");
        assertThat(jobs.events(job.id())).isEqualTo(before);
        assertThat(jobs.get(other.id()).state()).isEqualTo(JobState.PENDING);
        // the lease and its token are durable too: the worker finishes across the restart
        assertThat(jobs.complete(claimed, 10, "done").state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(jobs.claim(c -> { })).hasValueSatisfying(c -> assertThat(c.id()).isEqualTo(other.id()));
    }

    @Test
    void compactionRewritesLiveFilesAndReadsStayTheSame() throws Exception {
        var catalog = fx.client.catalog();
        for (int i = 0; i < 4; i++) {
            try (VectorSchemaRoot cats = Cats.generated(fx.allocator, i * 100L, 100)) {
                catalog.write(cats, w -> w.table("cats"));
            }
        }
        List<List<Object>> before = Rows.of(catalog.readAll(q -> q.table("cats")));
        long beforeCompaction = catalog.getTable("default", "cats").latestCommitTime().getAsLong();
        assertThat(catalog.plan(q -> q.table("cats")).files()).hasSize(4);

        Job job = jobs.submitCompaction("default", "cats");
        assertThat(job.type()).isEqualTo("compaction");
        Job done = jobs.waitFor(job.id(), Duration.ofSeconds(60));
        assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.recordsProcessed()).isEqualTo(400);

        ReadPlan plan = catalog.plan(q -> q.table("cats"));
        assertThat(plan.files()).hasSize(1);
        assertThat(plan.files().get(0).deltaType()).isEqualTo("compacted");
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats")))).isEqualTo(before);
        assertThat(catalog.getTable("default", "cats").rowCount()).isEqualTo(400);
        assertThat(catalog.getTable("default", "cats").fileCount()).isEqualTo(1);
        // time travel to before the compaction still reads the old files
        assertThat(catalog.plan(q -> q.table("cats").asOf(beforeCompaction)).files()).hasSize(4)
                .allMatch(f -> f.deltaType().equals("append"));
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").asOf(beforeCompaction)))).isEqualTo(before);
        // appends after the compaction come after the compacted files
        try (VectorSchemaRoot more = Cats.generated(fx.allocator, 1000, 10)) {
            catalog.write(more, w -> w.table("cats"));
        }
        ReadPlan later = catalog.plan(q -> q.table("cats"));
        assertThat(later.files()).extracting(f -> f.deltaType()).containsExactly("compacted", "append");
        List<List<Object>> withMore = Rows.of(catalog.readAll(q -> q.table("cats")));
        assertThat(withMore).hasSize(410);
        assertThat(withMore.subList(0, 400)).isEqualTo(before);
        // compacting again folds both in
        assertThat(jobs.waitFor(jobs.submitCompaction("default", "cats").id(), Duration.ofSeconds(60)).state())
                .isEqualTo(JobState.SUCCEEDED);
        assertThat(catalog.plan(q -> q.table("cats")).files()).hasSize(1);
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats")))).hasSize(410);
        // compacting a missing table is refused at submit (no job that can only fail)
        int jobsBefore = jobs.list().jobs().size();
        assertThatThrownBy(() -> jobs.submitCompaction("default", "nope"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
        assertThat(jobs.list().jobs()).hasSize(jobsBefore);
    }
}
