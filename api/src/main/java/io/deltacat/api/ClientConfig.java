package io.deltacat.api;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * How a client connects: server URI, credentials, timeouts, retries and the Arrow allocator.
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
    private final BufferAllocator allocator;
    private final int readParallelism;

    private ClientConfig(Builder b) {
        this.uri = Objects.requireNonNull(b.uri, "uri is required");
        this.tokenProvider = b.tokenProvider;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.retryBaseDelay = b.retryBaseDelay;
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

    /** Resends of a retryable call after the first attempt. */
    public int maxRetries() {
        return maxRetries;
    }

    /** First backoff delay; doubles per retry, with jitter. */
    public Duration retryBaseDelay() {
        return retryBaseDelay;
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
        private int maxRetries = 3;
        private Duration retryBaseDelay = Duration.ofMillis(100);
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
