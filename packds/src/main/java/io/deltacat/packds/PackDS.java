package io.deltacat.packds;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.Storages;
import io.deltacat.packds.internal.DefaultLoader;
import io.deltacat.packds.internal.LoaderPlan;
import io.deltacat.packds.internal.Manifests;
import io.deltacat.packds.internal.ResumeToken;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads of PackDS tables: shard manifests, single episodes by random access, and distributed loaders.
 * Thread-safe; it keeps the last few manifests read (they never change).
 * Writes go through the catalog: {@code client.catalog().write(data, w -> w.layout("packds") ...)}.
 *
 * <pre>{@code
 * try (DeltacatClient client = DeltacatClient.connect("http://localhost:8080")) {
 *     client.catalog().write(steps, w -> w.namespace("robotics").table("episodes").mode(WriteMode.MERGE)
 *             .layout("packds").mergeKeys("episode_id", "step").layoutOption("order_key", "step"));
 *     PackDS packds = PackDS.of(client);
 *     ShardManifest m = packds.manifest("robotics", "episodes");
 *     try (EpisodeRows e = packds.episode("robotics", "episodes", 42L)) { ... e.rows() ... }
 *     try (Loader l = packds.loader(o -> o.namespace("robotics").table("episodes").rank(0).worldSize(2))) {
 *         while (l.next()) { ... l.batch() ... }
 *     }
 * }
 * }</pre>
 */
public final class PackDS {
    private final DeltacatClient client;
    /** Manifests read lately, by URI: the files never change, so a cached one is never stale. */
    private final Map<String, ShardManifest> cache = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ShardManifest> eldest) {
            return size() > 4;
        }
    };

    private PackDS(DeltacatClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** PackDS reads through {@code client} (which keeps its ownership). */
    public static PackDS of(DeltacatClient client) {
        return new PackDS(client);
    }

    /** The shard manifest of the table's latest version. */
    public ShardManifest manifest(String namespace, String table) {
        return manifest(namespace, table, null);
    }

    /**
     * The shard manifest of the table's version as of {@code asOf} (a commit time; null for the latest).
     *
     * @throws NotFoundException       when the table does not exist (or had no data then)
     * @throws InvalidRequestException when the table is not a PackDS table
     */
    public ShardManifest manifest(String namespace, String table, Long asOf) {
        ReadPlan plan = client.catalog().plan(q -> {
            q.namespace(namespace).table(table).columns(List.of());
            if (asOf != null) {
                q.asOf(asOf);
            }
        });
        if (plan.layoutManifest() == null) {
            if (plan.snapshotTime() == 0) {
                throw new NotFoundException("table '" + namespace + "." + table + "' has no data"
                        + (asOf == null ? "" : " as of " + asOf));
            }
            throw new InvalidRequestException("table '" + namespace + "." + table + "' is not a packds table");
        }
        String uri = plan.layoutManifest();
        synchronized (cache) {
            ShardManifest cached = cache.get(uri);
            if (cached != null && cached.version() == plan.snapshotTime()) {
                return cached;
            }
        }
        ShardManifest m = Manifests.read(storage(uri), uri, plan.snapshotTime());
        synchronized (cache) {
            cache.put(uri, m);
        }
        return m;
    }

    /** One episode of the latest version; see {@link #episode(String, String, Object, Long)}. */
    public EpisodeRows episode(String namespace, String table, Object key) {
        return episode(namespace, table, key, null);
    }

    /**
     * One episode's live rows, read by random access through the episode index: only the rows from
     * the start of the row group (Parquet) or page (Lance) holding the episode's first row to its
     * last are decoded, never the rest of the shard.
     *
     * @param key the episode key ({@code 42}, {@code 42L} and {@code "ep-7"} as the column's type asks)
     * @throws NotFoundException when the version has no such episode
     */
    public EpisodeRows episode(String namespace, String table, Object key, Long asOf) {
        ShardManifest m = manifest(namespace, table, asOf);
        EpisodeEntry e = m.episode(key).orElseThrow(() -> new NotFoundException("table '" + namespace + "." + table
                + "' has no episode " + key + " at version " + m.version()));
        Shard shard = m.shards().stream().filter(s -> s.uri().equals(e.shard())).findFirst().orElseThrow();
        return Manifests.readEpisode(Formats.require(m.format()), storage(shard.uri()), shard, e, client.allocator());
    }

    /**
     * A loader of one rank's share of one epoch (see {@link Loader} for its guarantees).
     *
     * @throws InvalidRequestException      when the rank is outside {@code [0, worldSize)}
     * @throws InvalidResumeTokenException  when a resume token is from another table, version, epoch or
     *                                      seed, or an elastic resume lacks some rank's token
     */
    public Loader loader(Consumer<LoaderOptions.Builder> options) {
        LoaderOptions.Builder b = LoaderOptions.builder();
        options.accept(b);
        LoaderOptions o = b.build();
        List<ResumeToken> tokens = o.resume().stream().map(ResumeToken::decode).toList();
        Manifests.checkTable(o, tokens);
        Long asOf = o.asOf();
        if (asOf == null && !tokens.isEmpty()) {
            asOf = tokens.get(0).version();
        }
        ShardManifest m = manifest(o.namespace(), o.table(), asOf);
        LoaderPlan plan = LoaderPlan.of(m, o.seed(), o.epoch(), o.shuffle());
        ResumeToken start = Manifests.startState(o, m, plan, tokens);
        Shard any = m.shards().isEmpty() ? null : m.shards().get(0);
        return new DefaultLoader(o, plan, start, Formats.require(m.format()),
                any == null ? storage(m.manifestUri()) : storage(any.uri()), client.allocator());
    }

    private static Storage storage(String uri) {
        return Storages.forUri(uri, Map.<String, String>of());
    }
}
