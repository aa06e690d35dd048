package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.RootAllocator;

/**
 * An embedded server on an ephemeral loopback port and clients connected to it over real HTTP. On
 * close, every client's allocator must be empty (the Arrow leak check).
 *
 * <p>The metadata store follows the system property {@code deltacat.it.store}: {@code sqlite} (the
 * default: the server's embedded file) or {@code postgresql} (a fresh database per fixture in the
 * throwaway {@link PgCluster}), so the whole suite runs against both stores.
 */
final class Fixture implements AutoCloseable {
    /** The metadata store of this test run. */
    static final String STORE = System.getProperty("deltacat.it.store", "sqlite");
    final Path root;
    /** The PostgreSQL URL of this fixture's database, or null on SQLite. */
    final String metadataUrl;
    final MutableClock clock = new MutableClock();
    final RootAllocator allocator = new RootAllocator();
    DeltacatServer server;
    DeltacatClient client;
    private final List<DeltacatClient> clients = new ArrayList<>();
    private final UnaryOperator<DeltacatServer.Builder> customizer;

    Fixture(Path root) {
        this(root, UnaryOperator.identity());
    }

    Fixture(Path root, UnaryOperator<DeltacatServer.Builder> customizer) {
        this.root = root;
        this.customizer = customizer;
        this.metadataUrl = usesPostgres() ? PgCluster.shared().newDatabase() : null;
        start();
    }

    static boolean usesPostgres() {
        return STORE.equals("postgresql");
    }

    void start() {
        startServer(0);
        client = connect();
    }

    /** Starts a server (only) on {@code port} (0: an ephemeral one), on this fixture's root and store. */
    void startServer(int port) {
        DeltacatServer.Builder b = DeltacatServer.builder().root(root).port(port).clock(clock)
                .stagingTtl(Duration.ofMinutes(10));
        if (metadataUrl != null) {
            b.metadataUrl(metadataUrl);
        }
        server = customizer.apply(b).build().start();
    }

    /** Stops the server but keeps its clients, which see connection refused until {@link #startServer}. */
    void stopServer() {
        server.close();
    }

    DeltacatClient connect() {
        DeltacatClient c = DeltacatClient.connect(ClientConfig.builder().uri(server.uri().toString())
                .allocator(allocator).build());
        clients.add(c);
        return c;
    }

    /** Stops the server and its clients, then starts a new server on the same root. */
    void restart() {
        closeClients();
        server.close();
        start();
    }

    private void closeClients() {
        clients.forEach(DeltacatClient::close);
        clients.clear();
    }

    @Override
    public void close() {
        closeClients();
        if (server != null) {
            server.close();
        }
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory leaked").isZero();
        allocator.close();
    }
}
