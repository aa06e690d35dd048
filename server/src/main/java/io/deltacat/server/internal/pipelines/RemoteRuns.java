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
 * worker ever gets them), launches each through the mode's {@link RunDispatcher} (on a thread of its
 * own, heartbeating the lease meanwhile: a launch may provision a cluster), and follows it:
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

    /** Launches run here, off the loop: a launch may provision a cluster for minutes (e.g. on EC2). */
    private final java.util.concurrent.ExecutorService launcher;

    /** A run this server holds and follows: launching (its lease heartbeated meanwhile), then launched. */
    private static final class Active {
        final JobRow job;
        final java.util.concurrent.Future<RemoteRun> launching;
        RemoteRun remote;
        long lastBeatNs;

        Active(JobRow job, java.util.concurrent.Future<RemoteRun> launching) {
            this.job = job;
            this.launching = launching;
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
        this.launcher = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "deltacat-dispatch-" + mode + "-launch");
            t.setDaemon(true);
            return t;
        });
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
        active.put(job.id(), new Active(job, launcher.submit(() -> dispatcher.launch(launch))));
        return true;
    }

    /** True when the run's launch has ended (launched, or failed and ended here); false while it runs. */
    private boolean launched(Active a) {
        if (a.remote != null) {
            return true;
        }
        String id = a.job.id();
        if (!a.launching.isDone()) {
            try {
                JobRow now = queue.get(id);
                if (now.fencingToken() == a.job.fencingToken() && !now.isFinal()) {
                    heartbeat(a, now);
                }
            } catch (Exception e) {
                LOG.warn("{} run {}: cannot read the job while launching: {}", mode, id, e.getMessage());
            }
            return false;
        }
        try {
            a.remote = a.launching.get();
            LOG.info("{} run {} (attempt {}) {} as {}", mode, id, a.job.attempt(),
                    a.remote.reattached() ? "re-attached" : "launched", a.remote.id());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            // the remote system refused or was unreachable: the attempt fails, a retry launches again
            Throwable cause = e.getCause() == null ? e : e.getCause();
            endQuietly(() -> leases.fail(id, a.job.fencingToken(), clip(mode + " launch failed: " + cause.getMessage()),
                    true));
            active.remove(id);
            return false;
        }
    }

    private void follow(Active a) {
        if (!launched(a)) {
            return;
        }
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
        launcher.shutdownNow();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
