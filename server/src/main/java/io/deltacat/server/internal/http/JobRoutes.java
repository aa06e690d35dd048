package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.ProblemType;
import io.deltacat.server.internal.idempotency.IdempotencyStore;
import io.deltacat.server.internal.catalog.Tables;
import io.deltacat.server.internal.jobs.JobLeases;
import io.deltacat.server.internal.jobs.JobModel;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.pipelines.PipelineModel;
import io.deltacat.server.internal.pipelines.RunCompletion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.deltacat.wire.common.Problem;
import io.deltacat.wire.jobs.ClaimJobsRequest;
import io.deltacat.wire.jobs.ClaimRequest;
import io.deltacat.wire.jobs.ClaimedJob;
import io.deltacat.wire.jobs.ClaimedJobList;
import io.deltacat.wire.jobs.CompleteJobRequest;
import io.deltacat.wire.jobs.EndJobsRequest;
import io.deltacat.wire.jobs.EndJobsResponse;
import io.deltacat.wire.jobs.FailJobRequest;
import io.deltacat.wire.jobs.HeartbeatRequest;
import io.deltacat.wire.jobs.Job;
import io.deltacat.wire.jobs.JobCompletion;
import io.deltacat.wire.jobs.JobEndOutcome;
import io.deltacat.wire.jobs.JobEvent;
import io.deltacat.wire.jobs.JobEventList;
import io.deltacat.wire.jobs.JobEventRequest;
import io.deltacat.wire.jobs.JobFailure;
import io.deltacat.wire.jobs.JobList;
import io.deltacat.wire.jobs.JobState;
import io.deltacat.wire.jobs.Lease;
import io.deltacat.wire.jobs.SubmitJobRequest;
import io.deltacat.wire.jobs.SubmitJobsRequest;

/** The job routes under {@code /v1/jobs} ({@code openapi/deltacat-api.yaml}, tag "jobs"). */
final class JobRoutes {
    /** The longest long poll of {@code GET /v1/jobs/{jobId}?waitSeconds=N}. */
    static final int MAX_WAIT_SECONDS = 60;
    private static final int DEFAULT_PAGE_SIZE = 100;

    private final JobQueue jobs;
    private final JobLeases leases;
    private final RunCompletion runCompletion;
    private final Tables tables;

    JobRoutes(JobQueue jobs, JobLeases leases, RunCompletion runCompletion, Tables tables) {
        this.tables = tables;
        this.jobs = jobs;
        this.leases = leases;
        this.runCompletion = runCompletion;
    }

    /**
     * Every job route but cancel is {@link Router.Resend#BY_IDS}: no answer is stored for its
     * Idempotency-Key. A submit and a claim record the key with the jobs they create or lease (a
     * resend answers those jobs); an end records it on the job (a resend of an end that happened
     * answers the job as it then is); an event records it on the job (recorded once); a heartbeat is
     * idempotent by its fencing token.
     */
    void register(Router router) {
        router.add("GET", "/v1/jobs", this::list);
        router.add("POST", "/v1/jobs", Router.Resend.BY_IDS, this::submit);
        router.add("POST", "/v1/jobs/batch", Router.Resend.BY_IDS, this::submitBatch);
        router.add("POST", "/v1/jobs/claim", Router.Resend.BY_IDS, this::claim);
        router.add("POST", "/v1/jobs/batch/claim", Router.Resend.BY_IDS, this::claimBatch);
        router.add("POST", "/v1/jobs/batch/end", Router.Resend.BY_IDS, this::endBatch);
        router.add("GET", "/v1/jobs/{jobId}", this::get);
        router.add("POST", "/v1/jobs/{jobId}/cancel", c -> {
            Json.readEmpty(c.body()); // an empty object, or no body: a field this server does not know is refused
            return HttpResult.wire(200, job(jobs.cancel(c.param("jobId"))));
        });
        router.add("GET", "/v1/jobs/{jobId}/events", this::events);
        router.add("POST", "/v1/jobs/{jobId}/events", Router.Resend.BY_IDS, this::emit);
        router.add("POST", "/v1/jobs/{jobId}/heartbeat", Router.Resend.BY_IDS, this::heartbeat);
        router.add("POST", "/v1/jobs/{jobId}/complete", Router.Resend.BY_IDS, this::complete);
        router.add("POST", "/v1/jobs/{jobId}/fail", Router.Resend.BY_IDS, this::fail);
    }

    private HttpResult list(Router.Call c) throws Exception {
        Map<String, String> q = c.query();
        List<String> states = split(q.get("state"));
        List<String> tags = split(q.get("tag"));
        int pageSize = (int) intParam(q, "pageSize", DEFAULT_PAGE_SIZE, 1, 1000);
        JobModel.Page page = jobs.list(states, q.get("type"), tags, q.get("pageToken"), pageSize);
        return HttpResult.wire(200, new JobList(page.jobs().stream().map(JobRoutes::job).toList(),
                page.nextPageToken()));
    }

    private JobModel.Submit submission(SubmitJobRequest r, String what) throws java.sql.SQLException {
        JobModel.Submit s = new JobModel.Submit(r.type(), r.context() == null ? Map.of() : r.context(),
                r.workerTags() == null ? List.of() : r.workerTags(),
                (int) orDefault(atLeast(r.maxAttempts(), 1, "maxAttempts", what), 3),
                orDefault(atLeast(r.leaseMillis(), 1, "leaseMillis", what), 60_000));
        if (s.type().equals(JobModel.REPLICATION)) {
            // placement's own jobs: the server queues them for the tables placed on other roots
            throw new InvalidRequestException("job type '" + JobModel.REPLICATION + "' is reserved for the server's"
                    + " replication of placed tables (see POST /v1/namespaces/{namespace}/tables/{table}/placements)");
        }
        String namespace = s.context().get("namespace");
        String table = s.context().get("table");
        if (s.type().equals(JobModel.COMPACTION) && namespace != null && !namespace.isEmpty() && table != null
                && !table.isEmpty()) {
            // a compaction of a missing table is refused now (404), not accepted to fail later;
            // missing context keys are left to the queue's own validation
            tables.getTable(namespace, table);
        }
        return s;
    }

    private static String bodyHash(Router.Call c) {
        return c.idempotencyKey() == null ? null : IdempotencyStore.hash(c.body());
    }

    private HttpResult submit(Router.Call c) throws Exception {
        JobModel.Submit s = submission(Json.read(c.body(), SubmitJobRequest.class), "SubmitJobRequest");
        return HttpResult.wire(201, job(jobs.submitAll(List.of(s), c.idempotencyKey(), bodyHash(c)).get(0)));
    }

    private HttpResult submitBatch(Router.Call c) throws Exception {
        SubmitJobsRequest r = Json.read(c.body(), SubmitJobsRequest.class);
        List<JobModel.Submit> submits = new ArrayList<>();
        for (int i = 0; i < r.jobs().size(); i++) {
            SubmitJobRequest j = r.jobs().get(i);
            if (j == null) {
                throw new InvalidRequestException("SubmitJobsRequest.jobs[" + i + "] must be a JSON object");
            }
            JobModel.Submit s = submission(j, "SubmitJobsRequest.jobs[" + i + "]");
            if (s.type().equals(JobModel.COMPACTION)) {
                // its access rule (writer of the table's namespace) is checked per request: one at a time
                throw new InvalidRequestException("compaction jobs are submitted one at a time (POST /v1/jobs)");
            }
            submits.add(s);
        }
        return HttpResult.wire(201, new JobList(jobs.submitAll(submits, c.idempotencyKey(), bodyHash(c)).stream()
                .map(JobRoutes::job).toList(), null));
    }

    private HttpResult get(Router.Call c) throws Exception {
        long wait = intParam(c.query(), "waitSeconds", 0, 0, MAX_WAIT_SECONDS);
        JobRow row = wait == 0 ? jobs.get(c.param("jobId")) : jobs.await(c.param("jobId"), Duration.ofSeconds(wait));
        return HttpResult.wire(200, job(row));
    }

    private static JobModel.Claim claimOf(List<String> workerTags, List<String> types, String workerId,
                                          Integer maxJobs, String what) {
        return new JobModel.Claim(JobModel.DISPATCH_WORKER, workerTags, types, workerId,
                (int) orDefault(atLeast(maxJobs, 1, "maxJobs", what), 1));
    }

    private static JobModel.Claim claimOf(ClaimJobsRequest r, String what) {
        return claimOf(r.workerTags(), r.types(), r.workerId(), r.maxJobs(), what);
    }

    private HttpResult claim(Router.Call c) throws Exception {
        ClaimRequest r = Json.read(c.body(), ClaimRequest.class);
        List<JobRow> claimed = leases.claim(claimOf(r.workerTags(), r.types(), r.workerId(), null, "ClaimRequest"),
                c.idempotencyKey());
        if (claimed.isEmpty()) {
            return HttpResult.noContent();
        }
        return HttpResult.wire(200, claimed(claimed.get(0)));
    }

    private HttpResult claimBatch(Router.Call c) throws Exception {
        ClaimJobsRequest r = Json.read(c.body(), ClaimJobsRequest.class);
        return HttpResult.wire(200, new ClaimedJobList(leases.claim(claimOf(r, "ClaimJobsRequest"), c.idempotencyKey())
                .stream().map(JobRoutes::claimed).toList()));
    }

    private HttpResult endBatch(Router.Call c) throws Exception {
        EndJobsRequest r = Json.read(c.body(), EndJobsRequest.class);
        List<JobModel.End> ends = new ArrayList<>();
        List<JobCompletion> completes = r.complete() == null ? List.of() : r.complete();
        for (int i = 0; i < completes.size(); i++) {
            JobCompletion e = object(completes.get(i), "EndJobsRequest.complete[" + i + "]");
            String what = "EndJobsRequest.complete[" + i + "]";
            ends.add(JobModel.End.complete(e.jobId(), atLeast(e.fencingToken(), 0, "fencingToken", what),
                    orDefault(atLeast(e.recordsProcessed(), 0, "recordsProcessed", what), 0), value(e.watermark())));
        }
        List<JobFailure> fails = r.fail() == null ? List.of() : r.fail();
        for (int i = 0; i < fails.size(); i++) {
            JobFailure e = object(fails.get(i), "EndJobsRequest.fail[" + i + "]");
            ends.add(JobModel.End.fail(e.jobId(), atLeast(e.fencingToken(), 0, "fencingToken",
                    "EndJobsRequest.fail[" + i + "]"), e.error(), e.retryable() == null || e.retryable()));
        }
        JobModel.Claim claim = r.claimNext() == null ? null : claimOf(r.claimNext(), "EndJobsRequest.claimNext");
        JobModel.EndAndClaim result = leases.endAndClaim(ends, c.idempotencyKey(), claim);
        List<JobEndOutcome> ended = new ArrayList<>();
        for (JobModel.EndResult e : result.ended()) {
            ended.add(new JobEndOutcome(e.jobId(), e.token(), e.ended() ? job(e.job()) : null,
                    e.ended() ? null : problem(e.refusal())));
        }
        return HttpResult.wire(200, new EndJobsResponse(ended, result.claimed().stream().map(JobRoutes::claimed)
                .toList()));
    }

    /** A refused end as a problem object (as the error answer of the single route would be). */
    private static Problem problem(RuntimeException refusal) {
        ProblemType type = refusal instanceof DeltacatException ? ((DeltacatException) refusal).problemType()
                : ProblemType.SERVER_ERROR;
        return new Problem(type.uri(), type.title(), type.status(), String.valueOf(refusal.getMessage()), null);
    }

    private static ClaimedJob claimed(JobRow j) {
        return new ClaimedJob(job(j), lease(j));
    }

    private HttpResult emit(Router.Call c) throws Exception {
        JobEventRequest r = Json.read(c.body(), JobEventRequest.class);
        String what = "JobEventRequest";
        // an event's metadata: an object of any JSON values (strings only before), {} when absent
        JsonNode metadata = value(r.metadata());
        if (metadata != null && !metadata.isObject()) {
            throw new InvalidRequestException("field 'metadata' in " + what + " must be an object, got "
                    + metadata.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        JobRow row = leases.event(c.param("jobId"), atLeast(r.fencingToken(), 0, "fencingToken", what), r.name(),
                atLeast(r.completed(), 0, "completed", what), atLeast(r.expected(), 0, "expected", what),
                metadata == null ? Json.MAPPER.createObjectNode() : (ObjectNode) metadata,
                atLeast(r.heartbeatTimeoutMillis(), 1, "heartbeatTimeoutMillis", what), c.idempotencyKey());
        return HttpResult.wire(200, lease(row));
    }

    private HttpResult heartbeat(Router.Call c) throws Exception {
        HeartbeatRequest r = Json.read(c.body(), HeartbeatRequest.class);
        return HttpResult.wire(200, lease(leases.heartbeat(c.param("jobId"),
                atLeast(r.fencingToken(), 0, "fencingToken", "HeartbeatRequest"))));
    }

    private HttpResult complete(Router.Call c) throws Exception {
        CompleteJobRequest r = Json.read(c.body(), CompleteJobRequest.class);
        String id = c.param("jobId");
        long token = atLeast(r.fencingToken(), 0, "fencingToken", "CompleteJobRequest");
        long records = orDefault(atLeast(r.recordsProcessed(), 0, "recordsProcessed", "CompleteJobRequest"), 0);
        // any JSON value (a string from clients before structured watermarks is one too)
        JsonNode watermark = value(r.watermark());
        List<String> writes = r.writes();
        Optional<JobRow> row = writes == null || writes.isEmpty()
                ? leases.completeUnlessNodeRun(id, token, records, watermark, c.idempotencyKey())
                : Optional.empty();
        if (row.isEmpty()) {
            if (!PipelineModel.KINDS.contains(jobs.get(id).type())) {
                throw new InvalidRequestException("only pipeline node runs commit writes with their completion");
            }
            // a node run: its sink commits, watermark advance and downstream runs go with its end
            row = Optional.of(runCompletion.complete(id, token, records, watermark, writes == null ? List.of() : writes,
                    c.idempotencyKey()));
        }
        return HttpResult.wire(200, job(row.get()));
    }

    private HttpResult fail(Router.Call c) throws Exception {
        FailJobRequest r = Json.read(c.body(), FailJobRequest.class);
        JobRow row = leases.fail(c.param("jobId"), atLeast(r.fencingToken(), 0, "fencingToken", "FailJobRequest"),
                r.error(), r.retryable() == null || r.retryable(), c.idempotencyKey());
        return HttpResult.wire(200, job(row));
    }

    private HttpResult events(Router.Call c) throws Exception {
        List<JobEvent> events = new ArrayList<>();
        for (JobModel.Event e : jobs.events(c.param("jobId"))) {
            events.add(new JobEvent(e.seq(), e.name(), e.at(), e.completed(), e.expected(), e.metadata(),
                    e.fencingToken()));
        }
        return HttpResult.wire(200, new JobEventList(events));
    }

    /** A job as the wire shows it ({@code Job}). */
    static Job job(JobRow j) {
        return new Job(j.id(), j.type(), JobState.of(j.state()), j.context(), j.workerTags(), j.attempt(),
                j.maxAttempts(), (int) j.leaseMs(), j.fencingToken(), j.leaseDeadline(),
                j.workerId() == null || j.workerId().isEmpty() ? null : j.workerId(), j.createdAt(), j.availableAt(),
                j.startedAt(), j.finishedAt(), j.recordsProcessed(), JobModel.watermarkValue(j.watermark()),
                j.error(), j.updatedAt());
    }

    private static Lease lease(JobRow j) {
        return new Lease(j.id(), j.fencingToken(), j.leaseDeadline() == null ? 0 : j.leaseDeadline(),
                JobState.of(j.state()));
    }

    /** An element of a request's array that was JSON null is not the object its schema asks for. */
    private static <T> T object(T value, String what) {
        if (value == null) {
            throw new InvalidRequestException(what + " must be a JSON object");
        }
        return value;
    }

    /** A free JSON value as sent; JSON null counts as absent (as it always did). */
    private static JsonNode value(JsonNode v) {
        return v == null || v.isNull() ? null : v;
    }

    /** A number at least the document's {@code minimum}; null when absent (required ones never are). */
    private static Long atLeast(Long v, long min, String field, String what) {
        return Json.atLeast(v, min, field, what);
    }

    private static Long atLeast(Integer v, long min, String field, String what) {
        return Json.atLeast(v == null ? null : v.longValue(), min, field, what);
    }

    private static List<String> split(String v) {
        if (v == null || v.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList(v.split(",")));
    }

    private static long orDefault(Long v, long dflt) {
        return v == null ? dflt : v;
    }

    private static long intParam(Map<String, String> q, String name, long dflt, long min, long max) {
        String v = q.get(name);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("query parameter '" + name + "' must be an integer, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new InvalidRequestException("query parameter '" + name + "' must be " + min + ".." + max + ", got " + n);
        }
        return n;
    }
}
