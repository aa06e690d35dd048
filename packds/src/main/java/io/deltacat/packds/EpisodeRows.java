package io.deltacat.packds;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One episode's rows, read by random access ({@link PackDS#episode}); the caller closes it.
 *
 * @param entry    the episode's index entry
 * @param rows     the live rows, in the episode's order
 * @param rowsRead rows the format reader decoded to find them: the episode's rows plus at most the
 *                 start of one row group (Parquet) or page (Lance) before it, not the shard's
 */
public record EpisodeRows(EpisodeEntry entry, VectorSchemaRoot rows, long rowsRead) implements AutoCloseable {
    @Override
    public void close() {
        rows.close();
    }
}
