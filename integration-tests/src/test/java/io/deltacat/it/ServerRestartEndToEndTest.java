package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.ServiceUnavailableException;
import io.deltacat.api.model.WriteResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server restart on the same address (issue 13, item 6): calls that may be resent ride it out when
 * the client's retry window is longer than the restart, and give up in time when it is shorter.
 */
class ServerRestartEndToEndTest {
    /** How long the server stays down: far below the default retry window, far above the old one. */
    static final Duration GAP = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    Fixture fx;
    int port;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        port = fx.server.uri().getPort();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private DeltacatClient connect(ClientConfig.Builder config) {
        return DeltacatClient.connect(config.uri(fx.server.uri().toString()).allocator(fx.allocator).build());
    }

    /** Stops the server now and starts it again on the same port after {@code gap}. */
    private CompletableFuture<Void> restartAfter(Duration gap) {
        fx.stopServer();
        return CompletableFuture.runAsync(() -> fx.startServer(port),
                CompletableFuture.delayedExecutor(gap.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void callsWithDefaultSettingsRideOutARestart() throws Exception {
        try (DeltacatClient client = connect(ClientConfig.builder())) {
            try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
                client.catalog().write(cats, w -> w.table("cats"));
            }
            long began = System.nanoTime();
            CompletableFuture<Void> restarted = restartAfter(GAP);
            // during the one restart: a read (GET, keyed plan) on another thread, a write (keyed POSTs) here
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(
                    () -> Rows.of(client.catalog().readAll(q -> q.table("cats"))).size());
            WriteResult written;
            try (VectorSchemaRoot more = Cats.generated(fx.allocator, 100, 10)) {
                written = client.catalog().write(more, w -> w.table("cats"));
            }
            assertThat(read.get(60, TimeUnit.SECONDS)).isIn(3, 13);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(GAP.minusMillis(500));
            restarted.get(10, TimeUnit.SECONDS);
            assertThat(written.rowCount()).isEqualTo(10);
            assertThat(Rows.of(client.catalog().readAll(q -> q.table("cats")))).hasSize(13);
        }
    }

    @Test
    void aShortRetryWindowGivesUpInTime() throws Exception {
        try (DeltacatClient client = connect(ClientConfig.builder().retryWindow(Duration.ofSeconds(1))
                .retryBaseDelay(Duration.ofMillis(50)))) {
            CompletableFuture<Void> restarted = restartAfter(GAP);
            long began = System.nanoTime();
            assertThatThrownBy(() -> client.catalog().listNamespaces())
                    .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("Connection refused");
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            assertThat(took).isBetween(Duration.ofSeconds(1), GAP.minusSeconds(1));
            restarted.get(10, TimeUnit.SECONDS);
            assertThat(client.catalog().listNamespaces()).isNotNull(); // the same client works again
        }
    }
}
