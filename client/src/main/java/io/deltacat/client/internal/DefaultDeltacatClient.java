package io.deltacat.client.internal;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.JobsClient;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.ServerInfo;
import io.deltacat.api.spi.Transport;
import io.deltacat.api.Transaction;
import io.deltacat.api.options.TransactionOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** The client: a transport for metadata, an allocator and threads for data. */
final class DefaultDeltacatClient implements DeltacatClient {
    private final Transport transport;
    private final ServerInfo serverInfo;
    private final BufferAllocator allocator;
    private final boolean ownsAllocator;
    private final ExecutorService ioThreads;
    private final DefaultCatalogClient catalog;
    private final DefaultJobsClient jobs;
    private final DefaultAuthClient auth;
    private final ApiCalls calls;
    private final int parallelism;
    private final ScheduledExecutorService heartbeats;
    private final DefaultSubscriptionsClient subscriptions;
    private final DefaultTransformsClient transforms;
    private final DefaultPublicationsClient publications;
    private final DefaultPipelinesClient pipelines;

    DefaultDeltacatClient(ClientConfig config, Transport transport) {
        this.transport = transport;
        this.calls = new ApiCalls(transport);
        this.serverInfo = CatalogWire.serverInfo(calls.get("/v1/config", "/v1/config",
                io.deltacat.wire.common.ServerConfig.class));
        checkCompatible(serverInfo);
        calls.server(serverInfo);
        this.ownsAllocator = config.allocator().isEmpty();
        this.allocator = config.allocator().orElseGet(RootAllocator::new);
        AtomicInteger n = new AtomicInteger();
        this.ioThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "deltacat-io-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        int parallelism = config.readParallelism() > 0 ? config.readParallelism()
                : Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        this.parallelism = parallelism;
        this.catalog = new DefaultCatalogClient(calls, allocator, ioThreads, parallelism);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deltacat-transaction-heartbeat");
            t.setDaemon(true);
            return t;
        });
        this.jobs = new DefaultJobsClient(calls, config.requestTimeout());
        this.subscriptions = new DefaultSubscriptionsClient(calls, jobs, io.deltacat.api.model.NodeKind.SUBSCRIPTION,
                allocator, ioThreads, parallelism);
        this.transforms = new DefaultTransformsClient(calls, jobs, allocator, ioThreads, parallelism);
        this.publications = new DefaultPublicationsClient(calls, jobs, allocator, ioThreads, parallelism);
        this.pipelines = new DefaultPipelinesClient(calls);
        this.auth = new DefaultAuthClient(calls);
    }

    private static void checkCompatible(ServerInfo info) {
        String major = info.apiVersion().split("\\.")[0];
        if (!major.equals(ClientVersion.API_VERSION)) {
            throw new UnsupportedFeatureException("server speaks API version " + info.apiVersion()
                    + ", this client speaks " + ClientVersion.API_VERSION);
        }
        if (ClientVersion.compare(ClientVersion.VERSION, info.minimumClientVersion()) < 0) {
            throw new UnsupportedFeatureException("client " + ClientVersion.VERSION
                    + " is older than the server's minimum client version " + info.minimumClientVersion());
        }
    }

    @Override
    public CatalogClient catalog() {
        return catalog;
    }

    @Override
    public JobsClient jobs() {
        return jobs;
    }

    @Override
    public io.deltacat.api.AuthClient auth() {
        return auth;
    }

    @Override
    public Transaction transaction(Consumer<TransactionOptions.Builder> options) {
        TransactionOptions.Builder b = TransactionOptions.builder();
        options.accept(b);
        return DefaultTransaction.begin(calls, b.build(),
                scoped -> new DefaultCatalogClient(scoped, allocator, ioThreads, parallelism), heartbeats);
    }

    @Override
    public io.deltacat.api.model.TransactionStatus transactionStatus(String transactionId) {
        return DefaultTransaction.status(calls, transactionId);
    }

    @Override
    public io.deltacat.api.SubscriptionsClient subscriptions() {
        return subscriptions;
    }

    @Override
    public io.deltacat.api.TransformsClient transforms() {
        return transforms;
    }

    @Override
    public io.deltacat.api.PublicationsClient publications() {
        return publications;
    }

    @Override
    public io.deltacat.api.PipelinesClient pipelines() {
        return pipelines;
    }

    @Override
    public ServerInfo serverInfo() {
        return serverInfo;
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        ioThreads.shutdownNow();
        try {
            transport.close();
        } finally {
            if (ownsAllocator) {
                allocator.close();
            }
        }
    }
}
