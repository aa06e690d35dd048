package io.deltacat.api.options;

import io.deltacat.api.JobHandler;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a {@link io.deltacat.api.Worker} runs.
 *
 * <pre>{@code
 * try (Worker worker = client.jobs().worker(w -> w.workerTags("gpu").threads(4)
 *         .handler(job -> JobResult.of(process(job.job().context()))))) {
 *     ...                                   // runs until closed
 * }
 * }</pre>
 */
public final class WorkerOptions {
    private final List<String> workerTags;
    private final List<String> types;
    private final int threads;
    private final JobHandler handler;
    private final Duration pollInterval;
    private final Optional<Duration> heartbeatInterval;
    private final String workerId;

    private WorkerOptions(Builder b) {
        this.workerTags = List.copyOf(b.workerTags);
        this.types = List.copyOf(b.types);
        this.threads = b.threads;
        this.handler = Objects.requireNonNull(b.handler, "handler is required");
        this.pollInterval = b.pollInterval;
        this.heartbeatInterval = Optional.ofNullable(b.heartbeatInterval);
        this.workerId = b.workerId;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> workerTags() {
        return workerTags;
    }

    public List<String> types() {
        return types;
    }

    public int threads() {
        return threads;
    }

    public JobHandler handler() {
        return handler;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** Empty: a third of each job's lease duration. */
    public Optional<Duration> heartbeatInterval() {
        return heartbeatInterval;
    }

    public String workerId() {
        return workerId;
    }

    public static final class Builder {
        private final Set<String> workerTags = new LinkedHashSet<>();
        private final Set<String> types = new LinkedHashSet<>();
        private int threads = 1;
        private JobHandler handler;
        private Duration pollInterval = Duration.ofMillis(500);
        private Duration heartbeatInterval;
        private String workerId = "worker-" + ProcessHandle.current().pid();

        private Builder() {
        }

        /** The tags this worker has (see {@link ClaimOptions.Builder#workerTags}). */
        public Builder workerTags(String... tags) {
            workerTags.addAll(List.of(tags));
            return this;
        }

        /** Job types to run (default: any type dispatched to workers). */
        public Builder types(String... types) {
            this.types.addAll(List.of(types));
            return this;
        }

        /** Jobs run at once, each on its own thread (default 1). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
            this.threads = threads;
            return this;
        }

        /** Runs one claimed job; required. */
        public Builder handler(JobHandler handler) {
            this.handler = handler;
            return this;
        }

        /** How long an idle thread waits before claiming again (default 500 ms). */
        public Builder pollInterval(Duration pollInterval) {
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive");
            }
            this.pollInterval = pollInterval;
            return this;
        }

        /** How often to heartbeat while a handler runs (default: a third of the job's lease). */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
                throw new IllegalArgumentException("heartbeatInterval must be positive");
            }
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /** The name the worker claims under (default {@code worker-<pid>}; threads add a suffix). */
        public Builder workerId(String workerId) {
            this.workerId = Objects.requireNonNull(workerId, "workerId");
            return this;
        }

        public WorkerOptions build() {
            return new WorkerOptions(this);
        }
    }
}
