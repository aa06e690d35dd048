package io.deltacat.api.options;

import io.deltacat.api.Evolving;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What creating a pipeline node asks for (the Python client's {@code create(subscriber_id,
 * source_tables, subscriber_type, dispatch_mode, dispatch_config, trigger)} and the like).
 *
 * <pre>{@code
 * client.transforms().create(n -> n.id("clean").name("Episode Cleaner").type("dedupe")
 *         .source("robotics", "raw").sink("robotics", "clean")
 *         .dispatchMode("custom").workerTags("cpu")
 *         .trigger(Trigger.event()));
 * }</pre>
 */
@Evolving
public final class NodeOptions {
    /** The longest display name, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    private final String id;
    private final Optional<String> name;
    private final String type;
    private final String mode;
    private final String dispatchMode;
    private final Map<String, String> dispatchConfig;
    private final List<String> workerTags;
    private final int maxAttempts;
    private final Duration leaseDuration;
    private final List<TableRef> sourceTables;
    private final List<TableRef> sinkTables;
    private final Trigger trigger;

    private NodeOptions(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id is required");
        this.name = Optional.ofNullable(b.name);
        this.type = b.type;
        this.mode = b.mode;
        this.dispatchMode = b.dispatchMode;
        this.dispatchConfig = Map.copyOf(b.dispatchConfig);
        this.workerTags = List.copyOf(b.workerTags);
        this.maxAttempts = b.maxAttempts;
        this.leaseDuration = b.leaseDuration;
        this.sourceTables = List.copyOf(b.sourceTables);
        this.sinkTables = List.copyOf(b.sinkTables);
        this.trigger = b.trigger;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String id() {
        return id;
    }

    /** The display name, when one was given. */
    public Optional<String> name() {
        return name;
    }

    public String type() {
        return type;
    }

    public String mode() {
        return mode;
    }

    public String dispatchMode() {
        return dispatchMode;
    }

    public Map<String, String> dispatchConfig() {
        return dispatchConfig;
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

    public List<TableRef> sourceTables() {
        return sourceTables;
    }

    public List<TableRef> sinkTables() {
        return sinkTables;
    }

    public Trigger trigger() {
        return trigger;
    }

    public static final class Builder {
        private String id;
        private String name;
        private String type = "default";
        private String mode = "delta";
        private String dispatchMode = "local";
        private final Map<String, String> dispatchConfig = new LinkedHashMap<>();
        private final Set<String> workerTags = new LinkedHashSet<>();
        private int maxAttempts = 3;
        private Duration leaseDuration = Duration.ofMinutes(1);
        private final List<TableRef> sourceTables = new ArrayList<>();
        private final List<TableRef> sinkTables = new ArrayList<>();
        private Trigger trigger = Trigger.event();

        private Builder() {
        }

        /** The node's id: letters, digits, {@code _ . -}, at most 120 characters; unique across kinds. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /**
         * A human-readable display name, e.g. {@code "Episode Publisher"} (the Python client's
         * {@code name=}): free text of 1..{@value NodeOptions#MAX_NAME_LENGTH} characters, not blank,
         * without control characters. Unlike the id it need not be unique and is never used to
         * address the node. Default: none ({@link io.deltacat.api.model.Node#name()} is empty).
         *
         * <pre>{@code
         * client.publications().create(p -> p.id("episode-publisher").name("Episode Publisher")
         *         .sink("robotics", "episodes"));
         * }</pre>
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** A free label, e.g. the subscriber or transform type (default {@code "default"}). */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** {@code "delta"} (default: each new delta) or {@code "version"} (the table at the new version). */
        public Builder mode(String mode) {
            this.mode = mode;
            return this;
        }

        /**
         * {@code "local"} (default: runs carry the tag {@code node:<id>} for a worker in this JVM),
         * {@code "custom"} (external workers claim by {@link #workerTags}) or {@code "ray"} (refused
         * by this server).
         */
        public Builder dispatchMode(String dispatchMode) {
            this.dispatchMode = dispatchMode;
            return this;
        }

        /** Free-form settings copied into each run's job context as {@code dispatch.<key>}. */
        public Builder dispatchConfig(Map<String, String> config) {
            dispatchConfig.putAll(config);
            return this;
        }

        /** The tags a worker needs to claim a run (dispatch mode {@code custom}). */
        public Builder workerTags(String... tags) {
            workerTags.addAll(List.of(tags));
            return this;
        }

        /** Claims a run gets before it fails for good (default 3). */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** How long a claim holds a run without heartbeat (default 1 minute, at least 1 second). */
        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = Objects.requireNonNull(leaseDuration);
            return this;
        }

        /** Adds a source table. */
        public Builder source(String namespace, String table) {
            sourceTables.add(TableRef.of(namespace, table));
            return this;
        }

        /** Adds source tables. */
        public Builder sourceTables(TableRef... tables) {
            sourceTables.addAll(List.of(tables));
            return this;
        }

        /** Adds a sink table. */
        public Builder sink(String namespace, String table) {
            sinkTables.add(TableRef.of(namespace, table));
            return this;
        }

        /** Adds sink tables. */
        public Builder sinkTables(TableRef... tables) {
            sinkTables.addAll(List.of(tables));
            return this;
        }

        /** When it runs (default {@link Trigger#event()}). */
        public Builder trigger(Trigger trigger) {
            this.trigger = Objects.requireNonNull(trigger);
            return this;
        }

        public NodeOptions build() {
            return new NodeOptions(this);
        }
    }
}
