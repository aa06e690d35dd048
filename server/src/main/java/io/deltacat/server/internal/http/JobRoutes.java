package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.Set;

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
        router.add("POST", "/v1/jobs/{jobId}/cancel", c -> HttpResult.json(200, job(jobs.cancel(c.param("jobId")))));
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
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode arr = n.putArray("jobs");
        page.jobs().forEach(j -> arr.add(job(j)));
        if (page.nextPageToken() != null) {
            n.put("nextPageToken", page.nextPageToken());
        }
        return HttpResult.json(200, n);
    }

    private static final Set<String> SUBMIT_FIELDS = Set.of("type", "context", "workerTags", "maxAttempts",
            "leaseMillis");

    private JobModel.Submit submission(Json.Obj o) throws java.sql.SQLException {
        List<String> tags = o.stringsOrNull("workerTags");
        JobModel.Submit s = new JobModel.Submit(o.string("type"), o.properties("context"),
                tags == null ? List.of() : tags, (int) Math.min(Integer.MAX_VALUE, orDefault(o.integerOrNull("maxAttempts", 1), 3)),
                orDefault(o.integerOrNull("leaseMillis", 1), 60_000));
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
        JobModel.Submit s = submission(Json.parse(c.body(), "SubmitJobRequest", SUBMIT_FIELDS));
        return HttpResult.json(201, job(jobs.submitAll(List.of(s), c.idempotencyKey(), bodyHash(c)).get(0)));
    }

    private HttpResult submitBatch(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "SubmitJobsRequest", Set.of("jobs"));
        List<JobModel.Submit> submits = new ArrayList<>();
        for (JsonNode j : o.array("jobs")) {
            JobModel.Submit s = submission(Json.Obj.of(j, "SubmitJobRequest", SUBMIT_FIELDS));
            if (s.type().equals(JobModel.COMPACTION)) {
                // its access rule (writer of the table's namespace) is checked per request: one at a time
                throw new InvalidRequestException("compaction jobs are submitted one at a time (POST /v1/jobs)");
            }
            submits.add(s);
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode arr = n.putArray("jobs");
        jobs.submitAll(submits, c.idempotencyKey(), bodyHash(c)).forEach(j -> arr.add(job(j)));
        return HttpResult.json(201, n);
    }

    private HttpResult get(Router.Call c) throws Exception {
        long wait = intParam(c.query(), "waitSeconds", 0, 0, MAX_WAIT_SECONDS);
        JobRow row = wait == 0 ? jobs.get(c.param("jobId")) : jobs.await(c.param("jobId"), Duration.ofSeconds(wait));
        return HttpResult.json(200, job(row));
    }

    private static JobModel.Claim claimOf(Json.Obj o, int dflt) {
        return new JobModel.Claim(JobModel.DISPATCH_WORKER, o.stringsOrNull("workerTags"), o.stringsOrNull("types"),
                o.string("workerId", null), (int) Math.min(Integer.MAX_VALUE, orDefault(o.integerOrNull("maxJobs", 1), dflt)));
    }

    private HttpResult claim(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "ClaimRequest", Set.of("workerTags", "types", "workerId"));
        List<JobRow> claimed = leases.claim(claimOf(o, 1), c.idempotencyKey());
        if (claimed.isEmpty()) {
            return HttpResult.noContent();
        }
        return HttpResult.json(200, claimed(claimed.get(0)));
    }

    private HttpResult claimBatch(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "ClaimJobsRequest", Set.of("workerTags", "types", "workerId", "maxJobs"));
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode arr = n.putArray("claims");
        leases.claim(claimOf(o, 1), c.idempotencyKey()).forEach(j -> arr.add(claimed(j)));
        return HttpResult.json(200, n);
    }

    private HttpResult endBatch(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "EndJobsRequest", Set.of("complete", "fail", "claimNext"));
        List<JobModel.End> ends = new ArrayList<>();
        ArrayNode completes = o.arrayOrNull("complete");
        if (completes != null) {
            for (JsonNode j : completes) {
                Json.Obj e = Json.Obj.of(j, "JobCompletion", Set.of("jobId", "fencingToken", "recordsProcessed",
                        "watermark"));
                ends.add(JobModel.End.complete(e.string("jobId"), e.integer("fencingToken", 0),
                        orDefault(e.integerOrNull("recordsProcessed", 0), 0), e.nodeOrNull("watermark")));
            }
        }
        ArrayNode fails = o.arrayOrNull("fail");
        if (fails != null) {
            for (JsonNode j : fails) {
                Json.Obj e = Json.Obj.of(j, "JobFailure", Set.of("jobId", "fencingToken", "error", "retryable"));
                ends.add(JobModel.End.fail(e.string("jobId"), e.integer("fencingToken", 0), e.string("error"),
                        e.bool("retryable", true)));
            }
        }
        ObjectNode next = o.objectOrNull("claimNext");
        JobModel.Claim claim = next == null ? null : claimOf(Json.Obj.of(next, "ClaimJobsRequest",
                Set.of("workerTags", "types", "workerId", "maxJobs")), 1);
        JobModel.EndAndClaim r = leases.endAndClaim(ends, c.idempotencyKey(), claim);
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode ended = n.putArray("ended");
        for (JobModel.EndResult e : r.ended()) {
            ObjectNode en = ended.addObject().put("jobId", e.jobId()).put("fencingToken", e.token());
            if (e.ended()) {
                en.set("job", job(e.job()));
            } else {
                en.set("problem", problem(e.refusal()));
            }
        }
        ArrayNode claims = n.putArray("claims");
        r.claimed().forEach(j -> claims.add(claimed(j)));
        return HttpResult.json(200, n);
    }

    /** A refused end as a problem object (as the error answer of the single route would be). */
    private static ObjectNode problem(RuntimeException refusal) {
        ProblemType type = refusal instanceof DeltacatException ? ((DeltacatException) refusal).problemType()
                : ProblemType.SERVER_ERROR;
        ObjectNode p = Json.MAPPER.createObjectNode();
        p.put("type", type.uri());
        p.put("title", type.title());
        p.put("status", type.status());
        p.put("detail", String.valueOf(refusal.getMessage()));
        return p;
    }

    private static ObjectNode claimed(JobRow j) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.set("job", job(j));
        n.set("lease", lease(j));
        return n;
    }

    private HttpResult emit(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "JobEventRequest",
                Set.of("fencingToken", "name", "completed", "expected", "metadata", "heartbeatTimeoutMillis"));
        JobRow row = leases.event(c.param("jobId"), o.integer("fencingToken", 0), o.string("name"),
                o.integerOrNull("completed", 0), o.integerOrNull("expected", 0), metadata(o),
                o.integerOrNull("heartbeatTimeoutMillis", 1), c.idempotencyKey());
        return HttpResult.json(200, lease(row));
    }

    /** An event's metadata: an object of any JSON values (strings only before), {@code {}} when absent. */
    private static ObjectNode metadata(Json.Obj o) {
        ObjectNode m = o.objectOrNull("metadata");
        return m == null ? Json.MAPPER.createObjectNode() : m;
    }

    private HttpResult heartbeat(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "HeartbeatRequest", Set.of("fencingToken"));
        return HttpResult.json(200, lease(leases.heartbeat(c.param("jobId"), o.integer("fencingToken", 0))));
    }

    private HttpResult complete(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "CompleteJobRequest",
                Set.of("fencingToken", "recordsProcessed", "watermark", "writes"));
        String id = c.param("jobId");
        long token = o.integer("fencingToken", 0);
        long records = orDefault(o.integerOrNull("recordsProcessed", 0), 0);
        // any JSON value (a string from clients before structured watermarks is one too)
        JsonNode watermark = o.nodeOrNull("watermark");
        List<String> writes = o.stringsOrNull("writes");
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
        return HttpResult.json(200, job(row.get()));
    }

    private HttpResult fail(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "FailJobRequest", Set.of("fencingToken", "error", "retryable"));
        JobRow row = leases.fail(c.param("jobId"), o.integer("fencingToken", 0), o.string("error"),
                o.bool("retryable", true), c.idempotencyKey());
        return HttpResult.json(200, job(row));
    }

    private HttpResult events(Router.Call c) throws Exception {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode arr = n.putArray("events");
        for (JobModel.Event e : jobs.events(c.param("jobId"))) {
            ObjectNode en = arr.addObject();
            en.put("seq", e.seq());
            en.put("name", e.name());
            en.put("at", e.at());
            if (e.completed() != null) {
                en.put("completed", e.completed());
            }
            if (e.expected() != null) {
                en.put("expected", e.expected());
            }
            en.set("metadata", e.metadata());
            en.put("fencingToken", e.fencingToken());
        }
        return HttpResult.json(200, n);
    }

    static ObjectNode job(JobRow j) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", j.id());
        n.put("type", j.type());
        n.put("state", j.state());
        ObjectNode ctx = n.putObject("context");
        j.context().forEach(ctx::put);
        ArrayNode tags = n.putArray("workerTags");
        j.workerTags().forEach(tags::add);
        n.put("attempt", j.attempt());
        n.put("maxAttempts", j.maxAttempts());
        n.put("leaseMillis", j.leaseMs());
        n.put("fencingToken", j.fencingToken());
        if (j.leaseDeadline() != null) {
            n.put("leaseDeadline", j.leaseDeadline());
        }
        if (j.workerId() != null && !j.workerId().isEmpty()) {
            n.put("workerId", j.workerId());
        }
        n.put("createdAt", j.createdAt());
        n.put("availableAt", j.availableAt());
        if (j.startedAt() != null) {
            n.put("startedAt", j.startedAt());
        }
        if (j.finishedAt() != null) {
            n.put("finishedAt", j.finishedAt());
        }
        n.put("recordsProcessed", j.recordsProcessed());
        if (j.watermark() != null) {
            n.set("watermark", JobModel.watermarkValue(j.watermark()));
        }
        if (j.error() != null) {
            n.put("error", j.error());
        }
        n.put("updatedAt", j.updatedAt());
        return n;
    }

    private static ObjectNode lease(JobRow j) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("jobId", j.id());
        n.put("fencingToken", j.fencingToken());
        n.put("deadline", j.leaseDeadline() == null ? 0 : j.leaseDeadline());
        n.put("state", j.state());
        return n;
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
