package io.deltacat.server.internal.pipelines;

import io.deltacat.server.internal.jobs.JobModel.JobRow;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables a remotely dispatched run gets: where the server is and which run it is.
 * The entrypoint reads its inputs with {@code GET /v1/jobs/{DELTACAT_RUN_ID}/inputs}, stages its sink
 * writes and prepares them for the run; the server commits them when the remote run succeeds. It sends
 * {@code Authorization: Bearer $DELTACAT_RUN_TOKEN}, which reaches that run's own routes only.
 */
public final class RunEnv {
    public static final String SERVER_URL = "DELTACAT_SERVER_URL";
    public static final String RUN_ID = "DELTACAT_RUN_ID";
    public static final String NODE_ID = "DELTACAT_NODE_ID";
    public static final String ATTEMPT = "DELTACAT_RUN_ATTEMPT";
    /** The run's token (auth/RunTokens): it authenticates as this run only, while the run lives. */
    public static final String TOKEN = "DELTACAT_RUN_TOKEN";

    private RunEnv() {
    }

    public static Map<String, String> of(String serverUrl, JobRow job, String token) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(SERVER_URL, serverUrl);
        env.put(RUN_ID, job.id());
        env.put(NODE_ID, job.context().getOrDefault("nodeId", ""));
        env.put(ATTEMPT, Integer.toString(job.attempt()));
        env.put(TOKEN, token);
        return env;
    }
}
