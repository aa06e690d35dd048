package io.deltacat.compat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A runbook run: who ran against what, and each scenario's result.
 *
 * @param runId         the run's unique id (part of every name the scenarios create)
 * @param clientVersion the version of this runbook (and of the client it packages)
 * @param server        the server's URL
 * @param apiVersion    what the server reported, or {@code "unknown"} when it could not be reached
 * @param serverVersion what the server reported, or {@code "unknown"}
 * @param capabilities  what the server advertised in {@code /v1/config}
 * @param readOnly      whether the run was limited to scenarios that change nothing
 * @param startedAt     when the run began
 * @param duration      how long it took
 * @param results       one per scenario selected, in run order
 */
public record RunReport(String runId, String clientVersion, String server, String apiVersion, String serverVersion,
                        List<String> capabilities, boolean readOnly, Instant startedAt, Duration duration,
                        List<ScenarioResult> results) {
    public RunReport {
        Objects.requireNonNull(runId, "runId");
        capabilities = List.copyOf(capabilities);
        results = List.copyOf(results);
    }

    /** How many scenarios ended with {@code status}. */
    public long count(ScenarioResult.Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    /** Whether nothing failed (skips are not failures); the runbook exits 0 only then. */
    public boolean succeeded() {
        return count(ScenarioResult.Status.FAILED) == 0;
    }
}
