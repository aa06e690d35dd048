package io.deltacat.api;

import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.NodeResult;

/**
 * Runs one run of a pipeline node in this JVM (see {@link NodesClient#worker}). Read the run's new
 * data with {@code readNew(run)}, stage outputs with {@code stage(run, ...)}, and return them: the
 * worker completes the run with them (sink commits and watermark advance in one transaction).
 * Throwing fails the attempt as retryable; the watermark stays where it was.
 */
@FunctionalInterface
@Evolving
public interface NodeHandler {
    NodeResult handle(ClaimedJob run) throws Exception;
}
