package io.deltacat.compat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one scenario.
 *
 * @param name         e.g. {@code catalog/namespaces}
 * @param description  what it checks
 * @param capabilities the {@code /v1/config} capabilities it needs
 * @param status       passed, failed or skipped
 * @param reason       why it was skipped, or the first error of a failure (empty when passed)
 * @param detail       the failure's stack trace or further lines (empty when none)
 * @param duration     how long it ran, cleanup included
 * @param cleanupNotes what its cleanup could not undo (a failed cleanup fails the scenario)
 */
public record ScenarioResult(String name, String description, List<String> capabilities, Status status,
                             Optional<String> reason, Optional<String> detail, Duration duration,
                             List<String> cleanupNotes) {
    public ScenarioResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        capabilities = List.copyOf(capabilities);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(duration, "duration");
        cleanupNotes = List.copyOf(cleanupNotes);
    }

    /** A scenario's verdict. */
    public enum Status {
        /** Ran and every check held. */
        PASSED,
        /** Ran (the server advertises what it needs) and a check or call failed. */
        FAILED,
        /** Not run: the server does not advertise what it needs, or it would change data under --read-only. */
        SKIPPED
    }
}
