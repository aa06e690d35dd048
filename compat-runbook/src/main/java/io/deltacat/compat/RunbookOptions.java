package io.deltacat.compat;

import io.deltacat.api.TokenProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a runbook run does.
 *
 * @param server    the server under test
 * @param tokens    where the bearer token comes from (may give none)
 * @param scenarios glob patterns over scenario names ({@code *} within a path segment, {@code **} across
 *                  segments, e.g. {@code catalog/*}, {@code **}); empty means every scenario
 * @param readOnly  run only scenarios that change nothing on the server (the rest are skipped), so
 *                  the runbook is safe against production
 * @param reportDir where to write {@code compat-report.xml}, {@code .json} and {@code .md}; empty for none
 */
public record RunbookOptions(URI server, TokenProvider tokens, List<String> scenarios, boolean readOnly,
                             Optional<Path> reportDir) {
    public RunbookOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(tokens, "tokens");
        scenarios = List.copyOf(scenarios);
        Objects.requireNonNull(reportDir, "reportDir");
    }
}
