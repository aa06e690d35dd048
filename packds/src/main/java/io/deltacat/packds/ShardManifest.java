package io.deltacat.packds;

import java.util.List;
import java.util.Optional;

/**
 * The shard manifest of one version of a PackDS table: every live shard and the episode index. Each
 * commit writes its manifest as a plain JSON file next to its data files ({@code manifestUri}), so
 * any JSON reader (DuckDB's {@code read_json}, pyarrow, jq) reads it without this project.
 *
 * <pre>{@code
 * ShardManifest m = PackDS.of(client).manifest("robotics", "episodes");
 * long rows = m.liveRows();
 * m.episode(42L).ifPresent(e -> System.out.println(e.shard() + " @" + e.offset()));
 * }</pre>
 *
 * @param version     the table version (commit time) the manifest describes
 * @param baseVersion the version the commit that wrote it was built on (0 for the first)
 * @param manifestUri where the JSON file lives
 */
public record ShardManifest(String namespace, String table, long version, long baseVersion, String format,
                            String episodeKey, String orderKey, List<Shard> shards, List<EpisodeEntry> episodes,
                            String manifestUri) {
    public ShardManifest {
        shards = List.copyOf(shards);
        episodes = List.copyOf(episodes);
    }

    /** Live rows of the table at this version. */
    public long liveRows() {
        return shards.stream().mapToLong(Shard::liveRows).sum();
    }

    /** Bytes of the live shards. */
    public long bytes() {
        return shards.stream().mapToLong(Shard::bytes).sum();
    }

    /** The index entry of an episode (keys as in {@link PackDS#episode}), if it exists at this version. */
    public Optional<EpisodeEntry> episode(Object key) {
        Object k = io.deltacat.packds.internal.Keys.canonical(key);
        return episodes.stream().filter(e -> e.key().equals(k)).findFirst();
    }
}
