package io.deltacat.api;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.ServerInfo;
import io.deltacat.api.spi.ClientProvider;
import java.util.ServiceLoader;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The root of the client: connects to a DeltaCAT API server and hands out subclients.
 *
 * <pre>{@code
 * try (DeltacatClient client = DeltacatClient.connect("http://localhost:8080")) {
 *     client.catalog().write(root, w -> w.table("cool_cats"));
 *     try (ArrowReader r = client.catalog().read(q -> q.table("cool_cats"))) {
 *         while (r.loadNextBatch()) { ... r.getVectorSchemaRoot() ... }
 *     }
 * }
 * }</pre>
 *
 * <p>The implementation is found with {@link ServiceLoader}: put the {@code io.deltacat.client}
 * module and a transport (e.g. {@code io.deltacat.transport.http}) on the module path.
 */
public interface DeltacatClient extends AutoCloseable {

    /** Connects to {@code uri} with default settings and no credentials. */
    static DeltacatClient connect(String uri) {
        return connect(ClientConfig.builder().uri(uri).build());
    }

    /**
     * Connects with {@code config}: checks the server's API version and reads its capabilities.
     *
     * @throws UnsupportedFeatureException when no client implementation is on the module path
     */
    static DeltacatClient connect(ClientConfig config) {
        ClientProvider provider = ServiceLoader.load(ClientProvider.class).findFirst()
                .orElseThrow(() -> new UnsupportedFeatureException(
                        "no DeltaCAT client implementation found: add module io.deltacat.client"));
        return provider.connect(config);
    }

    /** Catalog operations: namespaces, tables, reads and writes. */
    CatalogClient catalog();

    /** The server's durable job queue: submit, watch, claim and run jobs. */
    JobsClient jobs();

    /**
     * Begins a multi-table transaction; use it with try-with-resources (see {@link Transaction}).
     *
     * @throws io.deltacat.api.error.UnsupportedFeatureException when the server has no transactions
     */
    default Transaction transaction(String message) {
        return transaction(t -> t.message(message));
    }

    /** Begins a multi-table transaction with options (message, time to live). */
    Transaction transaction(java.util.function.Consumer<io.deltacat.api.options.TransactionOptions.Builder> options);
    /** Subscriptions: pipeline leaves that consume new source deltas. */
    SubscriptionsClient subscriptions();

    /** Transforms: pipeline nodes that read sources and write sinks, atomically with their watermark. */
    TransformsClient transforms();

    /** Publications: pipeline roots that write sink tables. */
    PublicationsClient publications();

    /** Pipelines: discovery, grouping, status, pause and resume of connected nodes. */
    PipelinesClient pipelines();

    /** What the server reported at connect time. */
    ServerInfo serverInfo();

    /** The allocator reads allocate from; results must be closed before the client. */
    BufferAllocator allocator();

    /** Releases connections, threads and (if client-owned) the allocator. */
    @Override
    void close();
}
