package io.deltacat.api.options;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link io.deltacat.api.DeltacatClient#transaction(java.util.function.Consumer)}.
 *
 * <pre>{@code
 * client.transaction(t -> t.message("backfill").timeToLive(Duration.ofMinutes(2)))
 * }</pre>
 */
public final class TransactionOptions {
    /** The server's default time to live of a transaction without heartbeats. */
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(60);

    private final String message;
    private final Duration timeToLive;

    private TransactionOptions(Builder b) {
        this.message = b.message;
        this.timeToLive = b.timeToLive;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A description of the transaction, kept by the server. Default empty. */
    public String message() {
        return message;
    }

    /**
     * How long the server keeps the transaction after the last heartbeat. The client heartbeats
     * every third of it. Default {@link #DEFAULT_TIME_TO_LIVE}.
     */
    public Duration timeToLive() {
        return timeToLive;
    }

    /** Builds {@link TransactionOptions}. */
    public static final class Builder {
        private String message = "";
        private Duration timeToLive = DEFAULT_TIME_TO_LIVE;

        private Builder() {
        }

        public Builder message(String message) {
            this.message = Objects.requireNonNull(message, "message");
            return this;
        }

        /** Between 100 ms and 24 hours. */
        public Builder timeToLive(Duration timeToLive) {
            Objects.requireNonNull(timeToLive, "timeToLive");
            if (timeToLive.toMillis() < 100 || timeToLive.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("timeToLive must be between 100 ms and 24 h, got " + timeToLive);
            }
            this.timeToLive = timeToLive;
            return this;
        }

        public TransactionOptions build() {
            return new TransactionOptions(this);
        }
    }
}
