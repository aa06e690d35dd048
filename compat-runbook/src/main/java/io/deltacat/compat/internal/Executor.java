package io.deltacat.compat.internal;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.ServerInfo;
import io.deltacat.compat.RunReport;
import io.deltacat.compat.RunbookOptions;
import io.deltacat.compat.ScenarioResult;
import io.deltacat.compat.ScenarioResult.Status;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs the selected scenarios one after another: skips those the server does not advertise (or that
 * would change data under read-only), runs the rest with their cleanup, and records each result.
 */
public final class Executor {
    private final RunbookOptions options;
    private final String clientVersion;
    private final PrintStream progress;

    public Executor(RunbookOptions options, String clientVersion, PrintStream progress) {
        this.options = options;
        this.clientVersion = clientVersion;
        this.progress = progress;
    }

    /** A run id: base-36 time and randomness, lower case, usable in names of every kind. */
    static String newRunId() {
        return Long.toString(System.currentTimeMillis(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }

    /** Runs and reports; never throws for a server's failure (that is a failed result). */
    public RunReport run() {
        List<Scenario> selected = Scenarios.select(options.scenarios());
        String runId = newRunId();
        Instant start = Instant.now();
        List<ScenarioResult> results = new ArrayList<>();
        DeltacatClient client;
        try {
            client = DeltacatClient.connect(ClientConfig.builder().uri(options.server()).tokenProvider(options.tokens())
                    .retryWindow(Duration.ofSeconds(10)).build());
            // GET /v1/config answers anyone: a refused token shows on the first authenticated call, so make
            // that call here rather than letting every scenario fail for the same reason
            if (client.serverInfo().supports("GET", "/v1/auth/whoami")) {
                try {
                    client.auth().whoami();
                } catch (RuntimeException refused) {
                    client.close();
                    throw refused;
                }
            }
        } catch (RuntimeException e) {
            // nothing can run: one failure says why (unreachable, refused token, incompatible API version)
            results.add(new ScenarioResult("connect", "connect to the server and read GET /v1/config", List.of(),
                    Status.FAILED, Optional.of(message(e)), Optional.of(trace(e)), Duration.between(start, Instant.now()),
                    List.of()));
            progress.println("FAILED  connect: " + message(e));
            return new RunReport(runId, clientVersion, options.server().toString(), "unknown", "unknown", List.of(),
                    options.readOnly(), start, Duration.between(start, Instant.now()), results);
        }
        try (client) {
            ServerInfo info = client.serverInfo();
            for (Scenario s : selected) {
                ScenarioResult r = runOne(client, info, runId, s);
                results.add(r);
                progress.println(String.format("%-7s %s (%d ms)%s", r.status(), s.name(), r.duration().toMillis(),
                        r.reason().map(x -> ": " + x).orElse("")));
            }
            return new RunReport(runId, clientVersion, options.server().toString(), info.apiVersion(),
                    info.serverVersion(), info.capabilities(), options.readOnly(), start,
                    Duration.between(start, Instant.now()), results);
        }
    }

    private ScenarioResult runOne(DeltacatClient client, ServerInfo info, String runId, Scenario s) {
        List<String> missing = s.capabilities().stream().filter(c -> !info.capabilities().contains(c)).toList();
        if (!missing.isEmpty()) {
            return skipped(s, "the server does not advertise capabilit" + (missing.size() == 1 ? "y " : "ies ")
                    + String.join(", ", missing));
        }
        if (options.readOnly() && !s.readOnly()) {
            return skipped(s, "changes data on the server; --read-only runs only scenarios that change nothing");
        }
        Instant start = Instant.now();
        ScenarioContext ctx = new ScenarioContext(client, options.server(), options.tokens(), runId, s.name());
        Status status = Status.PASSED;
        Optional<String> reason = Optional.empty();
        Optional<String> detail = Optional.empty();
        try {
            s.body().run(ctx);
        } catch (SkipException e) {
            status = Status.SKIPPED;
            reason = Optional.of(e.getMessage());
        } catch (Exception | AssertionError e) {
            status = Status.FAILED;
            reason = Optional.of(message(e));
            detail = Optional.of(trace(e));
        }
        List<String> notes = ctx.cleanUp();
        if (!notes.isEmpty() && status != Status.FAILED) {
            status = Status.FAILED;
            reason = Optional.of("cleanup: " + notes.get(0));
        }
        return new ScenarioResult(s.name(), s.description(), s.capabilities(), status, reason, detail,
                Duration.between(start, Instant.now()), notes);
    }

    private static ScenarioResult skipped(Scenario s, String reason) {
        return new ScenarioResult(s.name(), s.description(), s.capabilities(), Status.SKIPPED, Optional.of(reason),
                Optional.empty(), Duration.ZERO, List.of());
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        String kind = e instanceof CheckFailure ? "" : e.getClass().getSimpleName() + ": ";
        return kind + (m == null ? "(no message)" : m);
    }

    private static String trace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
