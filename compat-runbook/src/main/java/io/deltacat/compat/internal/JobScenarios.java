package io.deltacat.compat.internal;

import static io.deltacat.compat.internal.Checks.check;
import static io.deltacat.compat.internal.Checks.equal;
import static io.deltacat.compat.internal.Checks.expectThrows;

import io.deltacat.api.JobsClient;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Scenarios of the job queue: lifecycle, fencing and retry, lease loss, cancel, and compaction run by
 * the server. Every job has a run-unique type and tag, and is claimed by type and tag, so the runbook
 * never takes a job of the server's real workers.
 */
final class JobScenarios {
    private JobScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                Scenario.writing("jobs/lifecycle", "submit, claim, event, complete: state, records, watermark and events"
                        + " read back", List.of("jobs"), JobScenarios::lifecycle),
                Scenario.writing("jobs/fencing-retry", "a retryable failure returns the job to pending; the stale claim's"
                        + " completion is refused; the retry gets a higher fencing token", List.of("jobs"),
                        JobScenarios::fencingRetry),
                Scenario.writing("jobs/lease-loss", "a lease that lapses refuses the holder's heartbeat", List.of("jobs"),
                        JobScenarios::leaseLoss),
                Scenario.writing("jobs/cancel", "a cancelled job ends cancelled and cannot be claimed", List.of("jobs"),
                        JobScenarios::cancel),
                Scenario.writing("compaction/run", "a compaction job run by the server leaves one file with the same rows",
                        List.of("catalog", "staged-writes", "read-plan", "jobs", "compaction"), JobScenarios::compaction));
    }

    private static Job submit(ScenarioContext ctx, int maxAttempts, Duration lease) {
        String type = ctx.unique("job");
        Job job = ctx.client().jobs().submit(s -> s.type(type).workerTags(type).context("origin", "compat")
                .maxAttempts(maxAttempts).leaseDuration(lease));
        ctx.onCleanup("cancel job " + job.id(), () -> {
            if (!ctx.client().jobs().get(job.id()).state().isFinal()) {
                ctx.client().jobs().cancel(job.id());
            }
        });
        return job;
    }

    private static ClaimedJob claim(ScenarioContext ctx, Job job, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            Optional<ClaimedJob> c = ctx.client().jobs().claim(o -> o.types(job.type()).workerTags(job.type())
                    .workerId("compat-runbook"));
            if (c.isPresent()) {
                equal(job.id(), c.get().id(), "id of the claimed job");
                return c.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CheckFailure("job " + job.id() + " could not be claimed within " + within);
            }
            Thread.sleep(200);
        }
    }

    private static void lifecycle(ScenarioContext ctx) throws Exception {
        JobsClient jobs = ctx.client().jobs();
        Job job = submit(ctx, 3, Duration.ofMinutes(1));
        equal(JobState.PENDING, job.state(), "state after submit");
        equal(Map.of("origin", "compat"), jobs.get(job.id()).context(), "job context read back");
        ClaimedJob claimed = claim(ctx, job, Duration.ofSeconds(10));
        check(claimed.fencingToken() > 0, "a claim must carry a positive fencing token");
        jobs.emitEvent(claimed, "halfway", 5, 10, Map.of("step", "one"), null);
        equal(JobState.RUNNING, jobs.get(job.id()).state(), "state after an event");
        Map<String, Object> watermark = Map.of("offset", 7L);
        Job done = jobs.complete(claimed, 7, watermark);
        equal(JobState.SUCCEEDED, done.state(), "state after complete");
        Job read = jobs.get(job.id());
        equal(7L, read.recordsProcessed(), "records processed");
        equal(Optional.of(watermark), read.watermark(), "watermark");
        check(jobs.events(job.id()).stream().anyMatch(e -> e.name().equals("halfway") && e.completed().orElse(-1) == 5),
                "the event 'halfway' 5/10 is missing from the job's events");
    }

    private static void fencingRetry(ScenarioContext ctx) throws Exception {
        JobsClient jobs = ctx.client().jobs();
        Job job = submit(ctx, 3, Duration.ofMinutes(1));
        ClaimedJob first = claim(ctx, job, Duration.ofSeconds(10));
        Job failed = jobs.fail(first, "compat: deliberate failure", true);
        equal(JobState.PENDING, failed.state(), "state after a retryable failure with attempts left");
        expectThrows(ConflictException.class, "complete with the failed attempt's claim", () -> jobs.complete(first, 1, "x"));
        ClaimedJob second = claim(ctx, job, Duration.ofSeconds(30));
        check(second.fencingToken() > first.fencingToken(), "the retry's fencing token " + second.fencingToken()
                + " is not above the first claim's " + first.fencingToken());
        equal(2, second.job().attempt(), "attempt of the retry");
        equal(JobState.SUCCEEDED, jobs.complete(second, 1, "done").state(), "state after the retry completes");
    }

    private static void leaseLoss(ScenarioContext ctx) throws Exception {
        JobsClient jobs = ctx.client().jobs();
        Job job = submit(ctx, 1, Duration.ofSeconds(1));
        ClaimedJob claimed = claim(ctx, job, Duration.ofSeconds(10));
        Thread.sleep(2500);
        expectThrows(ConflictException.class, "heartbeat after the lease lapsed", () -> jobs.heartbeat(claimed));
        expectThrows(ConflictException.class, "complete after the lease lapsed", () -> jobs.complete(claimed, 1, "late"));
    }

    private static void cancel(ScenarioContext ctx) {
        JobsClient jobs = ctx.client().jobs();
        Job job = submit(ctx, 1, Duration.ofMinutes(1));
        equal(JobState.CANCELLED, jobs.cancel(job.id()).state(), "state after cancel");
        check(jobs.claim(o -> o.types(job.type()).workerTags(job.type())).isEmpty(), "a cancelled job was claimed");
        equal(JobState.CANCELLED, jobs.get(job.id()).state(), "state read back after cancel");
    }

    private static void compaction(ScenarioContext ctx) throws Exception {
        String ns = ctx.namespace();
        for (int i = 0; i < 3; i++) {
            try (VectorSchemaRoot batch = Data.people(ctx.client().allocator(), Data.firstPeople(1 + 2 * i, 2))) {
                ctx.client().catalog().write(batch, w -> w.namespace(ns).table("small").mode(WriteMode.AUTO));
            }
        }
        equal(3L, ctx.client().catalog().getTable(ns, "small").fileCount(), "files before compaction");
        Job job = ctx.client().jobs().submitCompaction(ns, "small");
        Job end = ctx.client().jobs().waitFor(job.id(), Duration.ofSeconds(60));
        equal(JobState.SUCCEEDED, end.state(), "compaction job state (error: " + end.error().orElse("none") + ")");
        TableInfo after = ctx.client().catalog().getTable(ns, "small");
        equal(1L, after.fileCount(), "files after compaction");
        equal(Data.firstPeople(1, 6), Data.read(ctx.client(), q -> q.namespace(ns).table("small")),
                "rows after compaction");
    }
}
