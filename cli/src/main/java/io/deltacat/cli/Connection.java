package io.deltacat.cli;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.TokenProvider;
import io.deltacat.auth.TokenProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The connection options every client command shares (a picocli mixin): which server, which token,
 * which profile. Each setting comes from the first of: the command line, the environment
 * ({@code DELTACAT_SERVER}, {@code DELTACAT_PROFILE}), the profile ({@link Profiles}), the default.
 * The token comes from {@code --token-env}/{@code --token-file}, else the profile's
 * {@code token_env}/{@code token_file}, else {@code $DELTACAT_TOKEN}.
 */
final class Connection {
    static final String DEFAULT_SERVER = "http://localhost:8080";

    @Option(names = "--server", paramLabel = "URL",
            description = "Server URL (default: $DELTACAT_SERVER, the profile's server, else " + DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Profile of the config file to use (default: $DELTACAT_PROFILE, else 'default').")
    String profile;

    @Option(names = "--token-env", paramLabel = "VAR", description = "Read the bearer token from environment variable VAR.")
    String tokenEnv;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the bearer token from FILE.")
    Path tokenFile;

    @Option(names = "--config-file", paramLabel = "FILE",
            description = "Profile file (default: $DELTACAT_CONFIG_FILE, else ~/.deltacat/config).")
    Path configFile;

    @Option(names = "--retry-window", paramLabel = "DURATION", defaultValue = "PT10S",
            description = "How long to keep retrying an unreachable server, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration retryWindow;

    private Map<String, String> resolvedProfile;

    /** The settings of the chosen profile (empty when none applies). */
    Map<String, String> profileSettings() {
        if (resolvedProfile == null) {
            String name = profile != null ? profile : System.getenv("DELTACAT_PROFILE");
            boolean named = name != null && !name.isBlank();
            Profiles profiles = Profiles.load(configFile != null ? configFile : Profiles.defaultFile());
            resolvedProfile = profiles.profile(named ? name.strip() : "default", named);
        }
        return resolvedProfile;
    }

    /** The server URL to use. */
    String serverUrl() {
        if (server != null) {
            return server;
        }
        String env = System.getenv("DELTACAT_SERVER");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        return Profiles.value(profileSettings(), "server").orElse(DEFAULT_SERVER);
    }

    /** The namespace to use when a command names none: the profile's, else {@code default}. */
    String namespace(String explicit) {
        if (explicit != null) {
            return explicit;
        }
        return Profiles.value(profileSettings(), "namespace").orElse("default");
    }

    /** Where the token comes from. */
    TokenProvider tokenProvider() {
        if (tokenEnv != null && tokenFile != null) {
            throw new CliUsageException("--token-env and --token-file exclude each other");
        }
        if (tokenEnv != null) {
            return TokenProviders.fromEnv(tokenEnv);
        }
        if (tokenFile != null) {
            return TokenProviders.fromFile(tokenFile);
        }
        Map<String, String> p = profileSettings();
        Optional<String> env = Profiles.value(p, "token_env");
        Optional<String> file = Profiles.value(p, "token_file");
        if (env.isPresent() && file.isPresent()) {
            throw new CliUsageException("the profile sets both token_env and token_file; keep one");
        }
        if (env.isPresent()) {
            return TokenProviders.fromEnv(env.get());
        }
        if (file.isPresent()) {
            return TokenProviders.fromFile(Path.of(file.get()));
        }
        return TokenProviders.fromEnv();
    }

    /** Connects to the server (checks its API version); the caller closes the client. */
    DeltacatClient connect() {
        String url = serverUrl();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new CliUsageException("the server URL must start with http:// or https://, got '" + url + "'");
        }
        return DeltacatClient.connect(ClientConfig.builder().uri(url).tokenProvider(tokenProvider())
                .connectTimeout(Duration.ofSeconds(5)).retryWindow(retryWindow).build());
    }
}
