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
 * throwaway {@link PgCluster}), so the whole suite runs against both stores. The data root follows
 * {@code deltacat.it.data}: {@code local} (the default: {@link #root}) or {@code s3} (a bucket of its
 * own per fixture on the JVM's {@link S3ProxyProcess}, presigned access; {@link #root} then holds
 * only the server's own state).
 */
final class Fixture implements AutoCloseable {
    /** The metadata store of this test run. */
    static final String STORE = System.getProperty("deltacat.it.store", "sqlite");
    /** The data root of this test run: {@code local} or {@code s3}. */
    static final String DATA = System.getProperty("deltacat.it.data", "local");
    private static final java.util.concurrent.atomic.AtomicInteger BUCKETS = new java.util.concurrent.atomic.AtomicInteger();
    /** The S3 data root of this fixture ({@code s3://bucket/}), or null on a local root. */
    final String dataUri;
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
        this.dataUri = usesS3() ? newBucket() : null;
        start();
    }

    static boolean usesPostgres() {
        return STORE.equals("postgresql");
    }

    static boolean usesS3() {
        return DATA.equals("s3");
    }

    private static String newBucket() {
        try {
            return "s3://" + S3ProxyProcess.shared().createBucket("it-" + BUCKETS.incrementAndGet()) + "/data/";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Server settings of this fixture's S3 root (Lance tables get the root's keys: s3proxy has no STS). */
    java.util.Map<String, String> s3Settings() {
        return S3ProxyProcess.shared().settings(java.util.Map.of("keysForDirectoryFormats", "true"));
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
        if (dataUri != null) {
            b.roots(java.util.List.of(io.deltacat.server.StorageRoot.s3("default", dataUri, s3Settings())));
        }
        server = customizer.apply(b).build().start();
    }

    /** Stops the server but keeps its clients, which see connection refused until {@link #startServer}. */
    void stopServer() {
        server.close();
    }

    /**
     * The data files under the data root as URIs, the server's own folder aside: files under the
     * local root, or objects in this fixture's bucket (listed with the root's own keys).
     */
    java.util.List<String> dataFiles() throws java.io.IOException {
        if (dataUri != null) {
            return io.deltacat.io.spi.Storages.forUri(dataUri, io.deltacat.io.spi.StorageAccess.configured(s3Settings()))
                    .list(dataUri);
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(root)) {
            return s.filter(java.nio.file.Files::isRegularFile).filter(p -> !root.relativize(p).startsWith(".deltacat"))
                    .map(p -> p.toUri().toString()).sorted().toList();
        }
    }

    /**
     * The storage of a data file, staging prefix or folder as its owner reaches it: the local file
     * system, or this run's s3proxy with the root's own keys (tests that place or inspect files
     * themselves, as a server or an attacker with the keys would).
     */
    static io.deltacat.io.spi.Storage storage(String uri) {
        if (uri.startsWith("s3://")) {
            return io.deltacat.io.spi.Storages.forUri(uri, io.deltacat.io.spi.StorageAccess.configured(
                    S3ProxyProcess.shared().settings(java.util.Map.of())));
        }
        return io.deltacat.io.spi.Storages.forUri(uri, java.util.Map.of());
    }

    /** Whether a data file (or a directory-shaped one) exists, on either kind of root. */
    static boolean exists(String uri) {
        try {
            return storage(uri).exists(uri);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A local path holding the data file's bytes: the file itself on a local root, a copy in
     * {@code dir} of an S3 object (for readers that take paths only, such as DuckDB).
     */
    static Path localCopy(String uri, Path dir) throws java.io.IOException {
        if (!uri.startsWith("s3://")) {
            return Path.of(java.net.URI.create(uri));
        }
        Path copy = java.nio.file.Files.createTempFile(dir, "copy-", uri.substring(uri.lastIndexOf('/') + 1));
        io.deltacat.io.spi.InputFile in = storage(uri).inputFile(uri);
        try (java.nio.channels.SeekableByteChannel ch = in.open();
             java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(copy,
                     java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
            while (ch.read(buf) > 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                buf.clear();
            }
        }
        return copy;
    }

    /** The folder of a table's data files (its writes' staging prefixes lie under it), ending in '/'. */
    String tableDataUri(String namespace, String table) {
        if (dataUri != null) {
            return dataUri + namespace + "/" + table + "/data/";
        }
        return root.resolve(namespace).resolve(table).resolve("data").toUri().toString();
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
