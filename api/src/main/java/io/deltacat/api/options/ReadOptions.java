package io.deltacat.api.options;

import io.deltacat.api.expr.Predicate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What to read from a table: projection, filter, limit, time travel, and how (batch size,
 * parallelism).
 *
 * <pre>{@code
 * client.catalog().read(q -> q.namespace("robotics").table("episodes")
 *         .columns("id", "task").filter(Predicate.eq("task", "pick")).limit(5000));
 * }</pre>
 */
public final class ReadOptions {
    private final String namespace;
    private final String table;
    private final List<String> columns;
    private final Predicate filter;
    private final Long limit;
    private final Long asOf;
    private final String root;
    private final int batchSize;
    private final int parallelism;
    private final boolean ordered;

    private ReadOptions(Builder b) {
        this.namespace = b.namespace;
        this.table = Objects.requireNonNull(b.table, "table is required");
        this.columns = b.columns == null ? List.of() : List.copyOf(b.columns);
        this.filter = b.filter;
        this.limit = b.limit;
        this.asOf = b.asOf;
        this.root = b.root;
        this.batchSize = b.batchSize;
        this.parallelism = b.parallelism;
        this.ordered = b.ordered;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Namespace; {@code "default"} unless set. */
    public String namespace() {
        return namespace;
    }

    public String table() {
        return table;
    }

    /** Projected columns in order; empty means all columns. */
    public List<String> columns() {
        return columns;
    }

    public Optional<Predicate> filter() {
        return Optional.ofNullable(filter);
    }

    public OptionalLong limit() {
        return limit == null ? OptionalLong.empty() : OptionalLong.of(limit);
    }

    /** Read the state as of this commit time (nanoseconds since the epoch). */
    public OptionalLong asOf() {
        return asOf == null ? OptionalLong.empty() : OptionalLong.of(asOf);
    }

    /**
     * The data root to read from, when set: each file of the plan is read from its copy there where
     * the table is placed on that root and the file has been replicated, else from the table's home
     * root (file by file, so the read is complete whatever replication has done).
     */
    public java.util.Optional<String> root() {
        return java.util.Optional.ofNullable(root);
    }

    /** Rows per Arrow batch handed to the caller (at most). */
    public int batchSize() {
        return batchSize;
    }

    /** Files read concurrently; 0 lets the client choose. */
    public int parallelism() {
        return parallelism;
    }

    /**
     * Whether batches come out in plan order (file by file, the order of the table's deltas). The
     * default; {@code false} hands batches out as soon as any file has one, which keeps every reader
     * thread busy.
     */
    public boolean ordered() {
        return ordered;
    }

    /** Builder; every option has a sensible default except {@link #table(String)}. */
    public static final class Builder {
        private String namespace = "default";
        private String table;
        private List<String> columns;
        private Predicate filter;
        private Long limit;
        private Long asOf;
        private String root;
        private int batchSize = 65_536;
        private int parallelism;
        private boolean ordered = true;

        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        public Builder table(String table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        public Builder columns(String... columns) {
            return columns(List.of(columns));
        }

        public Builder columns(List<String> columns) {
            this.columns = List.copyOf(columns);
            return this;
        }

        public Builder filter(Predicate filter) {
            this.filter = filter;
            return this;
        }

        public Builder limit(long limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be >= 0, got " + limit);
            }
            this.limit = limit;
            return this;
        }

        public Builder asOf(long commitTimeNanos) {
            this.asOf = commitTimeNanos;
            return this;
        }

        /** See {@link ReadOptions#root()}. */
        public Builder root(String root) {
            this.root = root;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder parallelism(int parallelism) {
            if (parallelism < 0) {
                throw new IllegalArgumentException("parallelism must be >= 0, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /** See {@link ReadOptions#ordered()}. */
        public Builder ordered(boolean ordered) {
            this.ordered = ordered;
            return this;
        }

        public ReadOptions build() {
            return new ReadOptions(this);
        }
    }
}
