package io.deltacat.api;

import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.StagedOutput;
import io.deltacat.api.options.WriteOptions;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Publications: the roots of a pipeline, writing sink tables only. {@link #run} creates a run (a
 * job); its worker stages data to the sinks and completes with it, committing atomically, and the
 * event-triggered nodes downstream get their runs in the same transaction.
 *
 * <pre>{@code
 * client.publications().create(p -> p.id("ingest").sink("default", "raw"));
 * client.publications().run("ingest");
 * ClaimedJob run = client.jobs().claim(c -> c.workerTags("node:ingest")).orElseThrow();
 * StagedOutput staged = client.publications().stage(run, batch, w -> w.table("raw"));
 * client.publications().complete(run, batch.getRowCount(), List.of(staged));
 * }</pre>
 */
@Evolving
public interface PublicationsClient extends NodesClient {
    /** Creates a run now (or returns the pending/running one); the same as {@link #trigger(String)}. */
    Job run(String id);

    /** Writes {@code data} to a sink of the run, prepared to commit with the run's completion. */
    StagedOutput stage(ClaimedJob run, VectorSchemaRoot data, Consumer<WriteOptions.Builder> options);

    /** Like {@link #stage(ClaimedJob, VectorSchemaRoot, Consumer)} for a stream of batches. */
    StagedOutput stage(ClaimedJob run, ArrowReader data, Consumer<WriteOptions.Builder> options);

    /** Completes a run, committing its staged outputs atomically with its end. */
    Job complete(ClaimedJob run, long recordsProcessed, List<StagedOutput> outputs);
}
