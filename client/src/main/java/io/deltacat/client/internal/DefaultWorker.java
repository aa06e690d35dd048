package io.deltacat.client.internal;

import io.deltacat.api.Worker;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.ServiceUnavailableException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.EndAndClaimResult;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobCompletion;
import io.deltacat.api.model.JobEndResult;
import io.deltacat.api.model.JobFailure;
import io.deltacat.api.model.JobResult;
import io.deltacat.api.model.JobState;
import io.deltacat.api.options.ClaimOptions;
import io.deltacat.api.options.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The worker: {@code threads} handler threads, one scheduler thread that heartbeats the leases of
 * running handlers (a lost lease, 409 on heartbeat, interrupts the handler, whose result is then
 * discarded: the server refuses a stale end anyway), and one of two ways to get and end jobs:
 * <ul>
 * <li>by default, batches: a coordinator thread ends every job its handlers finished and claims as
 *     many jobs as there are free handler threads in one call ({@code POST /v1/jobs/batch/end} with
 *     {@code claimNext}), so a busy worker makes one round trip per batch, not three per job. When
 *     that call's answer is lost through every resend, the coordinator asks each job's state: ended
 *     with this claim's fencing token counts as done, still held with it is ended again in the next
 *     call, anything else was lost with its lease;</li>
 * <li>with a custom completion (a pipeline node's worker, whose completion commits the run's
 *     writes): each handler thread claims, runs and ends one job at a time.</li>
 * </ul>
 */
final class DefaultWorker implements Worker {
    private static final System.Logger LOG = System.getLogger(DefaultWorker.class.getName());
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private final DefaultJobsClient jobs;
    private final WorkerOptions options;
    private final ExecutorService handlers;
    private final ScheduledExecutorService heartbeats;
    private final Thread coordinator;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Object idle = new Object();
    /** Handler outcomes waiting to be reported (batch mode). */
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    /** Jobs handed to handler threads and not yet finished (batch mode). */
    private final AtomicInteger inFlight = new AtomicInteger();

    /** Ends a job the handler ran successfully. */
    interface Completion {
        void complete(ClaimedJob job, JobResult result);
    }

    private final Completion completion;

    /** What a handler thread hands back: a result, an error (retryable failure), or a lost lease. */
    private record Finished(ClaimedJob job, JobResult result, String error, boolean lost) {
    }

    DefaultWorker(DefaultJobsClient jobs, WorkerOptions options) {
        this(jobs, options, null);
    }

    DefaultWorker(DefaultJobsClient jobs, WorkerOptions options, Completion completion) {
        this.jobs = jobs;
        this.options = options;
        this.completion = completion;
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, options.workerId() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, options.workerId() + "-heartbeat");
            t.setDaemon(true);
            return t;
        });
        if (completion == null) {
            coordinator = new Thread(this::coordinate, options.workerId() + "-claims");
            coordinator.setDaemon(true);
            coordinator.start();
        } else {
            coordinator = null;
            for (int i = 0; i < options.threads(); i++) {
                String id = options.workerId() + "-" + (i + 1);
                handlers.execute(() -> loop(id));
            }
        }
    }

    private Consumer<ClaimOptions.Builder> claimOptions(String workerId) {
        String[] tags = options.workerTags().toArray(String[]::new);
        String[] types = options.types().toArray(String[]::new);
        return c -> c.workerTags(tags).types(types).workerId(workerId);
    }

    // ---------------------------------------------------------------- batch mode

    /** The coordinator: end what finished, claim for free threads, until closed and drained. */
    private void coordinate() {
        Consumer<ClaimOptions.Builder> claim = claimOptions(options.workerId());
        List<Finished> unreported = new ArrayList<>();
        long giveUpAt = Long.MAX_VALUE;
        while (running.get() || inFlight.get() > 0 || !unreported.isEmpty() || !finished.isEmpty()) {
            if (!running.get() && giveUpAt == Long.MAX_VALUE) {
                giveUpAt = System.nanoTime() + CLOSE_GRACE.toNanos() + TimeUnit.SECONDS.toNanos(5);
            }
            if (System.nanoTime() > giveUpAt) {
                LOG.log(System.Logger.Level.WARNING, "worker closed with " + unreported.size()
                        + " job ends not reported; their leases will lapse and the jobs will be retried");
                return;
            }
            finished.drainTo(unreported);
            unreported.removeIf(f -> f.lost());
            int free = running.get() ? options.threads() - inFlight.get() : 0;
            if (unreported.isEmpty() && free <= 0) {
                awaitFinished(options.pollInterval().toMillis());
                continue;
            }
            List<ClaimedJob> claimed;
            try {
                claimed = report(unreported, free, claim);
            } catch (DeltacatException e) {
                if (e.status() >= 500) {
                    LOG.log(System.Logger.Level.DEBUG, "ending or claiming jobs failed; retrying", e);
                    awaitFinished(options.pollInterval().toMillis());
                } else {
                    endOneByOne(unreported, e);  // one bad end (e.g. an oversized watermark) refuses the call
                }
                continue;
            } catch (IllegalArgumentException e) {
                endOneByOne(unreported, e);      // a watermark JSON cannot hold, found before sending
                continue;
            }
            for (ClaimedJob job : claimed) {
                inFlight.incrementAndGet();
                handlers.execute(() -> {
                    finished.add(handle(job));
                    inFlight.decrementAndGet(); // after the add: the coordinator never sees neither
                });
            }
            if (claimed.isEmpty() && unreported.isEmpty()) {
                awaitFinished(options.pollInterval().toMillis());
            }
        }
    }

    /** Waits until a handler finishes or the worker closes, at most {@code ms}. */
    private void awaitFinished(long ms) {
        try {
            Finished f = finished.poll(ms, TimeUnit.MILLISECONDS);
            if (f != null) {
                finished.add(f);
            }
        } catch (InterruptedException e) {
            running.set(false);
        }
    }

    /**
     * Ends {@code unreported} and claims up to {@code free} jobs in one call; removes from
     * {@code unreported} what is settled. A call whose answer is lost is resolved by the jobs' states.
     */
    private List<ClaimedJob> report(List<Finished> unreported, int free, Consumer<ClaimOptions.Builder> claim) {
        List<JobCompletion> completions = new ArrayList<>();
        List<JobFailure> failures = new ArrayList<>();
        for (Finished f : unreported) {
            if (f.result() != null) {
                completions.add(new JobCompletion(f.job(), f.result()));
            } else {
                failures.add(JobFailure.of(f.job(), f.error(), true));
            }
        }
        DefaultJobsClient.EndRequest request = DefaultJobsClient.endRequest(completions, failures, Math.max(0, free), claim);
        EndAndClaimResult r;
        try {
            r = jobs.send(request, ApiCalls.newKey());
        } catch (ServiceUnavailableException lost) {
            resolveByState(unreported, lost);
            return List.of();
        }
        for (JobEndResult e : r.ended()) {
            Finished f = find(unreported, e.jobId());
            if (e.ended() && f != null && f.result() != null) {
                completed.incrementAndGet();
            } else if (!e.ended()) {
                LOG.log(System.Logger.Level.INFO, "job " + e.jobId() + " could not be ended by this worker: "
                        + e.refusal().map(Throwable::getMessage).orElse(""));
            }
        }
        unreported.clear();
        return r.claimed();
    }

    /**
     * The batch call was refused as a whole (a 4xx, or a value that cannot be sent): each end goes on
     * its own, so only the bad one fails; what cannot be ended is left to its lease (retried later).
     */
    private void endOneByOne(List<Finished> unreported, RuntimeException why) {
        LOG.log(System.Logger.Level.INFO, "ending " + unreported.size() + " jobs in one call was refused ("
                + why.getMessage() + "); ending them one by one");
        for (Finished f : unreported) {
            try {
                if (f.result() != null) {
                    jobs.complete(f.job(), f.result().recordsProcessed(), f.result().watermark().orElse(null));
                    completed.incrementAndGet();
                } else {
                    jobs.fail(f.job(), f.error(), true);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not report the end of job " + f.job().id()
                        + "; its lease will lapse and it will be retried", e);
            }
        }
        unreported.clear();
    }

    private static Finished find(List<Finished> list, String jobId) {
        for (Finished f : list) {
            if (f.job().id().equals(jobId)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The answer of an end call was lost: a job ended with our token was ended by it (counted); one
     * still held with our token was not (kept, ended again next time); one with another token or
     * unknown was lost with its lease. Jobs whose state cannot be read are kept for the next try.
     */
    private void resolveByState(List<Finished> unreported, ServiceUnavailableException lost) {
        LOG.log(System.Logger.Level.INFO, "the answer to ending " + unreported.size()
                + " jobs was lost; asking for their states (" + lost.getMessage() + ")");
        List<Finished> keep = new ArrayList<>();
        for (Finished f : unreported) {
            Job now;
            try {
                now = jobs.get(f.job().id());
            } catch (NotFoundException gone) {
                continue;
            } catch (DeltacatException unreachable) {
                keep.add(f);
                continue;
            }
            boolean ours = now.fencingToken() == f.job().fencingToken();
            boolean held = now.state() == JobState.CLAIMED || now.state() == JobState.RUNNING;
            if (ours && held) {
                keep.add(f);                        // not applied: end it again
            } else if (ours && f.result() != null && now.state() == JobState.SUCCEEDED) {
                completed.incrementAndGet();        // applied
            } else if (!ours || f.result() != null) {
                LOG.log(System.Logger.Level.INFO, "job " + f.job().id() + " was not ended by this worker: it is "
                        + now.state().wireName() + " with fencing token " + now.fencingToken());
            }
        }
        unreported.clear();
        unreported.addAll(keep);
        if (!keep.isEmpty()) {
            awaitFinished(options.pollInterval().toMillis());
        }
    }

    /** Runs the handler for one claimed job on a handler thread, heartbeating its lease meanwhile. */
    private Finished handle(ClaimedJob job) {
        AtomicBoolean lost = new AtomicBoolean();
        JobResult result = null;
        Throwable failure = null;
        ScheduledFuture<?> beat = heartbeat(job, lost);
        try {
            result = options.handler().handle(job);
        } catch (Throwable t) {
            failure = t;
        } finally {
            beat.cancel(false);
        }
        if (lost.get()) {
            Thread.interrupted(); // clear our own interrupt
            failed.incrementAndGet();
            return new Finished(job, null, null, true);
        }
        if (failure != null) {
            failed.incrementAndGet();
            if (failure instanceof InterruptedException) {
                Thread.interrupted();
            }
            return new Finished(job, null, describe(failure), false);
        }
        return new Finished(job, result == null ? JobResult.empty() : result, null, false);
    }

    private static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    /** Heartbeats the job's lease; a refused heartbeat (the lease is gone) interrupts the handler. */
    private ScheduledFuture<?> heartbeat(ClaimedJob job, AtomicBoolean lost) {
        Thread handlerThread = Thread.currentThread();
        Duration interval = options.heartbeatInterval().orElse(job.job().leaseDuration().dividedBy(3));
        long ms = Math.max(100, interval.toMillis());
        return heartbeats.scheduleWithFixedDelay(() -> {
            try {
                jobs.heartbeat(job);
            } catch (ConflictException | NotFoundException e) {
                // the lease is gone (lapsed, cancelled or claimed again): stop the handler
                if (lost.compareAndSet(false, true)) {
                    LOG.log(System.Logger.Level.INFO, "job " + job.id() + " lost its lease: " + e.getMessage());
                    handlerThread.interrupt();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "heartbeat of job " + job.id() + " failed; will retry", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- one job at a time (custom completion)

    private void loop(String workerId) {
        Consumer<ClaimOptions.Builder> claim = claimOptions(workerId);
        while (running.get()) {
            Optional<ClaimedJob> claimed;
            try {
                claimed = jobs.claim(claim);
            } catch (DeltacatException e) {
                LOG.log(System.Logger.Level.DEBUG, "claim failed; retrying", e);
                claimed = Optional.empty();
            }
            if (claimed.isEmpty()) {
                pause();
                continue;
            }
            Finished f = handle(claimed.get());
            if (!f.lost()) {
                end(f);
            }
        }
    }

    private void end(Finished f) {
        try {
            if (f.result() != null) {
                completion.complete(f.job(), f.result());
                completed.incrementAndGet();
            } else {
                jobs.fail(f.job(), f.error(), true);
            }
        } catch (ConflictException | NotFoundException e) {
            LOG.log(System.Logger.Level.INFO, "job " + f.job().id() + " could not be ended by this worker: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            // the lease will lapse and the job will be retried
            LOG.log(System.Logger.Level.WARNING, "could not report the end of job " + f.job().id(), e);
        }
    }

    private void pause() {
        synchronized (idle) {
            if (!running.get()) {
                return;
            }
            try {
                idle.wait(options.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.set(false);
            }
        }
    }

    @Override
    public long completed() {
        return completed.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public void close() {
        if (!running.getAndSet(false) && handlers.isTerminated()) {
            return;
        }
        synchronized (idle) {
            idle.notifyAll();
        }
        try {
            if (coordinator != null) {
                // the coordinator stops claiming, waits for the running handlers and reports their ends
                coordinator.join(CLOSE_GRACE.toMillis());
                if (coordinator.isAlive()) {
                    handlers.shutdownNow();
                    coordinator.join(TimeUnit.SECONDS.toMillis(10));
                }
            }
            handlers.shutdown();
            if (!handlers.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                handlers.shutdownNow();
                handlers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handlers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            heartbeats.shutdownNow();
        }
    }
}
