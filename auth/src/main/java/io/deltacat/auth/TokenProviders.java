package io.deltacat.auth;

import io.deltacat.api.TokenProvider;
import io.deltacat.api.error.UnauthorizedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Ready-made {@link TokenProvider}s: where the bearer token a client presents comes from.
 *
 * <p>A client asks its provider once per request (and once per resend), so a provider that reads a
 * changing source hands out a rotated token without a restart.
 *
 * <pre>{@code
 * // a fixed token, e.g. in a test or a short script
 * ClientConfig.builder().uri("https://deltacat.example.com").tokenProvider(TokenProviders.ofToken("dct_..."));
 *
 * // $DELTACAT_TOKEN if set; otherwise a token file mounted by the platform (re-read when rotated)
 * TokenProvider tokens = TokenProviders.chain(
 *         TokenProviders.fromEnv(),
 *         TokenProviders.fromFile(Path.of("/var/run/secrets/deltacat/token")));
 * DeltacatClient client = DeltacatClient.connect(ClientConfig.builder()
 *         .uri("https://deltacat.example.com").tokenProvider(tokens).build());
 * }</pre>
 *
 * <p>Tokens are trimmed of surrounding whitespace (a trailing newline in a file or variable is
 * common); a blank value counts as no token. The providers' {@code toString()} never shows a token.
 * All providers are thread-safe.
 */
public final class TokenProviders {
    /** The environment variable {@link #fromEnv()} reads. */
    public static final String DEFAULT_ENV_VAR = "DELTACAT_TOKEN";

    private TokenProviders() {
    }

    /**
     * Always the given token.
     *
     * <pre>{@code TokenProvider p = TokenProviders.ofToken("dct_3f9a...");}</pre>
     *
     * @throws IllegalArgumentException if {@code token} is blank
     */
    public static TokenProvider ofToken(String token) {
        Objects.requireNonNull(token, "token");
        String t = token.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        Optional<String> value = Optional.of(t);
        return new Named("TokenProviders.ofToken(****)", () -> value);
    }

    /**
     * The value of environment variable {@value #DEFAULT_ENV_VAR}; empty when it is unset or blank.
     *
     * <pre>{@code
     * // export DELTACAT_TOKEN=dct_3f9a...
     * TokenProvider p = TokenProviders.fromEnv();
     * }</pre>
     */
    public static TokenProvider fromEnv() {
        return fromEnv(DEFAULT_ENV_VAR);
    }

    /**
     * The value of environment variable {@code varName}, read on each call; empty when it is unset or
     * blank.
     *
     * <pre>{@code TokenProvider p = TokenProviders.fromEnv("MY_DELTACAT_TOKEN");}</pre>
     */
    public static TokenProvider fromEnv(String varName) {
        return fromEnv(varName, System::getenv);
    }

    /** {@link #fromEnv(String)} over a given environment (for tests). */
    static TokenProvider fromEnv(String varName, UnaryOperator<String> environment) {
        Objects.requireNonNull(varName, "varName");
        Objects.requireNonNull(environment, "environment");
        if (varName.isBlank()) {
            throw new IllegalArgumentException("varName must not be blank");
        }
        return new Named("TokenProviders.fromEnv(" + varName + ")", () -> clean(environment.apply(varName)));
    }

    /**
     * The contents of a token file, trimmed; empty when the file is blank. The file is read on first
     * use and read again whenever its modification time, size or identity (inode) changes, so a
     * token rotated in place or by an atomic rename is picked up by the next request.
     *
     * <pre>{@code TokenProvider p = TokenProviders.fromFile(Path.of(System.getProperty("user.home"), ".deltacat", "token"));}</pre>
     *
     * <p>{@link TokenProvider#token()} throws {@link UnauthorizedException} (naming the file) when the
     * file does not exist or cannot be read, rather than silently sending no token.
     */
    public static TokenProvider fromFile(Path file) {
        return new FileTokenProvider(Objects.requireNonNull(file, "file"));
    }

    /**
     * The first non-empty token of {@code providers}, asked in order on each call; empty when all are
     * empty. A provider that throws stops the chain (its failure is not hidden).
     *
     * <pre>{@code TokenProvider p = TokenProviders.chain(TokenProviders.fromEnv(), TokenProviders.fromFile(tokenFile));}</pre>
     */
    public static TokenProvider chain(TokenProvider... providers) {
        Objects.requireNonNull(providers, "providers");
        List<TokenProvider> list = List.of(providers);   // rejects null elements
        return new Named("TokenProviders.chain" + list, () -> {
            for (TokenProvider p : list) {
                Optional<String> token = p.token();
                if (token != null && token.isPresent() && !token.get().isBlank()) {
                    return token;
                }
            }
            return Optional.empty();
        });
    }

    static Optional<String> clean(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String t = raw.strip();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    /** A provider with a descriptive {@code toString()} that shows no secret. */
    private static final class Named implements TokenProvider {
        private final String name;
        private final TokenProvider delegate;

        Named(String name, TokenProvider delegate) {
            this.name = name;
            this.delegate = delegate;
        }

        @Override
        public Optional<String> token() {
            return delegate.token();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Reads a token file, caching it until the file's modification time, size or identity change. */
    private static final class FileTokenProvider implements TokenProvider {
        private final Path file;
        private State state;   // guarded by this

        FileTokenProvider(Path file) {
            this.file = file;
        }

        private record State(FileTime modified, long size, Object fileKey, Optional<String> token) {
            boolean sameFile(BasicFileAttributes a) {
                return a.lastModifiedTime().equals(modified) && a.size() == size
                        && Objects.equals(a.fileKey(), fileKey);
            }
        }

        @Override
        public synchronized Optional<String> token() {
            try {
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                if (state != null && state.sameFile(attrs)) {
                    return state.token();
                }
                if (!attrs.isRegularFile()) {
                    throw new UnauthorizedException("token file " + file.toAbsolutePath() + " is not a regular file");
                }
                Optional<String> token = clean(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                state = new State(attrs.lastModifiedTime(), attrs.size(), attrs.fileKey(), token);
                return token;
            } catch (NoSuchFileException e) {
                throw new UnauthorizedException("token file " + file.toAbsolutePath() + " does not exist", e);
            } catch (IOException e) {
                throw new UnauthorizedException("cannot read token file " + file.toAbsolutePath() + ": " + e, e);
            }
        }

        @Override
        public String toString() {
            return "TokenProviders.fromFile(" + file + ")";
        }
    }
}
