package io.deltacat.api.options;

import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.SortKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to write.
 *
 * <pre>{@code
 * client.catalog().write(root, w -> w.table("cool_cats"));                       // auto, parquet
 * client.catalog().write(root, w -> w.namespace("zoo").table("cats").mode(WriteMode.APPEND));
 * client.catalog().write(changes, w -> w.table("users").mode(WriteMode.MERGE));    // upsert by merge key
 * client.catalog().write(keys, w -> w.table("users").mode(WriteMode.DELETE));      // only key columns
 * }</pre>
 */
public final class WriteOptions {
    private final String namespace;
    private final String table;
    private final WriteMode mode;
    private final String format;
    private final boolean autoCreateNamespace;
    private final long targetFileSizeBytes;
    private final Map<String, String> tableProperties;
    private final Map<String, String> formatOptions;
    private final String inputFormat;
    private final List<String> mergeKeys;
    private final List<PartitionKey> partitionKeys;
    private final List<SortKey> sortKeys;
    private final java.util.function.Consumer<io.deltacat.api.model.WriteProgress> progress;

    private WriteOptions(Builder b) {
        this.namespace = b.namespace;
        this.table = Objects.requireNonNull(b.table, "table is required");
        this.mode = b.mode;
        this.format = b.format;
        this.autoCreateNamespace = b.autoCreateNamespace;
        this.targetFileSizeBytes = b.targetFileSizeBytes;
        this.tableProperties = Map.copyOf(b.tableProperties);
        this.partitionKeys = List.copyOf(b.partitionKeys);
        this.sortKeys = List.copyOf(b.sortKeys);
        this.formatOptions = Map.copyOf(b.formatOptions);
        this.inputFormat = b.inputFormat;
        this.mergeKeys = List.copyOf(b.mergeKeys);
        this.progress = b.progress;
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

    public WriteMode mode() {
        return mode;
    }

    /** Storage format of a table this write creates; an existing table keeps its own. */
    public String format() {
        return format;
    }

    /** Whether a write that creates a table also creates a missing namespace. */
    public boolean autoCreateNamespace() {
        return autoCreateNamespace;
    }

    /** Files roll over once they reach about this size. */
    public long targetFileSizeBytes() {
        return targetFileSizeBytes;
    }

    /** Properties of a table this write creates. */
    /** The partition scheme of a table this write creates (ignored when the table exists). */
    public List<PartitionKey> partitionKeys() {
        return partitionKeys;
    }

    /** The sort scheme of a table this write creates (ignored when the table exists). */
    public List<SortKey> sortKeys() {
        return sortKeys;
    }

    public Map<String, String> tableProperties() {
        return tableProperties;
    }

    /** Options handed to the format provider, e.g. {@code compression=zstd}. */
    public Map<String, String> formatOptions() {
        return formatOptions;
    }

    /**
     * The format of the local files given to {@code CatalogClient.write(List<Path>, ...)}; empty: each
     * file's format is found by its extension.
     */
    public java.util.Optional<String> inputFormat() {
        return java.util.Optional.ofNullable(inputFormat);
    }

    /**
     * Merge keys of a table this write creates ({@code AUTO} or {@code CREATE} on a missing table);
     * empty for none. An existing table keeps its own merge keys.
     */
    public List<String> mergeKeys() {
        return mergeKeys;
    }

    /** Told how far the write has come (see {@link io.deltacat.api.model.WriteProgress}); by default nobody. */
    public java.util.function.Consumer<io.deltacat.api.model.WriteProgress> progress() {
        return progress;
    }

    /** Builder; only {@link #table(String)} is required. */
    public static final class Builder {
        private String namespace = "default";
        private String table;
        private WriteMode mode = WriteMode.AUTO;
        private String format = "parquet";
        private boolean formatSet;
        private boolean autoCreateNamespace = true;
        private long targetFileSizeBytes = 128L * 1024 * 1024;
        private final Map<String, String> tableProperties = new LinkedHashMap<>();
        private final Map<String, String> formatOptions = new LinkedHashMap<>();
        private final List<PartitionKey> partitionKeys = new ArrayList<>();
        private final List<SortKey> sortKeys = new ArrayList<>();
        private String inputFormat;
        private List<String> mergeKeys = List.of();
        private java.util.function.Consumer<io.deltacat.api.model.WriteProgress> progress = p -> { };

        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        public Builder table(String table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        public Builder mode(WriteMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder format(String format) {
            this.format = Objects.requireNonNull(format, "format").toLowerCase(java.util.Locale.ROOT);
            this.formatSet = true;
            return this;
        }

        /**
         * The table's layout, should this write create it: {@code "packds"} packs merge-keyed rows into
         * shards of whole episodes for training data (module {@code io.deltacat.packds}; its format is
         * {@code lance} unless {@link #format(String)} says {@code parquet}). Needs merge keys; see
         * {@link #layoutOption(String, String)} for the episode key, order key and shard size.
         *
         * <pre>{@code
         * client.catalog().write(steps, w -> w.namespace("robotics").table("episodes").mode(WriteMode.MERGE)
         *         .layout("packds").mergeKeys("episode_id", "step").layoutOption("order_key", "step"));
         * }</pre>
         */
        public Builder layout(String layout) {
            String name = Objects.requireNonNull(layout, "layout").toLowerCase(java.util.Locale.ROOT);
            this.tableProperties.put("layout", name);
            if (!formatSet) {
                this.format = name.equals("packds") ? "lance" : "parquet";
            }
            return this;
        }

        /**
         * A setting of the layout named by {@link #layout(String)}, stored as table property
         * {@code <layout>.<key>}. For {@code packds}: {@code episode_key} (default: the first merge key),
         * {@code order_key} (a column ordering rows inside an episode, e.g. {@code step}),
         * {@code target_shard_bytes} (default 256 MiB).
         *
         * @throws IllegalStateException when no layout was named before
         */
        public Builder layoutOption(String key, String value) {
            String layout = this.tableProperties.get("layout");
            if (layout == null) {
                throw new IllegalStateException("name the layout first: layout(\"packds\")");
            }
            this.tableProperties.put(layout + "." + Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }


        public Builder autoCreateNamespace(boolean autoCreateNamespace) {
            this.autoCreateNamespace = autoCreateNamespace;
            return this;
        }

        public Builder targetFileSizeBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("targetFileSizeBytes must be > 0, got " + bytes);
            }
            this.targetFileSizeBytes = bytes;
            return this;
        }

        public Builder tableProperty(String key, String value) {
            this.tableProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder formatOption(String key, String value) {
            this.formatOptions.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /**
         * Names the format of the local input files (e.g. {@code "csv"}) instead of detecting it by
         * file extension; null restores detection.
         */
        public Builder inputFormat(String format) {
            this.inputFormat = format == null ? null : format.toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        /**
         * Merge keys for the table, should this write create it (see
         * {@link CreateTableOptions.Builder#mergeKeys(String...)}); ignored when the table exists.
         */
        public Builder mergeKeys(String... columns) {
            this.mergeKeys = List.of(columns);
            return this;
        }

        /**
         * The partition scheme of the table when this write creates it, e.g.
         * {@code w.table("events").partitionBy(PartitionKey.identity("region"))}. An existing table keeps its own.
         */
        public Builder partitionBy(PartitionKey... keys) {
            this.partitionKeys.clear();
            this.partitionKeys.addAll(List.of(keys));
            return this;
        }

        /** The sort scheme of the table when this write creates it. An existing table keeps its own. */
        public Builder sortBy(SortKey... keys) {
            this.sortKeys.clear();
            this.sortKeys.addAll(List.of(keys));
            return this;
        }

        /**
         * Tells {@code listener} how far the write has come, on the writing thread after each staged
         * batch and each input file read or copied, e.g. to draw a progress bar. An exception it
         * throws fails the write (nothing is committed).
         */
        public Builder progress(java.util.function.Consumer<io.deltacat.api.model.WriteProgress> listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public WriteOptions build() {
            return new WriteOptions(this);
        }
    }
}
