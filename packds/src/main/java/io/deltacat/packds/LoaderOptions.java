package io.deltacat.packds;

import io.deltacat.api.error.InvalidRequestException;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Loader} delivers: which table and version, this process's place among the ranks,
 * the epoch and shuffle, and the batch shape.
 *
 * <pre>{@code
 * Loader loader = packds.loader(l -> l.namespace("robotics").table("episodes")
 *         .rank(0).worldSize(8).epoch(3).seed(42).batchSize(512)
 *         .shuffle(true).shuffleBuffer(16_384).remainder(Remainder.PARTIAL));
 * }</pre>
 */
public final class LoaderOptions {
    private final String namespace;
    private final String table;
    private final Long asOf;
    private final int rank;
    private final int worldSize;
    private final int epoch;
    private final long seed;
    private final int batchSize;
    private final boolean shuffle;
    private final int shuffleBuffer;
    private final Remainder remainder;
    private final boolean wholeEpisodes;
    private final List<String> columns;
    private final List<String> resume;

    private LoaderOptions(Builder b) {
        this.namespace = b.namespace;
        this.table = Objects.requireNonNull(b.table, "table is required");
        this.asOf = b.asOf;
        if (b.worldSize < 1) {
            throw new InvalidRequestException("worldSize must be >= 1, got " + b.worldSize);
        }
        if (b.rank < 0 || b.rank >= b.worldSize) {
            throw new InvalidRequestException("rank must be in [0, worldSize=" + b.worldSize + "), got " + b.rank);
        }
        this.rank = b.rank;
        this.worldSize = b.worldSize;
        this.epoch = b.epoch;
        this.seed = b.seed;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.shuffleBuffer = b.shuffleBuffer;
        this.remainder = b.remainder;
        this.wholeEpisodes = b.wholeEpisodes;
        this.columns = List.copyOf(b.columns);
        this.resume = List.copyOf(b.resume);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String namespace() {
        return namespace;
    }

    public String table() {
        return table;
    }

    /** The version read: the newest at or before this commit time; null for the latest (or a token's). */
    public Long asOf() {
        return asOf;
    }

    public int rank() {
        return rank;
    }

    public int worldSize() {
        return worldSize;
    }

    public int epoch() {
        return epoch;
    }

    public long seed() {
        return seed;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean shuffle() {
        return shuffle;
    }

    /** Samples a rank holds to shuffle among (its memory bound, with the batch size and one read-ahead). */
    public int shuffleBuffer() {
        return shuffleBuffer;
    }

    public Remainder remainder() {
        return remainder;
    }

    /** Whether ranks' shares are cut only at episode boundaries (a whole episode stays on one rank). */
    public boolean wholeEpisodes() {
        return wholeEpisodes;
    }

    /** Columns delivered; empty for all. */
    public List<String> columns() {
        return columns;
    }

    /** Resume tokens ({@link Loader#state()}); empty to start the epoch. */
    public List<String> resume() {
        return resume;
    }

    /** Builder; only {@link #table(String)} is required. */
    public static final class Builder {
        private String namespace = "default";
        private String table;
        private Long asOf;
        private int rank;
        private int worldSize = 1;
        private int epoch;
        private long seed;
        private int batchSize = 256;
        private boolean shuffle = true;
        private int shuffleBuffer = 8192;
        private Remainder remainder = Remainder.PARTIAL;
        private boolean wholeEpisodes;
        private List<String> columns = List.of();
        private List<String> resume = List.of();

        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        public Builder table(String table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        /** Pins the loader to the table version as of this commit time (default: the latest). */
        public Builder asOf(long commitTime) {
            this.asOf = commitTime;
            return this;
        }

        /** This process's rank, in {@code [0, worldSize)} (checked at {@link #build()}). */
        public Builder rank(int rank) {
            this.rank = rank;
            return this;
        }

        public Builder worldSize(int worldSize) {
            this.worldSize = worldSize;
            return this;
        }

        public Builder epoch(int epoch) {
            if (epoch < 0) {
                throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
            }
            this.epoch = epoch;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffles shard order and, within a buffer of {@link #shuffleBuffer(int)} samples, sample order (default on). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder shuffleBuffer(int samples) {
            if (samples < 1) {
                throw new IllegalArgumentException("shuffleBuffer must be >= 1, got " + samples);
            }
            this.shuffleBuffer = samples;
            return this;
        }

        public Builder remainder(Remainder remainder) {
            this.remainder = Objects.requireNonNull(remainder, "remainder");
            return this;
        }

        /** Cuts ranks' shares only at episode boundaries (balance then within one episode). */
        public Builder wholeEpisodes(boolean wholeEpisodes) {
            this.wholeEpisodes = wholeEpisodes;
            return this;
        }

        public Builder columns(String... columns) {
            this.columns = List.of(columns);
            return this;
        }

        /**
         * Resumes from {@link Loader#state()} tokens: this rank's own token (same world size), or the
         * tokens of every rank of the interrupted run (any world size).
         */
        public Builder resume(String... tokens) {
            this.resume = List.of(tokens);
            return this;
        }

        /** {@link #resume(String...)} with a list. */
        public Builder resume(List<String> tokens) {
            this.resume = List.copyOf(tokens);
            return this;
        }

        /**
         * @throws InvalidRequestException when the rank is outside {@code [0, worldSize)} or the world
         *         size is below 1
         */
        public LoaderOptions build() {
            return new LoaderOptions(this);
        }
    }
}
