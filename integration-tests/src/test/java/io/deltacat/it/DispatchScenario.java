package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.TableRef;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The remote-dispatch routes for {@link ContractScenario}: a server with a {@code ray}
 * dispatcher (ray-dispatch on the test path; its Ray address is never reached here) stages a payload,
 * answers a ray run's access, and refuses commands (the existing provider runs none).
 */
final class DispatchScenario {
    private DispatchScenario() {
    }

    static void run(Path root, DeltacatServer.ExchangeListener listener) throws Exception {
        Path payloads = root.resolve("payloads");
        try (Fixture fx = new Fixture(root, b -> b.exchangeListener(listener).dispatcher("ray", Map.of(
                "address", "http://127.0.0.1:9", "payload-root", payloads.toUri().toString())))) {
            Path module = root.resolve("src").resolve("dcmod");
            Files.createDirectories(module);
            Files.writeString(module.resolve("__init__.py"), "X = 1\n");
            assertThat(fx.client.jobs().stageRayPayload(p -> p.pyModules(module)).pyModules()).hasSize(1);
            try (org.apache.arrow.vector.VectorSchemaRoot cats = Cats.generated(fx.allocator, 10, 1)) {
                fx.client.catalog().write(cats, w -> w.table("cats"));
            }
            fx.client.catalog().createTable(t -> t.table("cats_out").schema(Cats.SCHEMA));
            fx.client.transforms().create(t -> t.id("remote").type("python").sourceTables(TableRef.of("default", "cats"))
                    .sinkTables(TableRef.of("default", "cats_out")).dispatchMode("ray").maxAttempts(1).dispatchConfig(Map.of("entrypoint", "python -c pass")));
            Job run = fx.client.transforms().trigger("remote");
            assertThat(fx.client.jobs().getManagedRayAccess(run.id()).provider()).isEqualTo("existing");
            assertThatThrownBy(() -> fx.client.jobs().sendManagedRaySsmCommand(run.id(), List.of("uptime"), "head"))
                    .isInstanceOf(UnsupportedFeatureException.class);
        }
    }
}
