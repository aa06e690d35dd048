package io.deltacat.client.internal;

import io.deltacat.api.SubscriptionsClient;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.NodeKind;
import io.deltacat.api.model.RunInput;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.Watermark;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/** {@code client.subscriptions()}. */
class DefaultSubscriptionsClient extends DefaultNodesClient implements SubscriptionsClient {
    DefaultSubscriptionsClient(ApiCalls calls, DefaultJobsClient jobs, NodeKind kind, BufferAllocator allocator,
                               ExecutorService ioThreads, int parallelism) {
        super(calls, jobs, kind, allocator, ioThreads, parallelism);
    }

    @Override
    public Watermark getWatermark(String id) {
        return watermarkOf(id);
    }

    @Override
    public Optional<Job> redrive(String id, Watermark fromWatermark) {
        return resetWatermark(id, fromWatermark, "redrive");
    }

    @Override
    public List<RunInput> inputs(ClaimedJob run) {
        return runInputs(run);
    }

    @Override
    public ArrowReader readNew(ClaimedJob run) {
        return read(run, Optional.empty());
    }

    @Override
    public ArrowReader readNew(ClaimedJob run, TableRef source) {
        return read(run, Optional.of(source));
    }

    @Override
    public Job complete(ClaimedJob run, long recordsProcessed) {
        return completeRun(run, recordsProcessed, List.of());
    }
}
