package io.deltacat.api.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job of the server's durable queue, as last read.
 *
 * @param id               the server-assigned id
 * @param type             e.g. {@code "compaction"} (run by the server) or {@code "custom"} (run by workers)
 * @param state            where it is; {@link JobState#UNKNOWN} for a state this client does not know
 * @param context          the submitter's key/value context
 * @param workerTags       the tags a worker must have (all of them) to claim it
 * @param attempt          how many times it was claimed so far
 * @param maxAttempts      how many claims it gets before a failure is final
 * @param leaseDuration    how long a claim (or an event without its own timeout) holds the job
 * @param fencingToken     the token of the latest claim (0 before the first)
 * @param leaseDeadline    when the current lease lapses, while claimed or running
 * @param workerId         who holds it, when the claimer named itself
 * @param createdAt        when it was submitted
 * @param availableAt      when it may be claimed (later than createdAt after a retry backoff)
 * @param startedAt        when it was first claimed
 * @param finishedAt       when it ended
 * @param recordsProcessed what the worker reported on completion
 * @param watermark        what the worker reported on completion (stored with the job's end, atomically),
 *                         as a plain Java value: a String, Long, Double, Boolean, {@code Map<String, Object>}
 *                         or {@code List<Object>} (see {@link io.deltacat.api.JobsClient}); for a pipeline
 *                         run, the list of its sources' positions
 * @param error            the latest failure, e.g. {@code "lease lost"}
 */
public record Job(String id, String type, JobState state, Map<String, String> context, List<String> workerTags,
                  int attempt, int maxAttempts, Duration leaseDuration, long fencingToken,
                  Optional<Instant> leaseDeadline, Optional<String> workerId, Instant createdAt, Instant availableAt,
                  Optional<Instant> startedAt, Optional<Instant> finishedAt, long recordsProcessed,
                  Optional<Object> watermark, Optional<String> error) {
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        context = Map.copyOf(context);
        workerTags = List.copyOf(workerTags);
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(leaseDeadline, "leaseDeadline");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(availableAt, "availableAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(watermark, "watermark");
        Objects.requireNonNull(error, "error");
    }
}
