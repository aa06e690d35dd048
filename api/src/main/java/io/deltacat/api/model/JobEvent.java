package io.deltacat.api.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One entry of a job's history: the server's own ({@code submitted}, {@code claimed},
 * {@code lease-lost}, {@code attempt-failed}, {@code succeeded}, {@code failed}, {@code cancelled})
 * and the progress events its workers emitted.
 *
 * @param sequence     1, 2, ... per job
 * @param fencingToken the claim the event belongs to (0 before the first)
 */
public record JobEvent(long sequence, String name, Instant time, OptionalLong completed, OptionalLong expected,
                       Map<String, String> metadata, long fencingToken) {
    public JobEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(completed, "completed");
        Objects.requireNonNull(expected, "expected");
        metadata = Map.copyOf(metadata);
    }
}
