package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.JobsClient;
import io.deltacat.api.Worker;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.JobOutcomeUnknownException;
import io.deltacat.api.error.ProblemType;
import io.deltacat.api.error.ServiceUnavailableException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.EndAndClaimResult;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobCompletion;
import io.deltacat.api.model.JobEndResult;
import io.deltacat.api.model.JobFailure;
import io.deltacat.api.model.JobEvent;
import io.deltacat.api.model.JobPage;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.Lease;
import io.deltacat.api.model.ManagedRayAccess;
import io.deltacat.api.model.RayCommandSent;
import io.deltacat.api.model.RayPayload;
import io.deltacat.api.options.RayPayloadOptions;
import io.deltacat.client.internal.wire.DispatchWire;
import io.deltacat.api.options.ClaimOptions;
import io.deltacat.api.options.ListJobsOptions;
import io.deltacat.api.options.SubmitJobOptions;
import io.deltacat.api.options.WorkerOptions;
import io.deltacat.api.spi.TransportResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Job calls over the transport ({@code /v1/jobs...}). */
final class DefaultJobsClient implements JobsClient {
    static final String JOBS = "/v1/jobs";
    static final String CLAIM = "/v1/jobs/claim";
    static final String SUBMIT_BATCH = "/v1/jobs/batch";
    static final String CLAIM_BATCH = "/v1/jobs/batch/claim";
    static final String END_BATCH = "/v1/jobs/batch/end";
    static final String JOB = "/v1/jobs/{jobId}";
    static final String CANCEL = "/v1/jobs/{jobId}/cancel";
    static final String EVENTS = "/v1/jobs/{jobId}/events";
    static final String HEARTBEAT = "/v1/jobs/{jobId}/heartbeat";
    static final String COMPLETE = "/v1/jobs/{jobId}/complete";
    static final String FAIL = "/v1/jobs/{jobId}/fail";
    static final String PAYLOADS = "/v1/dispatch/{mode}/payloads";
    static final String ACCESS = "/v1/jobs/{jobId}/dispatch-access";
    static final String COMMANDS = "/v1/jobs/{jobId}/dispatch-commands";
    /** The most jobs one call submits, claims or ends. */
    static final int MAX_BATCH = 1000;
    /** The server's longest long poll. */
    private static final long MAX_WAIT_SECONDS = 60;

    private final ApiCalls calls;
    private final long pollSeconds;

    DefaultJobsClient(ApiCalls calls, Duration requestTimeout) {
        this.calls = calls;
        // a long poll must end well before the transport's own request timeout
        this.pollSeconds = Math.max(1, Math.min(MAX_WAIT_SECONDS, requestTimeout.toSeconds() / 2));
    }

    @Override
    public JobPage list(Consumer<ListJobsOptions.Builder> options) {
        ListJobsOptions.Builder b = ListJobsOptions.builder();
        options.accept(b);
        ListJobsOptions o = b.build();
        Map<String, String> query = new LinkedHashMap<>();
        if (!o.states().isEmpty()) {
            query.put("state", o.states().stream().map(JobState::wireName).collect(Collectors.joining(",")));
        }
        o.type().ifPresent(t -> query.put("type", t));
        if (!o.tags().isEmpty()) {
            query.put("tag", String.join(",", o.tags()));
        }
        o.pageToken().ifPresent(t -> query.put("pageToken", t));
        query.put("pageSize", Integer.toString(o.pageSize()));
        JsonNode n = calls.get(JOBS, PathSegments.path("jobs"), query);
        List<Job> jobs = new ArrayList<>();
        n.path("jobs").forEach(j -> jobs.add(job(j)));
        JsonNode next = n.get("nextPageToken");
        return new JobPage(jobs, next == null || next.isNull() ? Optional.empty() : Optional.of(next.asText()));
    }

    @Override
    public Job get(String jobId) {
        return job(calls.get(JOB, PathSegments.path("jobs", jobId)));
    }

    @Override
    public Job submit(Consumer<SubmitJobOptions.Builder> options) {
        SubmitJobOptions.Builder b = SubmitJobOptions.builder();
        options.accept(b);
        return job(calls.post(JOBS, PathSegments.path("jobs"), submission(b.build())));
    }

    private static ObjectNode submission(SubmitJobOptions o) {
        ObjectNode body = Json.object().put("type", o.type());
        body.set("context", Json.properties(o.context()));
        ArrayNode tags = body.putArray("workerTags");
        o.workerTags().forEach(tags::add);
        body.put("maxAttempts", o.maxAttempts());
        body.put("leaseMillis", o.leaseDuration().toMillis());
        return body;
    }

    @Override
    public List<Job> submitAll(List<SubmitJobOptions> jobs) {
        if (jobs.isEmpty() || jobs.size() > MAX_BATCH) {
            throw new IllegalArgumentException("submitAll takes 1.." + MAX_BATCH + " jobs, got " + jobs.size());
        }
        ObjectNode body = Json.object();
        ArrayNode arr = body.putArray("jobs");
        jobs.forEach(o -> arr.add(submission(Objects.requireNonNull(o, "a job to submit"))));
        List<Job> out = new ArrayList<>();
        calls.post(SUBMIT_BATCH, PathSegments.path("jobs", "batch"), body).path("jobs").forEach(j -> out.add(job(j)));
        return out;
    }

    @Override
    public Job submitCompaction(String namespace, String table) {
        return submit(s -> s.type("compaction").context("namespace", namespace).context("table", table)
                .maxAttempts(3));
    }

    @Override
    public Job waitFor(String jobId, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        String path = PathSegments.path("jobs", jobId);
        while (true) {
            long remaining = Math.max(0, (end - System.nanoTime()) / 1_000_000_000L);
            long wait = Math.min(remaining, pollSeconds);
            Job job = job(calls.get(JOB, path, wait == 0 ? Map.of() : Map.of("waitSeconds", Long.toString(wait))));
            if (job.state().isFinal() || System.nanoTime() >= end || wait == 0) {
                return job;
            }
        }
    }

    @Override
    public Optional<ClaimedJob> claim(Consumer<ClaimOptions.Builder> options) {
        TransportResponse r = calls.postRaw(CLAIM, PathSegments.path("jobs", "claim"), claimBody(options, 0));
        if (r.status() == 204 || r.body().length == 0) {
            return Optional.empty();
        }
        return Optional.of(claimed(Json.parse(r.body())));
    }

    /** A claim request; {@code maxJobs} 0 leaves it out (the single claim's body). */
    private static ObjectNode claimBody(Consumer<ClaimOptions.Builder> options, int maxJobs) {
        ClaimOptions.Builder b = ClaimOptions.builder();
        options.accept(b);
        ClaimOptions o = b.build();
        ObjectNode body = Json.object();
        ArrayNode tags = body.putArray("workerTags");
        o.workerTags().forEach(tags::add);
        if (!o.types().isEmpty()) {
            ArrayNode types = body.putArray("types");
            o.types().forEach(types::add);
        }
        o.workerId().ifPresent(w -> body.put("workerId", w));
        if (maxJobs > 0) {
            body.put("maxJobs", maxJobs);
        }
        return body;
    }

    private static ClaimedJob claimed(JsonNode n) {
        return new ClaimedJob(job(n.path("job")), lease(n.path("lease")));
    }

    @Override
    public List<ClaimedJob> claim(int maxJobs, Consumer<ClaimOptions.Builder> options) {
        if (maxJobs < 1 || maxJobs > MAX_BATCH) {
            throw new IllegalArgumentException("maxJobs must be 1.." + MAX_BATCH + ", got " + maxJobs);
        }
        List<ClaimedJob> out = new ArrayList<>();
        calls.post(CLAIM_BATCH, PathSegments.path("jobs", "batch", "claim"), claimBody(options, maxJobs))
                .path("claims").forEach(c -> out.add(claimed(c)));
        return out;
    }

    @Override
    public EndAndClaimResult endAndClaim(List<JobCompletion> completions, List<JobFailure> failures, int maxJobs,
                                         Consumer<ClaimOptions.Builder> options) {
        EndRequest request = endRequest(completions, failures, maxJobs, options);
        try {
            return send(request, ApiCalls.newKey());
        } catch (ServiceUnavailableException lost) {
            throw new JobOutcomeUnknownException(request.jobIds(), lost);
        }
    }

    /** An end-and-claim call as sent: its body and the jobs it ends. */
    record EndRequest(ObjectNode body, List<String> jobIds) {
    }

    /** Checks and encodes an end-and-claim call (a watermark JSON cannot hold fails here, before sending). */
    static EndRequest endRequest(List<JobCompletion> completions, List<JobFailure> failures, int maxJobs,
                                 Consumer<ClaimOptions.Builder> options) {
        if (completions.size() + failures.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a call ends at most " + MAX_BATCH + " jobs");
        }
        if (maxJobs < 0 || maxJobs > MAX_BATCH) {
            throw new IllegalArgumentException("maxJobs must be 0.." + MAX_BATCH + ", got " + maxJobs);
        }
        ObjectNode body = Json.object();
        List<String> ids = new ArrayList<>();
        ArrayNode complete = body.putArray("complete");
        for (JobCompletion c : completions) {
            ObjectNode n = complete.addObject().put("jobId", c.job().id()).put("fencingToken", c.job().fencingToken())
                    .put("recordsProcessed", c.result().recordsProcessed());
            c.result().watermark().ifPresent(w -> n.set("watermark", JsonValues.toJson(w, "watermark")));
            ids.add(c.job().id());
        }
        ArrayNode fail = body.putArray("fail");
        for (JobFailure f : failures) {
            fail.addObject().put("jobId", f.job().id()).put("fencingToken", f.job().fencingToken())
                    .put("error", f.error()).put("retryable", f.retryable());
            ids.add(f.job().id());
        }
        if (maxJobs > 0) {
            body.set("claimNext", claimBody(options, maxJobs));
        }
        return new EndRequest(body, ids);
    }

    /**
     * Sends an end-and-claim call with {@code key}; the same key may be sent again to learn the
     * outcome of a call whose answer was lost.
     *
     * @throws ServiceUnavailableException when no answer came back through the transport's resends
     */
    EndAndClaimResult send(EndRequest request, String key) {
        JsonNode n = calls.post(END_BATCH, PathSegments.path("jobs", "batch", "end"), request.body(), key);
        List<JobEndResult> ended = new ArrayList<>();
        for (JsonNode e : n.path("ended")) {
            JsonNode problem = e.get("problem");
            Optional<DeltacatException> refusal = problem == null || problem.isNull() ? Optional.empty()
                    : Optional.of(refusal(problem));
            ended.add(new JobEndResult(e.path("jobId").asText(), e.path("fencingToken").asLong(),
                    refusal.isPresent() ? Optional.empty() : Optional.of(job(e.path("job"))), refusal));
        }
        List<ClaimedJob> claimed = new ArrayList<>();
        n.path("claims").forEach(c -> claimed.add(claimed(c)));
        return new EndAndClaimResult(ended, claimed);
    }

    /** A refused end's problem object as the exception the single route's answer would map to. */
    private static DeltacatException refusal(JsonNode problem) {
        String detail = problem.path("detail").asText("the server refused to end the job");
        ProblemType type = ProblemType.fromUri(problem.path("type").asText(""))
                .orElseGet(() -> ProblemType.forStatus(problem.path("status").asInt(500)));
        return type.toException(detail, null);
    }

    @Override
    public Lease emitEvent(ClaimedJob job, String name, long completed, long expected, Map<String, ?> metadata,
                           Duration heartbeatTimeout) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(name, "name");
        ObjectNode body = Json.object().put("fencingToken", job.fencingToken()).put("name", name)
                .put("completed", completed).put("expected", expected);
        body.set("metadata", JsonValues.object(metadata, "metadata"));
        if (heartbeatTimeout != null) {
            body.put("heartbeatTimeoutMillis", heartbeatTimeout.toMillis());
        }
        return lease(calls.post(EVENTS, PathSegments.path("jobs", job.id(), "events"), body));
    }

    @Override
    public Lease heartbeat(ClaimedJob job) {
        ObjectNode body = Json.object().put("fencingToken", job.fencingToken());
        return lease(calls.post(HEARTBEAT, PathSegments.path("jobs", job.id(), "heartbeat"), body));
    }

    @Override
    public Job complete(ClaimedJob job, long recordsProcessed, Object watermark) {
        // checked before anything is sent: a value JSON cannot hold must not end the job
        JsonNode wm = watermark == null ? null : JsonValues.toJson(watermark, "watermark");
        ObjectNode body = Json.object().put("fencingToken", job.fencingToken())
                .put("recordsProcessed", recordsProcessed);
        if (wm != null) {
            body.set("watermark", wm);
        }
        try {
            return job(calls.post(COMPLETE, PathSegments.path("jobs", job.id(), "complete"), body));
        } catch (ServiceUnavailableException lost) {
            throw new JobOutcomeUnknownException(List.of(job.id()), lost);
        }
    }

    @Override
    public Job fail(ClaimedJob job, String error, boolean retryable) {
        ObjectNode body = Json.object().put("fencingToken", job.fencingToken())
                .put("error", error == null ? "failed" : error).put("retryable", retryable);
        try {
            return job(calls.post(FAIL, PathSegments.path("jobs", job.id(), "fail"), body));
        } catch (ServiceUnavailableException lost) {
            throw new JobOutcomeUnknownException(List.of(job.id()), lost);
        }
    }

    @Override
    public Job cancel(String jobId) {
        return job(calls.post(CANCEL, PathSegments.path("jobs", jobId, "cancel"), Json.object()));
    }

    @Override
    public RayPayload stageRayPayload(Consumer<RayPayloadOptions.Builder> options) {
        RayPayloadOptions.Builder b = RayPayloadOptions.builder();
        options.accept(b);
        List<String> uris = new ArrayList<>();
        for (java.nio.file.Path module : b.build().pyModules()) {
            byte[] zip;
            try {
                zip = RayPayloadPacker.pack(module);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot pack " + module, e);
            }
            DispatchWire.StagePayloadRequest request = new DispatchWire.StagePayloadRequest(
                    RayPayloadPacker.name(module), java.util.Base64.getEncoder().encodeToString(zip));
            JsonNode answer = calls.post(PAYLOADS, PathSegments.path("dispatch", "ray", "payloads"),
                    Json.MAPPER.valueToTree(request));
            uris.add(bind(answer, DispatchWire.StagedPayload.class).uri());
        }
        return new RayPayload(uris);
    }

    @Override
    public ManagedRayAccess getManagedRayAccess(String jobId) {
        DispatchWire.DispatchAccess a = bind(calls.get(ACCESS, PathSegments.path("jobs", jobId, "dispatch-access")),
                DispatchWire.DispatchAccess.class);
        Map<String, String> d = a.details() == null ? Map.of() : a.details();
        String workers = d.getOrDefault("worker_instance_ids", "");
        return new ManagedRayAccess(a.jobId(), a.provider(), a.dashboardUrl(), nonEmpty(d.get("region")),
                nonEmpty(d.get("cluster_name")), nonEmpty(d.get("head_instance_id")), nonEmpty(d.get("head_private_ip")),
                workers.isBlank() ? List.of() : List.of(workers.split(",")), nonEmpty(d.get("launch_template")), d);
    }

    @Override
    public RayCommandSent sendManagedRaySsmCommand(String jobId, List<String> commands, String target) {
        DispatchWire.CommandsSent sent = bind(calls.post(COMMANDS, PathSegments.path("jobs", jobId, "dispatch-commands"),
                Json.MAPPER.valueToTree(new DispatchWire.SendCommandsRequest(commands, target))),
                DispatchWire.CommandsSent.class);
        return new RayCommandSent(sent.commandId(), sent.instanceIds());
    }

    @Override
    public Process startManagedRaySsmSession(String jobId) throws java.io.IOException {
        return new ProcessBuilder(ssmSessionCommand(getManagedRayAccess(jobId))).inheritIO().start();
    }

    /**
     * The AWS CLI call of an interactive session on a run's head: the Session Manager plugin running
     * {@code bash -l} through {@code AWS-StartInteractiveCommand}, as AWS documents it (the parameters in
     * JSON form, as no shell is in between to strip quotes).
     */
    static List<String> ssmSessionCommand(ManagedRayAccess access) {
        String head = access.headInstanceId().orElseThrow(() -> new io.deltacat.api.error.UnsupportedFeatureException(
                "run " + access.jobId() + " runs on a Ray cluster of provider '" + access.provider()
                        + "', which has no EC2 head instance to open a session on"));
        List<String> cmd = new ArrayList<>(List.of("aws", "ssm", "start-session", "--target", head,
                "--document-name", "AWS-StartInteractiveCommand", "--parameters", "{\"command\":[\"bash -l\"]}"));
        access.region().ifPresent(r -> cmd.addAll(List.of("--region", r)));
        return cmd;
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    private static <T> T bind(JsonNode answer, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(answer, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the server's answer is not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public List<JobEvent> events(String jobId) {
        List<JobEvent> out = new ArrayList<>();
        for (JsonNode e : calls.get(EVENTS, PathSegments.path("jobs", jobId, "events")).path("events")) {
            out.add(new JobEvent(e.path("seq").asLong(), e.path("name").asText(), instant(e.path("at").asLong()),
                    optionalLong(e.get("completed")), optionalLong(e.get("expected")),
                    JsonValues.plainMap(e.get("metadata")), e.path("fencingToken").asLong()));
        }
        return out;
    }

    @Override
    public Worker worker(Consumer<WorkerOptions.Builder> options) {
        WorkerOptions.Builder b = WorkerOptions.builder();
        options.accept(b);
        return new DefaultWorker(this, b.build());
    }

    // ---------------------------------------------------------------- wire to model

    static Job job(JsonNode n) {
        return new Job(n.path("id").asText(), n.path("type").asText(), JobState.fromWire(n.path("state").asText(null)),
                Json.properties(n.get("context")), Json.strings(n.get("workerTags")), n.path("attempt").asInt(),
                n.path("maxAttempts").asInt(), Duration.ofMillis(n.path("leaseMillis").asLong()),
                n.path("fencingToken").asLong(), optionalInstant(n.get("leaseDeadline")),
                optionalText(n.get("workerId")), instant(n.path("createdAt").asLong()),
                instant(n.path("availableAt").asLong()), optionalInstant(n.get("startedAt")),
                optionalInstant(n.get("finishedAt")), n.path("recordsProcessed").asLong(),
                optionalValue(n.get("watermark")), optionalText(n.get("error")));
    }

    static Lease lease(JsonNode n) {
        return new Lease(n.path("jobId").asText(), n.path("fencingToken").asLong(), instant(n.path("deadline").asLong()));
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static Optional<Instant> optionalInstant(JsonNode n) {
        return n == null || n.isNull() ? Optional.empty() : Optional.of(instant(n.asLong()));
    }

    private static Optional<String> optionalText(JsonNode n) {
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    private static Optional<Object> optionalValue(JsonNode n) {
        return n == null || n.isNull() ? Optional.empty() : Optional.of(JsonValues.plain(n));
    }

    private static OptionalLong optionalLong(JsonNode n) {
        return n == null || n.isNull() ? OptionalLong.empty() : OptionalLong.of(n.asLong());
    }
}
