package io.deltacat.api.options;

import io.deltacat.api.model.JobState;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs to list, one page at a time, oldest first.
 *
 * <pre>{@code
 * JobPage page = client.jobs().list(l -> l.states(JobState.PENDING, JobState.RUNNING).type("custom")
 *         .tags("gpu").pageSize(50));
 * while (page.nextPageToken().isPresent()) {
 *     String token = page.nextPageToken().get();
 *     page = client.jobs().list(l -> l.pageToken(token).pageSize(50));
 * }
 * }</pre>
 */
public final class ListJobsOptions {
    private final List<JobState> states;
    private final Optional<String> type;
    private final List<String> tags;
    private final Optional<String> pageToken;
    private final int pageSize;

    private ListJobsOptions(Builder b) {
        this.states = List.copyOf(b.states);
        this.type = Optional.ofNullable(b.type);
        this.tags = List.copyOf(b.tags);
        this.pageToken = Optional.ofNullable(b.pageToken);
        this.pageSize = b.pageSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<JobState> states() {
        return states;
    }

    public Optional<String> type() {
        return type;
    }

    public List<String> tags() {
        return tags;
    }

    public Optional<String> pageToken() {
        return pageToken;
    }

    public int pageSize() {
        return pageSize;
    }

    public static final class Builder {
        private final Set<JobState> states = new LinkedHashSet<>();
        private String type;
        private final Set<String> tags = new LinkedHashSet<>();
        private String pageToken;
        private int pageSize = 100;

        private Builder() {
        }

        /** Only jobs in one of these states (default: any). */
        public Builder states(JobState... states) {
            for (JobState s : states) {
                if (s == JobState.UNKNOWN) {
                    throw new IllegalArgumentException("cannot filter by state UNKNOWN");
                }
                this.states.add(s);
            }
            return this;
        }

        /** Only jobs of this type. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** Only jobs requiring all these worker tags. */
        public Builder tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        /** Continue after the page that returned this token. */
        public Builder pageToken(String pageToken) {
            this.pageToken = pageToken;
            return this;
        }

        /** Jobs per page, 1..1000 (default 100). */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 1000) {
                throw new IllegalArgumentException("pageSize must be 1..1000");
            }
            this.pageSize = pageSize;
            return this;
        }

        public ListJobsOptions build() {
            return new ListJobsOptions(this);
        }
    }
}
