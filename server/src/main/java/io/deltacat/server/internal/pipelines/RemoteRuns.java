package io.deltacat.server.internal.pipelines;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.server.dispatch.RunDispatcher;
import io.deltacat.server.dispatch.RunDispatcher.RemoteRun;
import io.deltacat.server.dispatch.RunDispatcher.RemoteStatus;
import io.deltacat.server.internal.jobs.JobLeases;
import io.deltacat.server.internal.jobs.JobModel;
import io.deltacat.server.internal.jobs.JobModel.JobRow;
import io.deltacat.server.internal.jobs.JobQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of remotely dispatched node runs (one instance per configured dispatch mode, e.g.
 * {@code ray}): one thread claims the mode's runs from the job queue (dispatch = the mode, so no HTTP
 * worker ever gets them), launches each through the mode's {@link RunDispatcher}, and follows it:
 * while the remote execution lives the run's lease is heartbeated; when it succeeds the run completes
 * (its prepared sink writes commit, watermarks advance), when it fails the run fails with the remote
 * error text, and when an operator cancels the run the remote execution is stopped.
 *
 * <p>Nothing here is kept only in memory that a restart would need: a server that dies mid-run stops
 * heartbeating, the lease lapses, the run comes back to the queue as its next attempt, and the
 * dispatcher's {@code launch} attaches to the still-running remote execution of the earlier attempt
 * (it is named after the run) instead of starting another. The same holds across replicas sharing
 * PostgreSQL: only the lease holder follows a run.
 */
public final class RemoteRuns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteRuns.class);
    private static final long POLL_MS = 500;
    /** Remote runs one server follows at once; more stay pending in the queue. */
    static final int MAX_ACTIVE = 32;

    private final String mode;
    private final RunDispatcher dispatcher;
    private final JobQueue queue;
    private final JobLeases leases;
    private final RunCompletion completion;
    private final Function<JobRow, Map<String, String>> env;
    private final Map<String, Active> active = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;

    /** A run this server holds and follows. */
    private static final class Active {
        final JobRow job;
        final RemoteRun remote;
        long lastBeatNs;

        Active(JobRow job, RemoteRun remote) {
            this.job = job;
            this.remote = remote;
            this.lastBeatNs = System.nanoTime();
        }
    }

    public RemoteRuns(String mode, RunDispatcher dispatcher, JobQueue queue, JobLeases leases, RunCompletion completion,
               Function<JobRow, Map<String, String>> env) {
        this.mode = mode;
        this.dispatcher = dispatcher;
        this.queue = queue;
        this.leases = leases;
        this.completion = completion;
        this.env = env;
        this.thread = new Thread(this::loop, "deltacat-dispatch-" + mode);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stopped) {
            try {
                while (active.size() < MAX_ACTIVE && claimOne()) {
                    // claim what is there
                }
                for (Active a : List.copyOf(active.values())) {
                    follow(a);
                }
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                if (stopped) {
                    return;
                }
                LOG.warn("{} dispatch loop failed; retrying", mode, t);
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private boolean claimOne() throws Exception {
        Optional<JobRow> claimed = leases.claim(mode, List.of(), List.of(), "server-" + mode);
        if (claimed.isEmpty()) {
            return false;
        }
        JobRow job = claimed.get();
        RunDispatcher.RunLaunch launch = new RunDispatcher.RunLaunch(job.id(), job.attempt(),
                job.context().getOrDefault("nodeId", ""), job.type(), dispatchConfig(job), env.apply(job));
        try {
            RemoteRun remote = dispatcher.launch(launch);
            LOG.info("{} run {} (attempt {}) {} as {}", mode, job.id(), job.attempt(),
                    remote.reattached() ? "re-attached" : "launched", remote.id());
            active.put(job.id(), new Active(job, remote));
        } catch (Exception e) {
            // the remote system refused or was unreachable: the attempt fails, a retry launches again
            endQuietly(() -> leases.fail(job.id(), job.fencingToken(), clip(mode + " launch failed: " + e.getMessage()),
                    true));
        }
        return true;
    }

    private void follow(Active a) {
        String id = a.job.id();
        long token = a.job.fencingToken();
        JobRow now;
        try {
            now = queue.get(id);
        } catch (Exception e) {
            LOG.warn("{} run {}: cannot read the job: {}", mode, id, e.getMessage());
            return;
        }
        if (now.state().equals("cancelled")) {
            try {
                a.remote.stop();
                LOG.info("{} run {} cancelled: stopped {}", mode, id, a.remote.id());
                active.remove(id);
            } catch (Exception e) {
                LOG.warn("{} run {}: stopping {} failed (retrying): {}", mode, id, a.remote.id(), e.getMessage());
            }
            return;
        }
        if (now.isFinal() || now.fencingToken() != token) {
            active.remove(id); // ended or taken over (the lease lapsed): no longer ours to follow
            return;
        }
        RemoteStatus status;
        try {
            status = a.remote.status();
        } catch (Exception e) {
            // the remote system did not answer: keep the lease only as long as it is valid, so a run
            // whose cluster is gone comes back to the queue when the lease lapses
            LOG.warn("{} run {}: status of {} unknown: {}", mode, id, a.remote.id(), e.getMessage());
            return;
        }
        switch (status.state()) {
            case PENDING, RUNNING -> heartbeat(a, now);
            case SUCCEEDED -> {
                try {
                    completion.complete(id, token, 0, null, completion.preparedWrites(id), null);
                } catch (DeltacatException e) {
                    // the catalog refused the run's writes (e.g. a conflict): the run fails with why,
                    // rather than re-attaching to the same succeeded execution on every retry
                    endQuietly(() -> leases.fail(id, token, clip("completing the run failed: " + e.getMessage()),
                            false));
                } catch (Exception e) {
                    LOG.warn("{} run {}: completion failed (retrying): {}", mode, id, e.getMessage());
                    return;
                }
                active.remove(id);
            }
            case FAILED -> {
                endQuietly(() -> leases.fail(id, token, clip(status.message()), true));
                active.remove(id);
            }
            default -> throw new IllegalStateException("unknown remote state " + status.state());
        }
    }

    private void heartbeat(Active a, JobRow now) {
        // a third of the lease between beats: enough margin on a loaded machine, few event rows
        long every = Math.max(300, now.leaseMs() / 3) * 1_000_000L;
        if (System.nanoTime() - a.lastBeatNs < every && !now.state().equals("claimed")) {
            return;
        }
        try {
            leases.heartbeat(a.job.id(), a.job.fencingToken());
            a.lastBeatNs = System.nanoTime();
        } catch (DeltacatException e) {
            LOG.warn("{} run {}: lease lost ({}); no longer followed here", mode, a.job.id(), e.getMessage());
            active.remove(a.job.id());
        } catch (Exception e) {
            LOG.warn("{} run {}: heartbeat failed: {}", mode, a.job.id(), e.getMessage());
        }
    }

    private interface End {
        Object run() throws Exception;
    }

    private void endQuietly(End end) {
        try {
            end.run();
        } catch (Exception e) {
            LOG.warn("{}: ending a run failed: {}", mode, e.getMessage());
        }
    }

    private static String clip(String s) {
        String text = s == null ? "remote run failed" : s;
        return text.length() <= JobModel.MAX_ERROR_CHARS ? text : text.substring(text.length() - JobModel.MAX_ERROR_CHARS);
    }

    /** The node's dispatch configuration, as {@link Runs} put it into the run's context. */
    static Map<String, String> dispatchConfig(JobRow job) {
        Map<String, String> out = new LinkedHashMap<>();
        job.context().forEach((k, v) -> {
            if (k.startsWith("dispatch.")) {
                out.put(k.substring("dispatch.".length()), v);
            }
        });
        return out;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
