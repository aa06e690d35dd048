package io.deltacat.client.internal;

import io.deltacat.api.TransformsClient;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.NodeKind;
import io.deltacat.api.model.StagedOutput;
import io.deltacat.api.model.Watermark;
import io.deltacat.api.options.WriteOptions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/** {@code client.transforms()}. */
final class DefaultTransformsClient extends DefaultSubscriptionsClient implements TransformsClient {
    DefaultTransformsClient(ApiCalls calls, DefaultJobsClient jobs, BufferAllocator allocator,
                            ExecutorService ioThreads, int parallelism) {
        super(calls, jobs, NodeKind.TRANSFORM, allocator, ioThreads, parallelism);
    }

    @Override
    public Optional<Job> rollback(String id, Watermark toWatermark) {
        return resetWatermark(id, toWatermark, "rollback");
    }

    @Override
    public StagedOutput stage(ClaimedJob run, VectorSchemaRoot data, Consumer<WriteOptions.Builder> options) {
        return stageOutput(run, data, options);
    }

    @Override
    public StagedOutput stage(ClaimedJob run, ArrowReader data, Consumer<WriteOptions.Builder> options) {
        return stageOutput(run, data, options);
    }

    @Override
    public Job complete(ClaimedJob run, long recordsProcessed, List<StagedOutput> outputs) {
        return completeRun(run, recordsProcessed, outputs);
    }
}
