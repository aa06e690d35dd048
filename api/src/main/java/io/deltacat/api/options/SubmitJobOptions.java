package io.deltacat.api.options;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A job to submit.
 *
 * <pre>{@code
 * Job job = client.jobs().submit(s -> s.type("custom")
 *         .context("table", "episodes").context("day", "2026-11-25")
 *         .workerTags("gpu")                    // only workers with tag "gpu" may claim it
 *         .maxAttempts(5)
 *         .leaseDuration(Duration.ofMinutes(2)));
 * }</pre>
 */
public final class SubmitJobOptions {
    private final String type;
    private final Map<String, String> context;
    private final List<String> workerTags;
    private final int maxAttempts;
    private final Duration leaseDuration;

    private SubmitJobOptions(Builder b) {
        this.type = b.type;
        this.context = Map.copyOf(b.context);
        this.workerTags = List.copyOf(b.workerTags);
        this.maxAttempts = b.maxAttempts;
        this.leaseDuration = b.leaseDuration;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String type() {
        return type;
    }

    public Map<String, String> context() {
        return context;
    }

    public List<String> workerTags() {
        return workerTags;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    public static final class Builder {
        private String type = "custom";
        private final Map<String, String> context = new LinkedHashMap<>();
        private final Set<String> workerTags = new LinkedHashSet<>();
        private int maxAttempts = 3;
        private Duration leaseDuration = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The job type (default {@code "custom"}); lower case letters, digits, '_' and '-'. */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /** Adds one context entry. */
        public Builder context(String key, String value) {
            context.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds context entries. */
        public Builder context(Map<String, String> entries) {
            entries.forEach(this::context);
            return this;
        }

        /** Tags a worker must all have to claim the job (default none: any worker). */
        public Builder workerTags(String... tags) {
            workerTags.addAll(List.of(tags));
            return this;
        }

        /** How many claims the job gets before a failure is final (default 3, 1..100). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The job's timeout: how long a claim holds it without news from the worker (default 60 s, at
         * least 1 s). Each event or heartbeat pushes the deadline again.
         */
        public Builder leaseDuration(Duration leaseDuration) {
            if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("leaseDuration must be at least 1 second");
            }
            this.leaseDuration = leaseDuration;
            return this;
        }

        /** The same as {@link #leaseDuration(Duration)} (the Python client's {@code timeout}). */
        public Builder timeout(Duration timeout) {
            return leaseDuration(timeout);
        }

        public SubmitJobOptions build() {
            return new SubmitJobOptions(this);
        }
    }
}
