package io.deltacat.cli;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobEvent;
import io.deltacat.api.model.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Follows a job until it ends or a timeout passes, printing its events and state changes, with a
 * progress bar from the events that carry completed/expected counts (compaction reports one per
 * file). Used by {@code jobs watch} and {@code tables compact --wait}.
 */
final class JobFollower {
    private JobFollower() {
    }

    /** Returns the exit code: 0 when the job succeeded, 10 when it failed or was cancelled, 11 at the timeout. */
    static int follow(DeltacatClient client, String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try (Progress progress = Progress.start(System.err, "job " + id, "", 1, -1)) {
            long seen = 0;
            JobState last = null;
            while (true) {
                Duration left = Duration.between(Instant.now(), deadline);
                Job job = left.isNegative() || left.isZero() ? client.jobs().get(id)
                        : client.jobs().waitFor(id, left.compareTo(Duration.ofSeconds(2)) < 0 ? left
                                : Duration.ofSeconds(2));
                for (JobEvent e : client.jobs().events(id)) {
                    if (e.sequence() > seen) {
                        seen = e.sequence();
                        if (e.completed().isPresent() && e.expected().isPresent() && e.expected().getAsLong() > 0) {
                            progress.update(e.completed().getAsLong(), e.expected().getAsLong(), Optional.of(e.name()));
                        }
                        progress.println(e.time() + "  event " + e.name() + progressText(e));
                    }
                }
                if (job.state() != last) {
                    last = job.state();
                    progress.println(Instant.now() + "  state " + last.wireName()
                            + job.error().map(err -> " (" + err + ")").orElse(""));
                }
                if (job.state().isFinal()) {
                    progress.close();
                    System.out.println("job " + id + " " + job.state().wireName() + ", " + job.recordsProcessed()
                            + " records");
                    return job.state() == JobState.SUCCEEDED ? ExitCodes.OK : ExitCodes.JOB_FAILED;
                }
                if (!Instant.now().isBefore(deadline)) {
                    progress.close();
                    System.out.println("job " + id + " still " + job.state().wireName() + " after " + timeout);
                    return ExitCodes.TIMEOUT;
                }
            }
        }
    }

    private static String progressText(JobEvent e) {
        if (e.completed().isPresent() && e.expected().isPresent()) {
            return " " + e.completed().getAsLong() + "/" + e.expected().getAsLong();
        }
        return "";
    }
}
