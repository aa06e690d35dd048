package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The placement part of {@link ContractScenario} (its own file: the scenario is long enough). */
final class PlacementContractScenario {
    private PlacementContractScenario() {
    }

    /** Placement on a second (local) root: place, status, a plan with the root, the errors, unplace. */
    static void run(Path root, DeltacatServer.ExchangeListener listener) throws Exception {
        try (Fixture fx = new Fixture(root, b -> b.roots(List.of(io.deltacat.server.StorageRoot.local("default",
                root.resolve("home")), io.deltacat.server.StorageRoot.local("far", root.resolve("far"))))
                .exchangeListener(listener))) {
            try (VectorSchemaRoot cats = Cats.generated(fx.allocator, 0, 10)) {
                fx.client.catalog().write(cats, w -> w.table("cats"));
            }
            CatalogClient c = fx.client.catalog();
            c.place("default", "cats", List.of("far"), true);
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (c.replicationStatus("default", "cats").get(0).state() != io.deltacat.api.model.ReplicationState.IN_SYNC
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(c.replicationStatus("default", "cats").get(0).state())
                    .isEqualTo(io.deltacat.api.model.ReplicationState.IN_SYNC);
            assertThat(c.plan(q -> q.table("cats").root("far")).files()).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.uri()).startsWith(root.resolve("far").toUri().toString()));
            refused(() -> c.place("default", "cats", List.of("far"), false));
            refused(() -> c.place("default", "cats", List.of("mars"), true));
            c.unplace("default", "cats", "far");
            assertThat(c.replicationStatus("default", "cats").get(0).deleteAfter()).isPresent();
            refused(() -> c.unplace("default", "cats", "far"));
        }
    }

    private static void refused(Runnable failing) {
        assertThatThrownBy(failing::run).isInstanceOf(DeltacatException.class);
    }
}
