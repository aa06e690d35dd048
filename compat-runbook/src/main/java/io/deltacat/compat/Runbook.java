package io.deltacat.compat;

import io.deltacat.compat.internal.Executor;
import io.deltacat.compat.internal.ReportWriter;
import io.deltacat.compat.internal.Scenario;
import io.deltacat.compat.internal.Scenarios;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The compatibility runbook as a library: runs the packaged client-versus-server scenarios against a
 * server and returns (and optionally writes) the report.
 *
 * <pre>{@code
 * RunReport report = Runbook.run(new RunbookOptions(URI.create("http://localhost:8080"),
 *         TokenProviders.fromEnv(), List.of("catalog/*", "reads/*"), false, Optional.of(Path.of("report"))),
 *         System.out);
 * if (!report.succeeded()) { ... }
 * }</pre>
 *
 * <p>Each scenario works in its own namespace named for the run ({@code compat_<run>_<scenario>}), uses
 * run-unique job types, node ids and user names, and undoes what it created when it ends, passed or
 * failed. A scenario needing a capability that {@code /v1/config} does not advertise is skipped with the
 * reason; one that runs and fails is a failure.
 */
public final class Runbook {
    private Runbook() {
    }

    /** The version of this runbook (and of the client it packages). */
    public static String version() {
        try (InputStream in = Runbook.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every packaged scenario: name, whether it only reads, capabilities needed, description. */
    public static List<String> describeScenarios() {
        return Scenarios.all().stream().map(Runbook::describe).toList();
    }

    private static String describe(Scenario s) {
        return s.name() + (s.readOnly() ? " [read-only]" : "") + (s.capabilities().isEmpty() ? ""
                : " (needs " + String.join(", ", s.capabilities()) + ")") + ": " + s.description();
    }

    /**
     * Runs the selected scenarios, printing one line per scenario to {@code progress}, and writes the
     * reports when the options name a directory.
     *
     * @throws IllegalArgumentException when a scenario glob matches nothing
     * @throws UncheckedIOException when the reports cannot be written
     */
    public static RunReport run(RunbookOptions options, PrintStream progress) {
        RunReport report = new Executor(options, version(), progress).run();
        if (options.reportDir().isPresent()) {
            Path dir = options.reportDir().get();
            try {
                ReportWriter.write(report, dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the reports into " + dir + ": " + e.getMessage(), e);
            }
        }
        return report;
    }
}
