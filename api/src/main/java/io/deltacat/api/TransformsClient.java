package io.deltacat.api;

import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.StagedOutput;
import io.deltacat.api.model.Watermark;
import io.deltacat.api.options.WriteOptions;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Transforms: read sources like a subscription, write sinks. A run stages its output
 * ({@link #stage}) and completes with it: the sink commits, the watermark advance and the job's end
 * happen in one transaction (all or nothing), so a worker that dies mid-run leaves no output and the
 * retry produces it once. A stale worker (its lease lapsed, the run claimed again) commits nothing.
 *
 * <pre>{@code
 * client.transforms().create(t -> t.id("clean").source("default", "raw").sink("default", "clean"));
 * ClaimedJob run = client.jobs().claim(c -> c.workerTags("node:clean")).orElseThrow();
 * try (ArrowReader in = client.transforms().readNew(run)) {
 *     VectorSchemaRoot out = transform(in);
 *     StagedOutput staged = client.transforms().stage(run, out, w -> w.table("clean"));
 *     client.transforms().complete(run, out.getRowCount(), List.of(staged));
 * }
 * }</pre>
 */
@Evolving
public interface TransformsClient extends SubscriptionsClient {
    /**
     * Moves the watermark back to {@code toWatermark} and creates a run that reprocesses everything
     * after it (the reprocessed output is committed again to the sinks).
     */
    Optional<Job> rollback(String id, Watermark toWatermark);

    /** Writes {@code data} to a sink of the run, prepared to commit with the run's completion. */
    StagedOutput stage(ClaimedJob run, VectorSchemaRoot data, Consumer<WriteOptions.Builder> options);

    /** Like {@link #stage(ClaimedJob, VectorSchemaRoot, Consumer)} for a stream of batches. */
    StagedOutput stage(ClaimedJob run, ArrowReader data, Consumer<WriteOptions.Builder> options);

    /** Completes a run, committing its staged outputs with the watermark advance, atomically. */
    Job complete(ClaimedJob run, long recordsProcessed, List<StagedOutput> outputs);
}
