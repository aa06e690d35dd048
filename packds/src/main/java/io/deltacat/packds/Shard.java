package io.deltacat.packds;

import java.util.List;
import java.util.Objects;

/**
 * One shard of a PackDS table: a data file (Parquet) or dataset (Lance) holding whole episodes,
 * contiguous and in episode-key order. Shards are written once and never changed: rows of episodes
 * rewritten or deleted later are listed in {@code deleted} (like Lance's deletion files).
 *
 * @param uri            where the shard lives (a data file of the catalog)
 * @param rows           rows stored in the shard
 * @param liveRows       rows not deleted
 * @param episodes       live episodes in the shard
 * @param bytes          size on storage
 * @param sha256         SHA-256 of the shard's bytes (a dataset's files in name order, each name then bytes)
 * @param datasetVersion the Lance dataset version (shards are written as version 1 and never changed),
 *                       null for Parquet
 * @param deleted        row ranges no longer live, ascending and disjoint
 */
public record Shard(String uri, long rows, long liveRows, int episodes, long bytes, String sha256,
                    Long datasetVersion, List<RowRange> deleted) {
    public Shard {
        Objects.requireNonNull(uri, "uri");
        deleted = List.copyOf(deleted);
    }
}
