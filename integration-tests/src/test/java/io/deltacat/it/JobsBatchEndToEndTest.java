package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.JobsClient;
import io.deltacat.api.Worker;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.EndAndClaimResult;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobCompletion;
import io.deltacat.api.model.JobEndResult;
import io.deltacat.api.model.JobEvent;
import io.deltacat.api.model.JobFailure;
import io.deltacat.api.model.JobResult;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.Lease;
import io.deltacat.api.options.SubmitJobOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job queue's batch paths end to end: many jobs per call, over real HTTP, on both stores. */
class JobsBatchEndToEndTest {
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

    private static List<SubmitJobOptions> many(int n, String tag) {
        List<SubmitJobOptions> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SubmitJobOptions.builder().context("n", Integer.toString(i)).workerTags(tag).build());
        }
        return out;
    }

    @Test
    void submitAllClaimManyAndEndThemWithTheNextClaimInOneCall() {
        List<Job> submitted = jobs.submitAll(many(5, "gpu"));
        assertThat(submitted).hasSize(5).allMatch(j -> j.state() == JobState.PENDING);
        assertThat(submitted).extracting(j -> j.context().get("n")).containsExactly("0", "1", "2", "3", "4");
        assertThat(new HashSet<>(submitted.stream().map(Job::id).toList())).hasSize(5);
        for (Job j : submitted) {
            assertThat(jobs.get(j.id())).isEqualTo(j);
            assertThat(eventNames(j.id())).containsExactly("submitted");
        }
        assertThat(jobs.claim(3, c -> c.workerTags("cpu"))).as("tags must match").isEmpty();
        List<ClaimedJob> first = jobs.claim(3, c -> c.workerTags("gpu").workerId("w1"));
        assertThat(first).extracting(ClaimedJob::id).as("oldest first")
                .containsExactly(submitted.get(0).id(), submitted.get(1).id(), submitted.get(2).id());
        assertThat(first).allMatch(c -> c.fencingToken() == 1 && c.job().state() == JobState.CLAIMED
                && c.job().workerId().orElse("").equals("w1"));

        EndAndClaimResult r = jobs.endAndClaim(
                List.of(JobCompletion.of(first.get(0), 10, Map.of("at", 10)), JobCompletion.of(first.get(1), 11)),
                List.of(JobFailure.of(first.get(2), "bad input", false)), 5, c -> c.workerTags("gpu"));
        assertThat(r.ended()).extracting(JobEndResult::jobId).containsExactly(first.get(0).id(), first.get(1).id(),
                first.get(2).id());
        assertThat(r.ended()).allMatch(JobEndResult::ended);
        Job done = r.ended().get(0).job().orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.recordsProcessed()).isEqualTo(10);
        assertThat(done.watermark()).contains(Map.of("at", 10L));
        assertThat(r.ended().get(2).job().orElseThrow().state()).isEqualTo(JobState.FAILED);
        assertThat(r.claimed()).extracting(ClaimedJob::id).containsExactly(submitted.get(3).id(), submitted.get(4).id());

        assertThat(jobs.get(first.get(1).id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(eventNames(first.get(0).id())).containsExactly("submitted", "claimed", "succeeded");
        JobEvent succeeded = jobs.events(first.get(0).id()).get(2);
        assertThat(succeeded.sequence()).isEqualTo(3);
        assertThat(succeeded.metadata()).containsEntry("watermark", Map.of("at", 10L));
        assertThat(eventNames(first.get(2).id())).containsExactly("submitted", "claimed", "failed");

        List<JobEndResult> last = jobs.completeAll(r.claimed().stream().map(c -> JobCompletion.of(c, 1)).toList());
        assertThat(last).allMatch(JobEndResult::ended);
        assertThat(jobs.list(l -> l.states(JobState.SUCCEEDED)).jobs()).hasSize(4);
    }

    @Test
    void aRefusedEndIsReportedInItsPlaceAndTheOthersStillEnd() {
        jobs.submitAll(many(3, "t"));
        List<ClaimedJob> held = jobs.claim(3, c -> c.workerTags("t"));
        Job cancelled = jobs.cancel(held.get(1).id());
        ClaimedJob stale = new ClaimedJob(held.get(2).job(), new Lease(held.get(2).id(), 9, held.get(2).lease().deadline()));
        ClaimedJob unknown = new ClaimedJob(held.get(0).job(), new Lease("no-such-job", 1, held.get(0).lease().deadline()));
        List<JobEndResult> r = jobs.completeAll(List.of(JobCompletion.of(held.get(0), 1), JobCompletion.of(held.get(1), 1),
                JobCompletion.of(stale, 1), JobCompletion.of(new ClaimedJob(
                        withId(held.get(0).job(), "no-such-job"), unknown.lease()), 1)));
        assertThat(r.get(0).ended()).isTrue();
        assertThat(r.get(1).refusal()).containsInstanceOf(ConflictException.class);
        assertThat(r.get(1).refusal().orElseThrow()).hasMessageContaining("cancelled");
        assertThat(r.get(2).refusal()).containsInstanceOf(ConflictException.class);
        assertThat(r.get(2).refusal().orElseThrow()).hasMessageContaining("stale");
        assertThat(r.get(3).refusal()).containsInstanceOf(NotFoundException.class);
        assertThat(jobs.get(held.get(1).id())).as("nothing changed").isEqualTo(cancelled);
        assertThat(jobs.get(held.get(2).id()).state()).isEqualTo(JobState.CLAIMED);
        // the same job twice in one call is a bad request: nothing ends
        assertThatThrownBy(() -> jobs.completeAll(List.of(JobCompletion.of(held.get(2), 1), JobCompletion.of(held.get(2), 2))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(jobs.get(held.get(2).id()).state()).isEqualTo(JobState.CLAIMED);
        // an invalid job in a batch submit refuses the whole batch
        int before = jobs.list().jobs().size();
        assertThatThrownBy(() -> jobs.submitAll(List.of(SubmitJobOptions.builder().build(),
                SubmitJobOptions.builder().type("Not A Type").build()))).isInstanceOf(InvalidRequestException.class);
        assertThat(jobs.list().jobs()).hasSize(before);
    }

    private static Job withId(Job j, String id) {
        return new Job(id, j.type(), j.state(), j.context(), j.workerTags(), j.attempt(), j.maxAttempts(),
                j.leaseDuration(), j.fencingToken(), j.leaseDeadline(), j.workerId(), j.createdAt(), j.availableAt(),
                j.startedAt(), j.finishedAt(), j.recordsProcessed(), j.watermark(), j.error());
    }

    @Test
    void completeAndClaimNextIsTheOneJobAtATimeLoop() {
        List<Job> submitted = jobs.submitAll(many(3, "x"));
        ClaimedJob job = jobs.claim(c -> c.workerTags("x")).orElseThrow();
        List<String> order = new ArrayList<>();
        while (true) {
            order.add(job.id());
            EndAndClaimResult r = jobs.completeAndClaimNext(job, 1, "wm", c -> c.workerTags("x"));
            assertThat(r.ended()).singleElement().satisfies(e -> assertThat(e.ended()).isTrue());
            if (r.claimed().isEmpty()) {
                break;
            }
            job = r.claimed().get(0);
        }
        assertThat(order).isEqualTo(submitted.stream().map(Job::id).toList());
        assertThat(jobs.list(l -> l.states(JobState.SUCCEEDED)).jobs()).hasSize(3)
                .allMatch(j -> j.watermark().equals(java.util.Optional.of("wm")));
    }

    @Test
    void aRetryableFailureInABatchBacksOffAndALapsedLeaseIsReturnedByTheNextShortClaim() {
        fx.clock.freezeAt(java.time.Instant.now());
        List<Job> submitted = jobs.submitAll(List.of(SubmitJobOptions.builder().maxAttempts(3).build(),
                SubmitJobOptions.builder().leaseDuration(Duration.ofSeconds(5)).build()));
        List<ClaimedJob> held = jobs.claim(2, c -> { });
        EndAndClaimResult r = jobs.endAndClaim(List.of(), List.of(JobFailure.of(held.get(0), "flaky", true)), 2, c -> { });
        Job pending = r.ended().get(0).job().orElseThrow();
        assertThat(pending.state()).isEqualTo(JobState.PENDING);
        assertThat(pending.error()).contains("flaky");
        assertThat(r.claimed()).as("backing off").isEmpty();
        fx.clock.advance(Duration.ofSeconds(6));
        // the second job's lease lapsed: the claim comes up short and hands it back (after its backoff)
        assertThat(jobs.claim(2, c -> { })).extracting(ClaimedJob::id).containsExactly(submitted.get(0).id());
        assertThat(jobs.get(submitted.get(1).id()).state()).isEqualTo(JobState.PENDING);
        fx.clock.advance(Duration.ofSeconds(2));
        List<ClaimedJob> again = jobs.claim(2, c -> { });
        assertThat(again).extracting(ClaimedJob::id).containsExactly(submitted.get(1).id());
        assertThat(again.get(0).fencingToken()).isEqualTo(2);
        assertThat(eventNames(submitted.get(1).id())).containsExactly("submitted", "claimed", "lease-lost", "claimed");
        assertThat(eventNames(submitted.get(0).id())).containsExactly("submitted", "claimed", "attempt-failed", "claimed");
    }

    @Test
    void concurrentBatchClaimersEndEveryJobExactlyOnce() throws Exception {
        int n = 300;
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i += 100) {
            jobs.submitAll(many(100, "c")).forEach(j -> ids.add(j.id()));
        }
        Map<String, Integer> completions = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                JobsClient own = fx.connect().jobs();
                futures.add(pool.submit(() -> {
                    List<ClaimedJob> held = own.claim(7, c -> c.workerTags("c"));
                    while (!held.isEmpty()) {
                        EndAndClaimResult r = own.endAndClaim(held.stream().map(c -> JobCompletion.of(c, 1)).toList(),
                                List.of(), 7, c -> c.workerTags("c"));
                        for (JobEndResult e : r.ended()) {
                            if (e.ended()) {
                                completions.merge(e.jobId(), 1, Integer::sum);
                            } else {
                                refused.incrementAndGet();
                            }
                        }
                        held = r.claimed();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(refused.get()).isZero();
        assertThat(completions.keySet()).isEqualTo(ids);
        assertThat(completions.values()).allMatch(v -> v == 1);
        assertThat(jobs.list(l -> l.states(JobState.SUCCEEDED).pageSize(1000)).jobs()).hasSize(n)
                .allMatch(j -> j.attempt() == 1);
    }

    @Test
    void theWorkerRunsBatchesAndEndsEveryJobOnce() throws Exception {
        List<Job> submitted = jobs.submitAll(many(40, "w"));
        Set<String> ran = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();
        try (Worker worker = jobs.worker(w -> w.workerTags("w").threads(4).pollInterval(Duration.ofMillis(20))
                .handler(job -> {
                    calls.incrementAndGet();
                    ran.add(job.id());
                    if (job.job().context().get("n").equals("7") && job.job().attempt() == 1) {
                        throw new IllegalStateException("first attempt of 7 fails");
                    }
                    return JobResult.of(Long.parseLong(job.job().context().get("n")), "wm");
                }))) {
            fx.clock.advance(Duration.ofSeconds(2)); // past the failed attempt's backoff, whenever it comes
            for (Job j : submitted) {
                Job done = jobs.waitFor(j.id(), Duration.ofSeconds(30));
                if (done.state() != JobState.SUCCEEDED) {
                    fx.clock.advance(Duration.ofSeconds(2));
                    done = jobs.waitFor(j.id(), Duration.ofSeconds(30));
                }
                assertThat(done.state()).as(j.context().toString()).isEqualTo(JobState.SUCCEEDED);
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (worker.completed() < 40 && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(worker.completed()).isEqualTo(40);
            assertThat(worker.failed()).isEqualTo(1);
        }
        assertThat(calls.get()).isEqualTo(41);
        assertThat(ran).hasSize(40);
        for (Job j : submitted) {
            assertThat(eventNames(j.id()).stream().filter("succeeded"::equals)).hasSize(1);
        }
    }

    @Test
    void aBatchRefusedForOneBadResultEndsTheOthersOneByOne() throws Exception {
        List<Job> submitted = jobs.submitAll(List.of(
                SubmitJobOptions.builder().context("n", "1").maxAttempts(1).leaseDuration(Duration.ofSeconds(1)).build(),
                SubmitJobOptions.builder().context("n", "big").maxAttempts(1).leaseDuration(Duration.ofSeconds(1)).build(),
                SubmitJobOptions.builder().context("n", "2").maxAttempts(1).leaseDuration(Duration.ofSeconds(1)).build()));
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(3);
        try (Worker worker = jobs.worker(w -> w.threads(3).pollInterval(Duration.ofMillis(20)).handler(job -> {
            all.countDown();
            all.await(10, TimeUnit.SECONDS);     // the three end in one call
            String n = job.job().context().get("n");
            return n.equals("big") ? JobResult.of(1, "x".repeat(70_000)) : JobResult.of(1);
        }))) {
            assertThat(jobs.waitFor(submitted.get(0).id(), Duration.ofSeconds(30)).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(jobs.waitFor(submitted.get(2).id(), Duration.ofSeconds(30)).state()).isEqualTo(JobState.SUCCEEDED);
            // the oversized watermark is refused (413) and never stored: the lease lapses, the job fails
            Job big = jobs.waitFor(submitted.get(1).id(), Duration.ofSeconds(30));
            assertThat(big.state()).isEqualTo(JobState.FAILED);
            assertThat(big.error()).contains("lease lost");
            assertThat(big.watermark()).isEmpty();
            assertThat(worker.completed()).isEqualTo(2);
        }
    }
}
