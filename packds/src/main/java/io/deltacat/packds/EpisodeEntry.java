package io.deltacat.packds;

import java.util.Objects;

/**
 * Where one episode lives: the episode index of a PackDS table maps each episode key to its shard and
 * the rows it spans there.
 *
 * @param key      the episode key (canonical: {@code Long} for integers, {@code String}, ...)
 * @param shard    the shard's URI
 * @param offset   the episode's first row in the shard
 * @param rows     rows the episode spans in the shard (deleted rows included)
 * @param liveRows rows of the episode not deleted
 * @param bytes    the episode's share of the shard's bytes (rows / shard rows x shard bytes)
 */
public record EpisodeEntry(Object key, String shard, long offset, long rows, long liveRows, long bytes) {
    public EpisodeEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(shard, "shard");
    }
}
