package io.deltacat.server.internal.http;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.server.dispatch.RunDispatcher;
import io.deltacat.server.internal.jobs.JobModel;
import io.deltacat.server.internal.jobs.JobQueue;
import io.deltacat.server.internal.pipelines.Nodes;
import java.util.Base64;

/**
 * Routes of the remote dispatch modes ({@code /v1/dispatch/{mode}/...}): what a mode's
 * {@link RunDispatcher} offers beyond running node runs: staging payloads, and for owner/admin callers a
 * run's execution environment ({@code /v1/jobs/{jobId}/dispatch-access}) and commands run there
 * ({@code /v1/jobs/{jobId}/dispatch-commands}).
 */
final class DispatchRoutes {
    /** The most commands one call sends (SSM's own limits are larger; this is an operator's helper). */
    static final int MAX_COMMANDS = 100;

    private final Nodes nodes;
    private final JobQueue queue;

    DispatchRoutes(Nodes nodes, JobQueue queue) {
        this.nodes = nodes;
        this.queue = queue;
    }

    void register(Router router) {
        // content-addressed: staging the same bytes again answers the same URI
        router.add("POST", "/v1/dispatch/{mode}/payloads", this::stagePayload);
        router.add("GET", "/v1/jobs/{jobId}/dispatch-access", Router.Resend.READ, this::access);
        // a command is not re-sent on a resend: the stored answer is replayed
        router.add("POST", "/v1/jobs/{jobId}/dispatch-commands", this::sendCommands);
    }

    /** The run of a job dispatched remotely, and its mode's dispatcher. */
    private record Run(RunDispatcher dispatcher, String mode, RunDispatcher.RunRef ref) {
    }

    private Run run(String jobId) throws Exception {
        JobModel.JobRow job = queue.get(jobId);
        if (job.dispatch() == null || nodes.dispatcher(job.dispatch()).isEmpty()) {
            throw new UnsupportedFeatureException("job '" + jobId + "' is not run by a remote dispatch mode of this"
                    + " server (its dispatch is '" + job.dispatch() + "')");
        }
        java.util.Map<String, String> config = new java.util.LinkedHashMap<>();
        job.context().forEach((k, v) -> {
            if (k.startsWith("dispatch.")) {
                config.put(k.substring("dispatch.".length()), v);
            }
        });
        return new Run(nodes.dispatcher(job.dispatch()).get(), job.dispatch(), new RunDispatcher.RunRef(jobId,
                job.context().getOrDefault("nodeId", ""), config));
    }

    private HttpResult access(Router.Call c) throws Exception {
        Run run = run(c.param("jobId"));
        RunDispatcher.Access a = run.dispatcher().access(run.ref());
        return HttpResult.wire(200, new io.deltacat.wire.dispatch.DispatchAccess(c.param("jobId"),
                run.mode(), a.provider(), a.dashboardUrl(), a.details()));
    }

    private HttpResult sendCommands(Router.Call c) throws Exception {
        io.deltacat.wire.dispatch.SendCommandsRequest req = Json.read(c.body(),
                io.deltacat.wire.dispatch.SendCommandsRequest.class);
        if (req.commands().isEmpty() || req.commands().size() > MAX_COMMANDS) {
            throw new InvalidRequestException("commands: 1.." + MAX_COMMANDS + " commands, got " + req.commands().size());
        }
        Run run = run(c.param("jobId"));
        RunDispatcher.CommandSent sent = run.dispatcher().sendCommand(run.ref(), req.commands(), req.target().wire());
        return HttpResult.wire(200, new io.deltacat.wire.dispatch.CommandsSent(sent.commandId(),
                sent.instanceIds()));
    }

    private RunDispatcher dispatcher(String mode) {
        return nodes.dispatcher(mode).orElseThrow(() -> new UnsupportedFeatureException("dispatch mode '" + mode
                + "' is not available on this server"));
    }

    private HttpResult stagePayload(Router.Call c) throws Exception {
        RunDispatcher d = dispatcher(c.param("mode"));
        io.deltacat.wire.dispatch.StagePayloadRequest req = Json.read(c.body(),
                io.deltacat.wire.dispatch.StagePayloadRequest.class);
        byte[] archive;
        try {
            archive = Base64.getDecoder().decode(req.content());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("content: not base64: " + e.getMessage());
        }
        RunDispatcher.StagedPayload s = d.stagePayload(req.name(), archive);
        return HttpResult.wire(200, new io.deltacat.wire.dispatch.StagedPayload(s.uri(), s.sha256(),
                s.sizeBytes(), s.created()));
    }
}
