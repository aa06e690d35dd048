package io.deltacat.server.dispatch;

import java.util.Map;

/**
 * Runs node runs of one dispatch mode remotely. The server claims each run from its durable job queue
 * (dispatch = the mode, never handed to HTTP workers), calls {@link #launch}, follows the run with
 * {@link RemoteRun#status()} while heartbeating the run's lease, and ends the run by what it reports:
 * succeeded (the run's prepared sink writes commit and the watermarks advance), failed (the run fails
 * with the message), or cancelled by an operator ({@link RemoteRun#stop()}).
 *
 * <p>A run is launched at most once per attempt and never twice at the same time: {@link #launch} must
 * be idempotent for a run id and attempt (a server that restarts mid-launch asks again), and must
 * attach to a still-live or succeeded remote execution of an earlier attempt of the same run instead of
 * starting a new one (a server that died mid-run lost its lease; the next attempt re-attaches).
 */
public interface RunDispatcher extends AutoCloseable {
    /**
     * Checks a node's dispatch configuration when the node is created.
     *
     * @throws IllegalArgumentException naming the invalid key
     */
    void validate(Map<String, String> config);

    /** Starts the run remotely, or attaches to its earlier execution (see the class comment). */
    RemoteRun launch(RunLaunch launch) throws Exception;

    /**
     * Stages a payload archive (e.g. a zip of Python modules for {@code ray}) where this mode's remote
     * runs can fetch it, content-addressed: the same bytes give the same URI and are stored once. The
     * dispatcher verifies the archive (size, structure); the caller's claims are not trusted.
     *
     * @param name    the module's name as the caller gave it
     * @param archive the archive's bytes
     * @throws io.deltacat.api.error.UnsupportedFeatureException when this mode stages no payloads
     */
    default StagedPayload stagePayload(String name, byte[] archive) throws Exception {
        throw new io.deltacat.api.error.UnsupportedFeatureException("this dispatch mode stages no payloads");
    }

    /**
     * What the remote system knows of a run's execution environment, for owner/admin callers (for
     * {@code ray} on AWS: region, cluster name, head instance id and private IP, worker ids, launch
     * template). Nothing is provisioned to answer.
     *
     * @throws io.deltacat.api.error.NotFoundException when the run has no environment now
     */
    default Access access(RunRef run) throws Exception {
        throw new io.deltacat.api.error.UnsupportedFeatureException("this dispatch mode describes no run environment");
    }

    /**
     * Runs shell commands where a run executes (for {@code ray} on AWS: SSM on the head or on every
     * instance of its cluster).
     *
     * @param target {@code head} or {@code all}
     */
    default CommandSent sendCommand(RunRef run, java.util.List<String> commands, String target) throws Exception {
        throw new io.deltacat.api.error.UnsupportedFeatureException("this dispatch mode runs no commands");
    }

    @Override
    default void close() {
    }

    /**
     * A run as the access helpers name it.
     *
     * @param runId  the run's job id
     * @param nodeId its node
     * @param config the node's dispatch configuration
     */
    record RunRef(String runId, String nodeId, Map<String, String> config) {
        public RunRef {
            config = Map.copyOf(config);
        }
    }

    /**
     * A run's execution environment.
     *
     * @param provider     where it runs (e.g. {@code existing}, {@code aws})
     * @param dashboardUrl the remote system's URL the server uses
     * @param details      the provider's facts (e.g. {@code region}, {@code head_instance_id})
     */
    record Access(String provider, String dashboardUrl, Map<String, String> details) {
        public Access {
            details = Map.copyOf(details);
        }
    }

    /**
     * Commands sent.
     *
     * @param commandId   the remote system's id of them (an SSM command id)
     * @param instanceIds where they run
     */
    record CommandSent(String commandId, java.util.List<String> instanceIds) {
        public CommandSent {
            instanceIds = java.util.List.copyOf(instanceIds);
        }
    }

    /**
     * A staged payload.
     *
     * @param uri       where it is stored
     * @param sha256    the archive's SHA-256, hex
     * @param sizeBytes its size
     * @param created   false when the same bytes were there already
     */
    record StagedPayload(String uri, String sha256, long sizeBytes, boolean created) {
    }

    /**
     * One attempt of a node run to launch.
     *
     * @param runId    the run's job id
     * @param attempt  the attempt (1, 2, ...)
     * @param nodeId   the node
     * @param nodeKind subscription, transform or publication
     * @param config   the node's dispatch configuration
     * @param env      what the remote run needs to reach the server: its URL, the run id, the run's token
     */
    record RunLaunch(String runId, int attempt, String nodeId, String nodeKind, Map<String, String> config,
                     Map<String, String> env) {
        public RunLaunch {
            config = Map.copyOf(config);
            env = Map.copyOf(env);
        }
    }

    /** A launched (or re-attached) remote execution of a run. */
    interface RemoteRun {
        /** The remote system's id for it (e.g. a Ray submission id). */
        String id();

        /** Whether it was found running from an earlier attempt rather than started now. */
        boolean reattached();

        /** Where it is now. */
        RemoteStatus status() throws Exception;

        /** Stops it (the run was cancelled); safe when it already ended. */
        void stop() throws Exception;
    }

    /**
     * A remote execution's state.
     *
     * @param state   where it is
     * @param message the remote system's message (for a failure: its error text, with the log's tail)
     */
    record RemoteStatus(State state, String message) {
        /** The states a run maps to. */
        public enum State {
            PENDING, RUNNING, SUCCEEDED, FAILED
        }

        public boolean ended() {
            return state == State.SUCCEEDED || state == State.FAILED;
        }
    }
}
