package io.deltacat.api.options;

import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.SortKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table to create.
 *
 * <pre>{@code
 * client.catalog().createTable(t -> t.namespace("zoo").table("cats").schema(schema)
 *         .autoCreateNamespace(true));
 * client.catalog().createTable(t -> t.table("events").schema(schema)
 *         .partitionBy(PartitionKey.identity("region"), PartitionKey.day("ts"))
 *         .sortBy(SortKey.asc("ts"))
 *         .property("schema_evolution_mode", "auto"));
 * }</pre>
 */
public final class CreateTableOptions {
    private final String namespace;
    private final String table;
    private final Schema schema;
    private final String format;
    private final boolean autoCreateNamespace;
    private final Map<String, String> properties;
    private final List<String> mergeKeys;
    private final List<PartitionKey> partitionKeys;
    private final List<SortKey> sortKeys;

    private CreateTableOptions(Builder b) {
        this.namespace = b.namespace;
        this.table = Objects.requireNonNull(b.table, "table is required");
        this.schema = Objects.requireNonNull(b.schema, "schema is required");
        this.format = b.format;
        this.autoCreateNamespace = b.autoCreateNamespace;
        this.properties = Map.copyOf(b.properties);
        this.mergeKeys = List.copyOf(b.mergeKeys);
        this.partitionKeys = List.copyOf(b.partitionKeys);
        this.sortKeys = List.copyOf(b.sortKeys);
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

    public Schema schema() {
        return schema;
    }

    public String format() {
        return format;
    }

    public boolean autoCreateNamespace() {
        return autoCreateNamespace;
    }

    public Map<String, String> properties() {
        return properties;
    }

    /**
     * The columns that identify a row for {@code MERGE} and {@code DELETE} writes and merge-on-read;
     * empty for a table without merge keys.
     */
    public List<String> mergeKeys() {
        return mergeKeys;
    }

    /** The partition scheme; empty for an unpartitioned table. */
    public List<PartitionKey> partitionKeys() {
        return partitionKeys;
    }

    /** The sort scheme; empty for unsorted files. */
    public List<SortKey> sortKeys() {
        return sortKeys;
    }

    /** Builder; table and schema are required. */
    public static final class Builder {
        private String namespace = "default";
        private String table;
        private Schema schema;
        private String format = "parquet";
        private boolean formatSet;
        private boolean autoCreateNamespace;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private List<String> mergeKeys = List.of();
        private final List<PartitionKey> partitionKeys = new ArrayList<>();
        private final List<SortKey> sortKeys = new ArrayList<>();

        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        public Builder table(String table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        public Builder schema(Schema schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        public Builder format(String format) {
            this.format = Objects.requireNonNull(format, "format").toLowerCase(java.util.Locale.ROOT);
            this.formatSet = true;
            return this;
        }

        /**
         * The table's layout, of the new table: {@code "packds"} packs merge-keyed rows into
         * shards of whole episodes for training data (module {@code io.deltacat.packds}; its format is
         * {@code lance} unless {@link #format(String)} says {@code parquet}). Needs merge keys; see
         * {@link #layoutOption(String, String)} for the episode key, order key and shard size.
         *
         * <pre>{@code
         * client.catalog().createTable(t -> t.namespace("robotics").table("episodes").schema(schema)
         *         .layout("packds").mergeKeys("episode_id", "step").layoutOption("order_key", "step"));
         * }</pre>
         */
        public Builder layout(String layout) {
            String name = Objects.requireNonNull(layout, "layout").toLowerCase(java.util.Locale.ROOT);
            this.properties.put("layout", name);
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
            String layout = this.properties.get("layout");
            if (layout == null) {
                throw new IllegalStateException("name the layout first: layout(\"packds\")");
            }
            this.properties.put(layout + "." + Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }


        public Builder autoCreateNamespace(boolean autoCreateNamespace) {
            this.autoCreateNamespace = autoCreateNamespace;
            return this;
        }

        /**
         * Declares the merge keys: columns of the schema, of integer, string, boolean, date, timestamp
         * or decimal type (no floating point), that identify a row. The server stores them as field
         * metadata {@code deltacat.merge_key=true}. Replaces earlier calls; no argument clears them.
         */
        public Builder mergeKeys(String... columns) {
            this.mergeKeys = List.of(columns);
            return this;
        }

        /**
         * Sets a table property. Compaction is governed by:
         * <ul>
         *   <li>{@code read_optimization_level}: {@code none} (the default: merge on read only),
         *       {@code moderate} (the server queues a background compaction job when the table, or one of
         *       its partitions, crosses a threshold below; writers never wait for it) or {@code max}
         *       (every write compacts the table before it answers);</li>
         *   <li>{@code compaction_trigger_file_count} (default 64, at least 2): files written since the
         *       last compaction;</li>
         *   <li>{@code compaction_trigger_small_file_share} (default 0.5, more than 0 and at most 1):
         *       the share of live files smaller than {@code compaction_small_file_bytes} (default
         *       4194304, at least 1), counted from 16 live files on;</li>
         *   <li>{@code compaction_trigger_merge_deltas} (default 16, at least 1): upsert/delete deltas
         *       waiting to be merged on a table with merge keys.</li>
         * </ul>
         * A compaction keeps files of at least {@code compaction_small_file_bytes} as they are (with
         * merge keys, when none of their rows changed) and keeps partitions apart. A bad value is
         * refused with {@link io.deltacat.api.error.InvalidRequestException} naming the property.
         */
        public Builder property(String key, String value) {
            this.properties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        /** Sets the partition scheme (replacing any set before). */
        public Builder partitionBy(PartitionKey... keys) {
            return partitionBy(List.of(keys));
        }

        /** Sets the partition scheme (replacing any set before). */
        public Builder partitionBy(List<PartitionKey> keys) {
            this.partitionKeys.clear();
            this.partitionKeys.addAll(keys);
            return this;
        }

        /** Sets the sort scheme (replacing any set before). */
        public Builder sortBy(SortKey... keys) {
            return sortBy(List.of(keys));
        }

        /** Sets the sort scheme (replacing any set before). */
        public Builder sortBy(List<SortKey> keys) {
            this.sortKeys.clear();
            this.sortKeys.addAll(keys);
            return this;
        }

        public CreateTableOptions build() {
            return new CreateTableOptions(this);
        }
    }
}
