package io.deltacat.api.model;

import java.util.Optional;

/**
 * What a {@link io.deltacat.api.JobHandler} reports when it finishes: the records processed and the
 * watermark it advanced to (stored with the job's end, atomically): a JSON value as for
 * {@link io.deltacat.api.JobsClient#complete(ClaimedJob, long, Object)}.
 *
 * <pre>{@code
 * return JobResult.of(rows, Map.of("partition_watermarks", Map.of("analytics.events", 42)));
 * }</pre>
 */
public record JobResult(long recordsProcessed, Optional<Object> watermark) {
    public JobResult {
        if (recordsProcessed < 0) {
            throw new IllegalArgumentException("recordsProcessed must be >= 0");
        }
        java.util.Objects.requireNonNull(watermark, "watermark");
    }

    /** Nothing to report. */
    public static JobResult empty() {
        return new JobResult(0, Optional.empty());
    }

    public static JobResult of(long recordsProcessed) {
        return new JobResult(recordsProcessed, Optional.empty());
    }

    public static JobResult of(long recordsProcessed, String watermark) {
        return new JobResult(recordsProcessed, Optional.ofNullable(watermark));
    }

    /** With a structured watermark (maps, lists, strings, numbers, booleans); {@code null} for none. */
    public static JobResult of(long recordsProcessed, Object watermark) {
        return new JobResult(recordsProcessed, Optional.ofNullable(watermark));
    }
}
