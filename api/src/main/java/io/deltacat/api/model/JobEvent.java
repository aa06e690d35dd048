package io.deltacat.api.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One entry of a job's history: the server's own ({@code submitted}, {@code claimed},
 * {@code lease-lost}, {@code attempt-failed}, {@code succeeded}, {@code failed}, {@code cancelled})
 * and the progress events its workers emitted.
 *
 * @param sequence     1, 2, ... per job
 * @param metadata     the event's details, string keys to plain Java values (String, Long, Double,
 *                     Boolean, {@code Map<String, Object>}, {@code List<Object>}, or null for a JSON
 *                     null), in the order sent; unmodifiable
 * @param fencingToken the claim the event belongs to (0 before the first)
 */
public record JobEvent(long sequence, String name, Instant time, OptionalLong completed, OptionalLong expected,
                       Map<String, Object> metadata, long fencingToken) {
    public JobEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(completed, "completed");
        Objects.requireNonNull(expected, "expected");
        // JSON null is a legal value, so not Map.copyOf (which refuses nulls)
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
