package io.deltacat.api.model;

import io.deltacat.api.Evolving;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When a pipeline node runs: on events (an upstream commit, or a manual trigger), every
 * {@code interval}, or at the instants of a five-field cron expression in a time zone.
 *
 * <pre>{@code
 * Trigger.event();
 * Trigger.every(Duration.ofMinutes(5));
 * Trigger.cron("30 2 * * *", ZoneId.of("Europe/Paris"));   // 02:30 Paris time, daily
 * }</pre>
 *
 * @param kind     {@code "event"} or {@code "schedule"}
 * @param interval a schedule's interval (whole seconds)
 * @param cron     a schedule's cron expression (minute hour day-of-month month day-of-week)
 * @param timezone the zone a cron expression is evaluated in
 */
@Evolving
public record Trigger(String kind, Optional<Duration> interval, Optional<String> cron, Optional<ZoneId> timezone) {
    public Trigger {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timezone, "timezone");
    }

    /** Runs on upstream commits to a source table, and when triggered by hand. */
    public static Trigger event() {
        return new Trigger("event", Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Runs every {@code interval} (whole seconds, at least one). */
    public static Trigger every(Duration interval) {
        if (interval.isNegative() || interval.isZero() || interval.getNano() != 0) {
            throw new IllegalArgumentException("a schedule interval is a positive number of whole seconds, got "
                    + interval);
        }
        return new Trigger("schedule", Optional.of(interval), Optional.empty(), Optional.empty());
    }

    /** Runs at the instants of {@code expression} in {@code zone}. */
    public static Trigger cron(String expression, ZoneId zone) {
        return new Trigger("schedule", Optional.empty(), Optional.of(expression), Optional.of(zone));
    }

    /** Runs at the instants of {@code expression} in UTC. */
    public static Trigger cron(String expression) {
        return cron(expression, ZoneId.of("UTC"));
    }
}
