package io.deltacat.client.internal;

import io.deltacat.wire.dispatch.CommandsSent;
import io.deltacat.wire.dispatch.DispatchAccess;
import io.deltacat.wire.dispatch.SendCommandsRequest;
import io.deltacat.wire.dispatch.SendCommandsRequestTarget;
import io.deltacat.wire.dispatch.StagePayloadRequest;
import io.deltacat.wire.dispatch.StagedPayload;
import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.JobsClient;
import io.deltacat.api.Worker;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.JobOutcomeUnknownException;
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
import io.deltacat.api.options.ClaimOptions;
import io.deltacat.api.options.ListJobsOptions;
import io.deltacat.api.options.SubmitJobOptions;
import io.deltacat.api.options.WorkerOptions;
import io.deltacat.api.spi.TransportResponse;
import io.deltacat.wire.common.EmptyRequest;
import io.deltacat.wire.jobs.ClaimJobsRequest;
import io.deltacat.wire.jobs.ClaimRequest;
import io.deltacat.wire.jobs.ClaimedJobList;
import io.deltacat.wire.jobs.CompleteJobRequest;
import io.deltacat.wire.jobs.EndJobsRequest;
import io.deltacat.wire.jobs.EndJobsResponse;
import io.deltacat.wire.jobs.FailJobRequest;
import io.deltacat.wire.jobs.HeartbeatRequest;
import io.deltacat.wire.jobs.JobEndOutcome;
import io.deltacat.wire.jobs.JobEventList;
import io.deltacat.wire.jobs.JobEventRequest;
import io.deltacat.wire.jobs.JobList;
import io.deltacat.wire.jobs.SubmitJobRequest;
import io.deltacat.wire.jobs.SubmitJobsRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
        JobList n = calls.get(JOBS, PathSegments.path("jobs"), query, JobList.class);
        return new JobPage(jobs(n), Optional.ofNullable(n.nextPageToken()));
    }

    @Override
    public Job get(String jobId) {
        return job(calls.get(JOB, PathSegments.path("jobs", jobId), io.deltacat.wire.jobs.Job.class));
    }

    @Override
    public Job submit(Consumer<SubmitJobOptions.Builder> options) {
        SubmitJobOptions.Builder b = SubmitJobOptions.builder();
        options.accept(b);
        return job(calls.post(JOBS, PathSegments.path("jobs"), submission(b.build()),
                io.deltacat.wire.jobs.Job.class));
    }

    private static SubmitJobRequest submission(SubmitJobOptions o) {
        return new SubmitJobRequest(o.type(), o.context(), o.workerTags(), o.maxAttempts(),
                JobsWire.millis(o.leaseDuration().toMillis()));
    }

    private static List<Job> jobs(JobList list) {
        return list.jobs() == null ? List.of() : list.jobs().stream().map(JobsWire::job).toList();
    }

    @Override
    public List<Job> submitAll(List<SubmitJobOptions> jobs) {
        if (jobs.isEmpty() || jobs.size() > MAX_BATCH) {
            throw new IllegalArgumentException("submitAll takes 1.." + MAX_BATCH + " jobs, got " + jobs.size());
        }
        SubmitJobsRequest body = new SubmitJobsRequest(jobs.stream()
                .map(o -> submission(Objects.requireNonNull(o, "a job to submit"))).toList());
        return jobs(calls.post(SUBMIT_BATCH, PathSegments.path("jobs", "batch"), body, JobList.class));
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
            Job job = job(calls.get(JOB, path, wait == 0 ? Map.of() : Map.of("waitSeconds", Long.toString(wait)),
                    io.deltacat.wire.jobs.Job.class));
            if (job.state().isFinal() || System.nanoTime() >= end || wait == 0) {
                return job;
            }
        }
    }

    @Override
    public Optional<ClaimedJob> claim(Consumer<ClaimOptions.Builder> options) {
        ClaimJobsRequest c = claimBody(options, 0);
        TransportResponse r = calls.postRaw(CLAIM, PathSegments.path("jobs", "claim"),
                new ClaimRequest(c.workerTags(), c.types(), c.workerId()));
        if (r.status() == 204 || r.body().length == 0) {
            return Optional.empty();
        }
        return Optional.of(JobsWire.claimed(ApiCalls.read(r.body(), io.deltacat.wire.jobs.ClaimedJob.class)));
    }

    /** A claim request; {@code maxJobs} 0 leaves it out (the single claim's body). */
    private static ClaimJobsRequest claimBody(Consumer<ClaimOptions.Builder> options, int maxJobs) {
        ClaimOptions.Builder b = ClaimOptions.builder();
        options.accept(b);
        ClaimOptions o = b.build();
        return new ClaimJobsRequest(o.workerTags(), o.types().isEmpty() ? null : o.types(), o.workerId().orElse(null),
                maxJobs > 0 ? maxJobs : null);
    }

    private static List<ClaimedJob> claims(List<io.deltacat.wire.jobs.ClaimedJob> claims) {
        return claims == null ? List.of() : claims.stream().map(JobsWire::claimed).toList();
    }

    @Override
    public List<ClaimedJob> claim(int maxJobs, Consumer<ClaimOptions.Builder> options) {
        if (maxJobs < 1 || maxJobs > MAX_BATCH) {
            throw new IllegalArgumentException("maxJobs must be 1.." + MAX_BATCH + ", got " + maxJobs);
        }
        return claims(calls.post(CLAIM_BATCH, PathSegments.path("jobs", "batch", "claim"), claimBody(options, maxJobs),
                ClaimedJobList.class).claims());
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
    record EndRequest(EndJobsRequest body, List<String> jobIds) {
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
        List<String> ids = new ArrayList<>();
        List<io.deltacat.wire.jobs.JobCompletion> complete = new ArrayList<>();
        for (JobCompletion c : completions) {
            complete.add(new io.deltacat.wire.jobs.JobCompletion(c.job().id(), c.job().fencingToken(),
                    c.result().recordsProcessed(), c.result().watermark()
                    .map(w -> JsonValues.toJson(w, "watermark")).orElse(null)));
            ids.add(c.job().id());
        }
        List<io.deltacat.wire.jobs.JobFailure> fail = new ArrayList<>();
        for (JobFailure f : failures) {
            fail.add(new io.deltacat.wire.jobs.JobFailure(f.job().id(), f.job().fencingToken(), f.error(),
                    f.retryable()));
            ids.add(f.job().id());
        }
        EndJobsRequest body = new EndJobsRequest(complete, fail, maxJobs > 0 ? claimBody(options, maxJobs) : null);
        return new EndRequest(body, ids);
    }

    /**
     * Sends an end-and-claim call with {@code key}; the same key may be sent again to learn the
     * outcome of a call whose answer was lost.
     *
     * @throws ServiceUnavailableException when no answer came back through the transport's resends
     */
    EndAndClaimResult send(EndRequest request, String key) {
        EndJobsResponse n = calls.post(END_BATCH, PathSegments.path("jobs", "batch", "end"), request.body(), key,
                EndJobsResponse.class);
        List<JobEndResult> ended = new ArrayList<>();
        for (JobEndOutcome e : n.ended() == null ? List.<JobEndOutcome>of() : n.ended()) {
            Optional<DeltacatException> refusal = e.problem() == null ? Optional.empty()
                    : Optional.of(JobsWire.refusal(e.problem()));
            ended.add(new JobEndResult(e.jobId() == null ? "" : e.jobId(),
                    e.fencingToken() == null ? 0 : e.fencingToken(),
                    refusal.isPresent() || e.job() == null ? Optional.empty() : Optional.of(job(e.job())), refusal));
        }
        return new EndAndClaimResult(ended, claims(n.claims()));
    }

    @Override
    public Lease emitEvent(ClaimedJob job, String name, long completed, long expected, Map<String, ?> metadata,
                           Duration heartbeatTimeout) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(name, "name");
        JobEventRequest body = new JobEventRequest(job.fencingToken(), name, completed, expected,
                JsonValues.object(metadata, "metadata"),
                heartbeatTimeout == null ? null : JobsWire.millis(heartbeatTimeout.toMillis()));
        return JobsWire.lease(calls.post(EVENTS, PathSegments.path("jobs", job.id(), "events"), body,
                io.deltacat.wire.jobs.Lease.class));
    }

    @Override
    public Lease heartbeat(ClaimedJob job) {
        return JobsWire.lease(calls.post(HEARTBEAT, PathSegments.path("jobs", job.id(), "heartbeat"),
                new HeartbeatRequest(job.fencingToken()), io.deltacat.wire.jobs.Lease.class));
    }

    @Override
    public Job complete(ClaimedJob job, long recordsProcessed, Object watermark) {
        // checked before anything is sent: a value JSON cannot hold must not end the job
        JsonNode wm = watermark == null ? null : JsonValues.toJson(watermark, "watermark");
        CompleteJobRequest body = new CompleteJobRequest(job.fencingToken(), recordsProcessed, wm, null);
        try {
            return job(calls.post(COMPLETE, PathSegments.path("jobs", job.id(), "complete"), body,
                    io.deltacat.wire.jobs.Job.class));
        } catch (ServiceUnavailableException lost) {
            throw new JobOutcomeUnknownException(List.of(job.id()), lost);
        }
    }

    @Override
    public Job fail(ClaimedJob job, String error, boolean retryable) {
        FailJobRequest body = new FailJobRequest(job.fencingToken(), error == null ? "failed" : error, retryable);
        try {
            return job(calls.post(FAIL, PathSegments.path("jobs", job.id(), "fail"), body,
                    io.deltacat.wire.jobs.Job.class));
        } catch (ServiceUnavailableException lost) {
            throw new JobOutcomeUnknownException(List.of(job.id()), lost);
        }
    }

    @Override
    public Job cancel(String jobId) {
        return job(calls.post(CANCEL, PathSegments.path("jobs", jobId, "cancel"), new EmptyRequest(),
                io.deltacat.wire.jobs.Job.class));
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
            StagePayloadRequest request = new StagePayloadRequest(RayPayloadPacker.name(module),
                    java.util.Base64.getEncoder().encodeToString(zip));
            uris.add(calls.post(PAYLOADS, PathSegments.path("dispatch", "ray", "payloads"), request,
                    StagedPayload.class).uri());
        }
        return new RayPayload(uris);
    }

    @Override
    public ManagedRayAccess getManagedRayAccess(String jobId) {
        DispatchAccess a = calls.get(ACCESS, PathSegments.path("jobs", jobId, "dispatch-access"),
                DispatchAccess.class);
        Map<String, String> d = a.details() == null ? Map.of() : a.details();
        String workers = d.getOrDefault("worker_instance_ids", "");
        return new ManagedRayAccess(a.jobId(), a.provider(), a.dashboardUrl(), nonEmpty(d.get("region")),
                nonEmpty(d.get("cluster_name")), nonEmpty(d.get("head_instance_id")), nonEmpty(d.get("head_private_ip")),
                workers.isBlank() ? List.of() : List.of(workers.split(",")), nonEmpty(d.get("launch_template")), d);
    }

    @Override
    public RayCommandSent sendManagedRaySsmCommand(String jobId, List<String> commands, String target) {
        SendCommandsRequestTarget to;
        try {
            to = SendCommandsRequestTarget.of(target);
        } catch (io.deltacat.wire.WireException e) {
            throw new io.deltacat.api.error.InvalidRequestException("target: 'head' or 'all', got '" + target + "'");
        }
        CommandsSent sent = calls.post(COMMANDS, PathSegments.path("jobs", jobId, "dispatch-commands"),
                new SendCommandsRequest(commands, to), CommandsSent.class);
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


    @Override
    public List<JobEvent> events(String jobId) {
        List<io.deltacat.wire.jobs.JobEvent> events = calls.get(EVENTS, PathSegments.path("jobs", jobId, "events"),
                JobEventList.class).events();
        return events == null ? List.of() : events.stream().map(JobsWire::event).toList();
    }

    @Override
    public Worker worker(Consumer<WorkerOptions.Builder> options) {
        WorkerOptions.Builder b = WorkerOptions.builder();
        options.accept(b);
        return new DefaultWorker(this, b.build());
    }

    // ---------------------------------------------------------------- wire to model (JobsWire)

    static Job job(io.deltacat.wire.jobs.Job n) {
        return JobsWire.job(n);
    }

    static Instant instant(long nanos) {
        return JobsWire.instant(nanos);
    }
}
