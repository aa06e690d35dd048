package io.deltacat.api;

import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.RunInput;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.Watermark;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Subscriptions: the leaves of a pipeline. Each run carries exactly the source deltas committed after
 * the node's watermark; completing it advances the watermark, failing it leaves the watermark where
 * it was, so the next run sees the same data again.
 *
 * <pre>{@code
 * client.subscriptions().create(s -> s.id("audit").type("auditor").source("default", "clean"));
 * ClaimedJob run = client.jobs().claim(c -> c.workerTags("node:audit")).orElseThrow();
 * long rows = 0;
 * try (ArrowReader r = client.subscriptions().readNew(run)) {
 *     while (r.loadNextBatch()) { rows += r.getVectorSchemaRoot().getRowCount(); }
 * }
 * client.subscriptions().complete(run, rows);                  // advances the watermark
 * }</pre>
 */
@Evolving
public interface SubscriptionsClient extends NodesClient {
    /** The node's current watermark. */
    Watermark getWatermark(String id);

    /**
     * Moves the watermark back to {@code fromWatermark} (each source at or below its current
     * position) and creates a run that delivers everything after it again.
     *
     * @return the new run; empty when the node is paused
     */
    Optional<Job> redrive(String id, Watermark fromWatermark);

    /** What a claimed run consumes, per source, as read plans. */
    List<RunInput> inputs(ClaimedJob run);

    /**
     * Streams the new data of a run of a single-source node as Arrow, straight from storage.
     *
     * @throws io.deltacat.api.error.InvalidRequestException when the node has several sources (use
     *         {@link #readNew(ClaimedJob, TableRef)})
     */
    ArrowReader readNew(ClaimedJob run);

    /** Streams the new data of one source of a run. */
    ArrowReader readNew(ClaimedJob run, TableRef source);

    /** Completes a run: its watermark advance and its end are one transaction. */
    Job complete(ClaimedJob run, long recordsProcessed);
}
