package io.deltacat.api.error;

import java.util.List;
import java.util.Objects;

/**
 * The end of one or more held jobs (a {@code complete} or {@code fail}, single or in a batch) was sent,
 * but its answer was lost and the transport's resends (same Idempotency-Key) could not learn it: the
 * jobs may or may not have ended. Do not simply end them again with a new call, which the server
 * refuses once the first one got through; resolve each job by its state, once the server answers:
 * the job {@code succeeded} (or {@code failed}, or is back to {@code pending} after a retryable
 * failure) with the fencing token of your claim means your call was applied; still {@code claimed} or
 * {@code running} with your token means it was not (end it again, the lease permitting); any other
 * token means the lease lapsed and the job was claimed again.
 *
 * <pre>{@code
 * try {
 *     jobs.complete(job, 100, "offset-100");
 * } catch (JobOutcomeUnknownException e) {
 *     Job now = jobs.get(job.id());       // later, when the server answers again
 *     boolean applied = now.state() == JobState.SUCCEEDED && now.fencingToken() == job.fencingToken();
 * }
 * }</pre>
 *
 * The {@link io.deltacat.api.Worker} resolves this by itself. Jobs claimed by the same lost call
 * (end-and-claim) are not handed out: their leases lapse and they are claimed again later.
 */
public class JobOutcomeUnknownException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    private final List<String> jobIds;

    /** The outcome of ending the jobs {@code jobIds} is unknown; {@code cause} is what the transport met. */
    public JobOutcomeUnknownException(List<String> jobIds, Throwable cause) {
        super(ProblemType.UNAVAILABLE, message(jobIds), cause);
        this.jobIds = List.copyOf(Objects.requireNonNull(jobIds, "jobIds"));
    }

    private static String message(List<String> ids) {
        String shown = ids.size() <= 5 ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 5)) + " and " + (ids.size() - 5) + " more";
        return "outcome of ending job" + (ids.size() == 1 ? " " : "s ") + shown + " is unknown: the server's answer"
                + " was lost; resolve it with jobs().get(id): ended with your fencing token means it was applied";
    }

    /** The jobs whose end is unknown, in the order they were sent. */
    public List<String> jobIds() {
        return jobIds;
    }
}
