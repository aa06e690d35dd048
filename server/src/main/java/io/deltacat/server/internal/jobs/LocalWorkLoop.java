package io.deltacat.server.internal.jobs;

import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * The loop of a thread that runs the server's own jobs (compaction, replication): run one job, or wait
 * for local work to be queued; a failure is logged and retried after a pause, an interrupt or
 * {@code stopped} ends the loop.
 */
public final class LocalWorkLoop {
    private LocalWorkLoop() {
    }

    /**
     * @param runOne runs one claimed job, answering false when there was none to claim
     * @param what   names the runner in the log
     */
    public static void run(JobQueue queue, BooleanSupplier stopped, Callable<Boolean> runOne, Logger log, String what) {
        while (!stopped.getAsBoolean()) {
            try {
                if (!runOne.call()) {
                    queue.awaitLocalWork(500);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                if (stopped.getAsBoolean()) {
                    return;
                }
                log.warn("{} failed; retrying", what, t);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
