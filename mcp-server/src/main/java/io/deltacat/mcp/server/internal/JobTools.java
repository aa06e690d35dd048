package io.deltacat.mcp.server.internal;

import io.deltacat.api.model.JobState;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobPage;
import io.deltacat.mcp.server.internal.ToolKit.Kind;
import io.deltacat.mcp.tools.ToolArgs;
import io.deltacat.mcp.tools.Tools;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Job tools: list, get, submit a compaction, wait with a timeout, cancel. */
final class JobTools {
    /** The longest wait_job may hold a request (the SDK's request timeout is above it). */
    static final int MAX_WAIT_SECONDS = 300;

    private JobTools() {
    }

    static List<SyncToolSpecification> all(ToolKit kit) {
        return List.of(
                kit.tool(Tools.LIST_JOBS, "List jobs, newest first, optionally by state and type, a page at a time.",
                        ToolArgs.ListJobs.class, JobPage.class,
                        WireMirror.of("GET", "/v1/jobs").query("state", io.deltacat.wire.jobs.JobState.class),
                        Kind.READ_ONLY, (call, a) -> call.client().jobs().list(o -> {
                            if (a.state() != null) {
                                o.states(state(a.state()));
                            }
                            if (a.type() != null) {
                                o.type(a.type());
                            }
                            if (a.pageSize() != null) {
                                o.pageSize(a.pageSize());
                            }
                            if (a.pageToken() != null) {
                                o.pageToken(a.pageToken());
                            }
                        })),
                kit.tool(Tools.GET_JOB, "Get a job: type, state, context, attempts, error, timestamps.",
                        ToolArgs.Job.class, Job.class, WireMirror.of("GET", "/v1/jobs/{jobId}"), Kind.READ_ONLY,
                        (call, a) -> call.client().jobs().get(a.jobId())),
                kit.tool(Tools.SUBMIT_COMPACTION, "Submit a compaction job for a table (the server's runner or a"
                        + " worker runs it); answers the job.", ToolArgs.Table.class, Job.class,
                        WireMirror.of("POST", "/v1/jobs")
                                .own("namespace", "the table's namespace, sent as the compaction job's context")
                                .own("table", "the table's name, sent as the compaction job's context"),
                        Kind.ADDITIVE,
                        (call, a) -> call.client().jobs().submitCompaction(a.namespace(), a.table())),
                kit.tool(Tools.WAIT_JOB, "Wait until a job ends or the timeout passes (default 30 s, at most "
                        + MAX_WAIT_SECONDS + " s) and answer the job as it then is.", ToolArgs.WaitJob.class,
                        Job.class, WireMirror.of("GET", "/v1/jobs/{jobId}").own("timeoutSeconds", "the tool polls the route until then"),
                        Kind.READ_ONLY, (call, a) -> {
                            int seconds = a.timeoutSeconds() == null ? 30 : Math.min(a.timeoutSeconds(), MAX_WAIT_SECONDS);
                            return call.client().jobs().waitFor(a.jobId(), Duration.ofSeconds(Math.max(seconds, 0)));
                        }),
                kit.tool(Tools.CANCEL_JOB, "Cancel a job that has not ended. Destructive: its work is abandoned.",
                        ToolArgs.Job.class, Job.class, WireMirror.of("POST", "/v1/jobs/{jobId}/cancel"),
                        Kind.DESTRUCTIVE, (call, a) -> call.client().jobs().cancel(a.jobId())));
    }

    private static JobState state(String s) {
        try {
            return JobState.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown job state '" + s + "'; one of pending, claimed, running,"
                    + " succeeded, failed, cancelled");
        }
    }
}
