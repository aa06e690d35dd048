package io.deltacat.compat;

import io.deltacat.api.TokenProvider;
import io.deltacat.auth.TokenProviders;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The runbook's command line, shared by {@code java -jar compat-runbook.jar} and {@code deltacat compat}.
 * Exit code 0 when no scenario failed (skips allowed), 9 when one did, 2 for a usage mistake.
 */
@Command(name = "compat", mixinStandardHelpOptions = true, versionProvider = RunbookCommand.Version.class,
        description = "Run the client compatibility runbook against a server and report per scenario: passed, failed,"
                + " or skipped (with the reason) when the server does not advertise what it needs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no scenario failed", "2:usage", "9:at least one scenario failed"})
public final class RunbookCommand implements Callable<Integer> {
    /** Exit code when a scenario failed. */
    public static final int FAILED = 9;

    @Option(names = "--server", paramLabel = "URL", description = "The server under test (default: $DELTACAT_SERVER).")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (visible to other local users in the"
            + " process list: prefer --token-env or --token-file).")
    String token;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Read the token from environment variable VAR"
            + " (default: DELTACAT_TOKEN).")
    String tokenEnv;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the token from FILE.")
    Path tokenFile;

    @picocli.CommandLine.Mixin
    RunSelection selection;

    @Override
    public Integer call() {
        if (selection.listed()) {
            return 0;
        }
        String url = server != null ? server : System.getenv("DELTACAT_SERVER");
        if (url == null || url.isBlank()) {
            System.err.println("compat: --server URL is required (or set DELTACAT_SERVER)");
            return 2;
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            System.err.println("compat: the server URL must start with http:// or https://, got '" + url + "'");
            return 2;
        }
        long sources = (token != null ? 1 : 0) + (tokenEnv != null ? 1 : 0) + (tokenFile != null ? 1 : 0);
        if (sources > 1) {
            System.err.println("compat: --token, --token-env and --token-file exclude each other");
            return 2;
        }
        TokenProvider tokens = token != null ? TokenProviders.ofToken(token)
                : tokenEnv != null ? TokenProviders.fromEnv(tokenEnv)
                : tokenFile != null ? TokenProviders.fromFile(tokenFile) : TokenProviders.fromEnv();
        return selection.execute(URI.create(url), tokens);
    }

    /**
     * Runs the runbook, prints the progress and a one-line verdict to standard output, and answers the
     * exit code: 0 when no scenario failed, {@link #FAILED} when one did, 2 for options the runbook
     * refuses. For command lines that find the server and token their own way (the {@code deltacat}
     * CLI's profiles).
     *
     * @param server    the server under test
     * @param tokens    where the bearer token comes from
     * @param scenarios globs over scenario names; empty for all
     * @param readOnly  only scenarios that change nothing
     * @param report    where to write the reports, if anywhere
     * @return the exit code
     */
    public static int execute(URI server, TokenProvider tokens, List<String> scenarios, boolean readOnly,
                              Optional<Path> report) {
        RunReport r;
        try {
            r = Runbook.run(new RunbookOptions(server, tokens, scenarios, readOnly, report), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("compat: " + e.getMessage());
            return 2;
        }
        System.out.println((r.succeeded() ? "COMPATIBLE" : "NOT COMPATIBLE") + ": " + r.count(ScenarioResult.Status.PASSED)
                + " passed, " + r.count(ScenarioResult.Status.FAILED) + " failed, "
                + r.count(ScenarioResult.Status.SKIPPED) + " skipped against " + r.server() + " (server "
                + r.serverVersion() + ", API " + r.apiVersion() + ", runbook " + r.clientVersion() + ")"
                + report.map(d -> "; reports in " + d).orElse(""));
        return r.succeeded() ? 0 : FAILED;
    }

    /** The runbook's version for {@code --version}. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"deltacat compat-runbook " + Runbook.version()};
        }
    }
}
