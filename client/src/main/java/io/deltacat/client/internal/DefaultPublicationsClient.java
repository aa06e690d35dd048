package io.deltacat.client.internal;

import io.deltacat.api.PublicationsClient;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.NodeKind;
import io.deltacat.api.model.StagedOutput;
import io.deltacat.api.options.WriteOptions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/** {@code client.publications()}. */
final class DefaultPublicationsClient extends DefaultNodesClient implements PublicationsClient {
    DefaultPublicationsClient(ApiCalls calls, DefaultJobsClient jobs, BufferAllocator allocator,
                              ExecutorService ioThreads, int parallelism) {
        super(calls, jobs, NodeKind.PUBLICATION, allocator, ioThreads, parallelism);
    }

    @Override
    public Job run(String id) {
        return trigger(id);
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
