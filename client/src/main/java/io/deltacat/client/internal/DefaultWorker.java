package io.deltacat.client.internal;

import io.deltacat.api.Worker;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.JobResult;
import io.deltacat.api.options.WorkerOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker loop: {@code threads} claim-run-complete loops, plus one scheduler thread that
 * heartbeats the leases of running handlers. A lost lease (409 on heartbeat) interrupts the handler;
 * its result is then discarded (the server refuses a stale completion anyway).
 */
final class DefaultWorker implements Worker {
    private static final System.Logger LOG = System.getLogger(DefaultWorker.class.getName());
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private final DefaultJobsClient jobs;
    private final WorkerOptions options;
    private final ExecutorService loops;
    private final ScheduledExecutorService heartbeats;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Object idle = new Object();

    /** Ends a job the handler ran successfully. */
    interface Completion {
        void complete(ClaimedJob job, JobResult result);
    }

    private final Completion completion;

    DefaultWorker(DefaultJobsClient jobs, WorkerOptions options) {
        this(jobs, options, (job, r) -> jobs.complete(job, r.recordsProcessed(), r.watermark().orElse(null)));
    }

    DefaultWorker(DefaultJobsClient jobs, WorkerOptions options, Completion completion) {
        this.jobs = jobs;
        this.options = options;
        this.completion = completion;
        AtomicInteger n = new AtomicInteger();
        this.loops = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, options.workerId() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, options.workerId() + "-heartbeat");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < options.threads(); i++) {
            String id = options.workerId() + "-" + (i + 1);
            loops.execute(() -> loop(id));
        }
    }

    private void loop(String workerId) {
        String[] tags = options.workerTags().toArray(String[]::new);
        String[] types = options.types().toArray(String[]::new);
        while (running.get()) {
            Optional<ClaimedJob> claimed;
            try {
                claimed = jobs.claim(c -> c.workerTags(tags).types(types).workerId(workerId));
            } catch (DeltacatException e) {
                LOG.log(System.Logger.Level.DEBUG, "claim failed; retrying", e);
                claimed = Optional.empty();
            }
            if (claimed.isEmpty()) {
                pause();
                continue;
            }
            run(claimed.get());
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

    private void run(ClaimedJob job) {
        Thread handlerThread = Thread.currentThread();
        AtomicBoolean lost = new AtomicBoolean();
        Duration interval = options.heartbeatInterval()
                .orElse(job.job().leaseDuration().dividedBy(3));
        long ms = Math.max(100, interval.toMillis());
        ScheduledFuture<?> beat = heartbeats.scheduleWithFixedDelay(() -> {
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
        JobResult result = null;
        Throwable failure = null;
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
            return;
        }
        try {
            if (failure == null) {
                JobResult r = result == null ? JobResult.empty() : result;
                completion.complete(job, r);
                completed.incrementAndGet();
            } else {
                failed.incrementAndGet();
                if (failure instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String message = failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
                jobs.fail(job, message, true);
            }
        } catch (ConflictException | NotFoundException e) {
            LOG.log(System.Logger.Level.INFO, "job " + job.id() + " could not be ended by this worker: " + e.getMessage());
        } catch (RuntimeException e) {
            // the lease will lapse and the job will be retried
            LOG.log(System.Logger.Level.WARNING, "could not report the end of job " + job.id(), e);
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
        if (!running.getAndSet(false) && loops.isTerminated()) {
            return;
        }
        synchronized (idle) {
            idle.notifyAll();
        }
        loops.shutdown();
        try {
            if (!loops.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                loops.shutdownNow();
                loops.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            loops.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            heartbeats.shutdownNow();
        }
    }
}
