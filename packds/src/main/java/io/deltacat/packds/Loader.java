package io.deltacat.packds;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One rank's stream of training samples from a PackDS table, pinned to one table version, as Arrow
 * batches. Not thread-safe; close it (it owns a background prefetch thread and its memory).
 *
 * <pre>{@code
 * try (Loader loader = PackDS.of(client).loader(l -> l.namespace("robotics").table("episodes")
 *         .rank(rank).worldSize(world).epoch(epoch).seed(7).batchSize(256).shuffle(true))) {
 *     while (loader.next()) {
 *         VectorSchemaRoot batch = loader.batch();   // valid until the next call
 *         train(batch);
 *         if (checkpointDue()) save(loader.state()); // resume later with l.resume(token)
 *     }
 * }
 * }</pre>
 *
 * <p>Guarantees (with {@link Remainder#PARTIAL}): across the ranks of one epoch every live sample of
 * the version is delivered exactly once; ranks get counts within one sample of each other (within
 * one shuffle buffer after an elastic resume); the order is a pure function of (seed, epoch,
 * version, world size, rank); a loader resumed from {@link #state()} delivers exactly the samples
 * this one had not, and the tokens of all ranks resume the rest of the epoch on any world size.
 */
public interface Loader extends AutoCloseable {

    /** Loads the next batch; false when this rank's share of the epoch is done. */
    boolean next();

    /** The current batch, owned by the loader and valid until the next call to {@link #next()} or {@link #close()}. */
    VectorSchemaRoot batch();

    /**
     * A small token (URL-safe text) naming what this rank has left of the epoch after the batches
     * handed out so far. Give it to {@link LoaderOptions.Builder#resume(String...)}: alone to resume
     * this rank with the same world size, or with the tokens of every rank to resume the epoch on
     * another world size.
     */
    String state();

    /** Samples handed out so far. */
    long delivered();

    /** Samples this rank delivers in the epoch (what it had left when it started). */
    long assigned();

    /** The table version (commit time) the loader reads. */
    long version();

    @Override
    void close();
}
