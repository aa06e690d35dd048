package io.deltacat.api;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * How a client connects: server URI, credentials, timeouts, retries and the Arrow allocator.
 *
 * <p>Retries: a call that may safely be resent (a {@code GET}, or a mutating call with its
 * idempotency key; a commit is never resent without its key) is resent after a failure to connect, a
 * dropped connection, a timeout, or a 429/502/503/504 answer, with exponential backoff and jitter
 * (from {@link #retryBaseDelay()}, each delay at most {@link #retryMaxDelay()}, or what the server's
 * {@code Retry-After} asks), until {@link #retryWindow()} has passed since the first attempt or
 * {@link #maxRetries()} resends were made. The default window (60 s) rides out a server restart of
 * 30 s or more; a shorter one makes an unreachable server fail fast:
 *
 * <pre>{@code
 * DeltacatClient client = DeltacatClient.connect(ClientConfig.builder()
 *         .uri("http://localhost:8080").retryWindow(Duration.ofSeconds(5)).build());
 * }</pre>
 *
 * <pre>{@code
 * DeltacatClient client = DeltacatClient.connect(ClientConfig.builder()
 *         .uri("http://localhost:8080").tokenProvider(TokenProviders.fromEnv()).build());
 * }</pre>
 */
public final class ClientConfig {
    private final URI uri;
    private final TokenProvider tokenProvider;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final Duration retryWindow;
    private final BufferAllocator allocator;
    private final int readParallelism;

    private ClientConfig(Builder b) {
        this.uri = Objects.requireNonNull(b.uri, "uri is required");
        this.tokenProvider = b.tokenProvider;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.retryBaseDelay = b.retryBaseDelay;
        this.retryMaxDelay = b.retryMaxDelay;
        this.retryWindow = b.retryWindow;
        this.allocator = b.allocator;
        this.readParallelism = b.readParallelism;
    }

    public static Builder builder() {
        return new Builder();
    }

    public URI uri() {
        return uri;
    }

    public TokenProvider tokenProvider() {
        return tokenProvider;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Most resends of a retryable call after the first attempt; by default unbounded, so that
     * {@link #retryWindow()} decides.
     */
    public int maxRetries() {
        return maxRetries;
    }

    /** First backoff delay; doubles per retry, with jitter, up to {@link #retryMaxDelay()}. */
    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    /** Longest computed backoff between two attempts (default 5 s). */
    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    /**
     * How long after its first attempt a retryable call may still be resent (default 60 s, longer than
     * a typical server restart). An attempt already under way runs to its own timeout.
     */
    public Duration retryWindow() {
        return retryWindow;
    }

    /**
     * The allocator the client allocates Arrow memory from; empty means the client owns a root
     * allocator and closes it on {@link DeltacatClient#close()}.
     */
    public Optional<BufferAllocator> allocator() {
        return Optional.ofNullable(allocator);
    }

    /** Files read concurrently by default; 0 lets the client choose from the core count. */
    public int readParallelism() {
        return readParallelism;
    }

    /** Builder; only {@link #uri(String)} is required. */
    public static final class Builder {
        private URI uri;
        private TokenProvider tokenProvider = TokenProvider.none();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int maxRetries = Integer.MAX_VALUE;
        private Duration retryBaseDelay = Duration.ofMillis(100);
        private Duration retryMaxDelay = Duration.ofSeconds(5);
        private Duration retryWindow = Duration.ofSeconds(60);
        private BufferAllocator allocator;
        private int readParallelism;

        public Builder uri(String uri) {
            return uri(URI.create(Objects.requireNonNull(uri, "uri")));
        }

        public Builder uri(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        public Builder tokenProvider(TokenProvider tokenProvider) {
            this.tokenProvider = Objects.requireNonNull(tokenProvider, "tokenProvider");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder retryBaseDelay(Duration delay) {
            this.retryBaseDelay = Objects.requireNonNull(delay);
            return this;
        }

        /** Longest computed backoff between two attempts; see {@link ClientConfig#retryMaxDelay()}. */
        public Builder retryMaxDelay(Duration delay) {
            if (Objects.requireNonNull(delay).isNegative()) {
                throw new IllegalArgumentException("retryMaxDelay must not be negative");
            }
            this.retryMaxDelay = delay;
            return this;
        }

        /**
         * How long a retryable call keeps being resent; {@link Duration#ZERO} sends each call once. See
         * {@link ClientConfig#retryWindow()}.
         */
        public Builder retryWindow(Duration window) {
            if (Objects.requireNonNull(window).isNegative()) {
                throw new IllegalArgumentException("retryWindow must not be negative");
            }
            this.retryWindow = window;
            return this;
        }

        /** Use this allocator instead of a client-owned one; the caller closes it. */
        public Builder allocator(BufferAllocator allocator) {
            this.allocator = Objects.requireNonNull(allocator);
            return this;
        }

        public Builder readParallelism(int parallelism) {
            if (parallelism < 0) {
                throw new IllegalArgumentException("readParallelism must be >= 0");
            }
            this.readParallelism = parallelism;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
