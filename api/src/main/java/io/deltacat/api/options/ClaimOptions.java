package io.deltacat.api.options;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a worker may claim.
 *
 * <pre>{@code
 * Optional<ClaimedJob> job = client.jobs().claim(c -> c.workerTags("gpu", "eu").types("custom")
 *         .workerId("host-7/thread-2"));
 * }</pre>
 */
public final class ClaimOptions {
    private final List<String> workerTags;
    private final List<String> types;
    private final Optional<String> workerId;

    private ClaimOptions(Builder b) {
        this.workerTags = List.copyOf(b.workerTags);
        this.types = List.copyOf(b.types);
        this.workerId = Optional.ofNullable(b.workerId);
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

    public Optional<String> workerId() {
        return workerId;
    }

    public static final class Builder {
        private final Set<String> workerTags = new LinkedHashSet<>();
        private final Set<String> types = new LinkedHashSet<>();
        private String workerId;

        private Builder() {
        }

        /** The tags this worker has: it gets only jobs whose required tags are all among them. */
        public Builder workerTags(String... tags) {
            workerTags.addAll(List.of(tags));
            return this;
        }

        /** Job types this worker runs (default: any type dispatched to workers). */
        public Builder types(String... types) {
            this.types.addAll(List.of(types));
            return this;
        }

        /** A name for this worker, shown on the job while it holds it. */
        public Builder workerId(String workerId) {
            this.workerId = workerId;
            return this;
        }

        public ClaimOptions build() {
            return new ClaimOptions(this);
        }
    }
}
