package io.deltacat.packds;

/**
 * What a loader does with the samples of an epoch that do not divide evenly into full batches on
 * every rank.
 */
public enum Remainder {
    /**
     * Every sample is delivered exactly once across all ranks; ranks' sample counts differ by at most
     * one (more after an elastic resume: at most one shuffle buffer), so a rank's last batch may be
     * short. The default.
     */
    PARTIAL,
    /**
     * Every rank gets the same number of full batches; the samples at the end of the epoch's order
     * that do not fill a batch on every rank are not delivered in this epoch (each other sample once).
     */
    DROP,
    /**
     * Every rank gets the same number of full batches; the epoch is padded with samples from the start
     * of its order, so every sample is delivered at least once and the padding twice.
     */
    PAD
}
