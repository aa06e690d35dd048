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

    @Override
    default void close() {
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
