package io.deltacat.cli;

import io.deltacat.api.TokenProvider;
import io.deltacat.auth.TokenProviders;
import io.deltacat.compat.RunSelection;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deltacat compat}: the compatibility runbook with the CLI's connection settings, so a profile
 * ({@code --profile}, {@code $DELTACAT_PROFILE}) chooses the server and token as it does for every
 * other command. The runnable jar ({@code java -jar compat-runbook.jar}) takes them explicitly.
 */
@Command(name = "compat", mixinStandardHelpOptions = true,
        description = "Run the client compatibility runbook against a server and report per scenario: passed, failed,"
                + " or skipped (with the reason) when the server does not advertise what it needs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no scenario failed", "2:usage", "9:at least one scenario failed"})
final class CompatCommand implements Callable<Integer> {
    @Mixin
    Connection connection;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (visible to other local users in the"
            + " process list: prefer --token-env, --token-file or a profile).")
    String token;

    @Mixin
    RunSelection selection;

    @Override
    public Integer call() {
        if (selection.listed()) {
            return 0;
        }
        String url = connection.serverUrl();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new CliUsageException("the server URL must start with http:// or https://, got '" + url + "'");
        }
        if (token != null && (connection.tokenEnv != null || connection.tokenFile != null)) {
            throw new CliUsageException("--token, --token-env and --token-file exclude each other");
        }
        TokenProvider tokens = token != null ? TokenProviders.ofToken(token) : connection.tokenProvider();
        return selection.execute(URI.create(url), tokens);
    }
}
