package io.deltacat.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
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

    void register(Router router) {
        router.add("GET", "/v1/jobs", this::list);
        router.add("POST", "/v1/jobs", this::submit);
        router.add("POST", "/v1/jobs/claim", this::claim);
        router.add("GET", "/v1/jobs/{jobId}", this::get);
        router.add("POST", "/v1/jobs/{jobId}/cancel", c -> HttpResult.json(200, job(jobs.cancel(c.param("jobId")))));
        router.add("GET", "/v1/jobs/{jobId}/events", this::events);
        router.add("POST", "/v1/jobs/{jobId}/events", this::emit);
        router.add("POST", "/v1/jobs/{jobId}/heartbeat", this::heartbeat);
        router.add("POST", "/v1/jobs/{jobId}/complete", this::complete);
        router.add("POST", "/v1/jobs/{jobId}/fail", this::fail);
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

    private HttpResult submit(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "SubmitJobRequest",
                Set.of("type", "context", "workerTags", "maxAttempts", "leaseMillis"));
        List<String> tags = o.stringsOrNull("workerTags");
        JobModel.Submit s = new JobModel.Submit(o.string("type"), o.properties("context"),
                tags == null ? List.of() : tags, (int) Math.min(Integer.MAX_VALUE, orDefault(o.integerOrNull("maxAttempts", 1), 3)),
                orDefault(o.integerOrNull("leaseMillis", 1), 60_000));
        String namespace = s.context().get("namespace");
        String table = s.context().get("table");
        if (s.type().equals(JobModel.COMPACTION) && namespace != null && !namespace.isEmpty() && table != null
                && !table.isEmpty()) {
            // a compaction of a missing table is refused now (404), not accepted to fail later;
            // missing context keys are left to the queue's own validation
            tables.getTable(namespace, table);
        }
        return HttpResult.json(201, job(jobs.submit(s)));
    }

    private HttpResult get(Router.Call c) throws Exception {
        long wait = intParam(c.query(), "waitSeconds", 0, 0, MAX_WAIT_SECONDS);
        JobRow row = wait == 0 ? jobs.get(c.param("jobId")) : jobs.await(c.param("jobId"), Duration.ofSeconds(wait));
        return HttpResult.json(200, job(row));
    }

    private HttpResult claim(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "ClaimRequest", Set.of("workerTags", "types", "workerId"));
        List<String> tags = o.stringsOrNull("workerTags");
        List<String> types = o.stringsOrNull("types");
        Optional<JobRow> claimed = leases.claim(JobModel.DISPATCH_WORKER, tags == null ? List.of() : tags,
                types == null ? List.of() : types, o.string("workerId", null));
        if (claimed.isEmpty()) {
            return HttpResult.noContent();
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.set("job", job(claimed.get()));
        n.set("lease", lease(claimed.get()));
        return HttpResult.json(200, n);
    }

    private HttpResult emit(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "JobEventRequest",
                Set.of("fencingToken", "name", "completed", "expected", "metadata", "heartbeatTimeoutMillis"));
        JobRow row = leases.event(c.param("jobId"), o.integer("fencingToken", 0), o.string("name"),
                o.integerOrNull("completed", 0), o.integerOrNull("expected", 0), metadata(o),
                o.integerOrNull("heartbeatTimeoutMillis", 1));
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
        JobRow row;
        if (PipelineModel.KINDS.contains(jobs.get(id).type())) {
            // a node run: its sink commits, watermark advance and downstream runs go with its end
            row = runCompletion.complete(id, token, records, watermark, writes == null ? List.of() : writes);
        } else {
            if (writes != null && !writes.isEmpty()) {
                throw new InvalidRequestException("only pipeline node runs commit writes with their completion");
            }
            row = leases.complete(id, token, records, watermark);
        }
        return HttpResult.json(200, job(row));
    }

    private HttpResult fail(Router.Call c) throws Exception {
        Json.Obj o = Json.parse(c.body(), "FailJobRequest", Set.of("fencingToken", "error", "retryable"));
        JobRow row = leases.fail(c.param("jobId"), o.integer("fencingToken", 0), o.string("error"),
                o.bool("retryable", true));
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
