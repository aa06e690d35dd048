package io.deltacat.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.ForbiddenException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.ManagedRayAccess;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.TableRef;
import io.deltacat.api.model.UserRole;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access helpers of a {@code ray} run and who may use them, against a real server with users (its
 * ray dispatcher points at an address where no Ray listens: the run's launch fails, the run stays).
 */
class RayAccessHelpersTest {
    static final String ADMIN = "dct_" + "a".repeat(43);
    static final String RAY = "http://127.0.0.1:9";

    @TempDir
    Path dir;
    DeltacatServer server;
    final List<DeltacatClient> clients = new ArrayList<>();

    private DeltacatClient connect(String token) {
        DeltacatClient c = DeltacatClient.connect(ClientConfig.builder().uri(server.uri())
                .tokenProvider(() -> Optional.of(token)).build());
        clients.add(c);
        return c;
    }

    @BeforeEach
    void start() {
        server = DeltacatServer.builder().root(dir.resolve("root")).port(0).users(true).bootstrapToken(ADMIN)
                .dispatcher("ray", Map.of("address", RAY)).build().start();
    }

    @AfterEach
    void stop() {
        clients.forEach(DeltacatClient::close);
        server.close();
    }

    private String user(DeltacatClient admin, String name, NamespaceRole role) {
        admin.auth().createUser(name, UserRole.USER);
        admin.auth().grant("default", name, role);
        return admin.auth().issueToken(name, "t", Duration.ofHours(1)).secret();
    }

    @Test
    void adminsAndOwnersOfTheRunsSinksSeeItsClusterOthersDoNot() throws Exception {
        DeltacatClient admin = connect(ADMIN);
        Path input = dir.resolve("src.json");
        Files.writeString(input, "{\"id\":1}\n");
        admin.catalog().write(w -> w.table("src").format("json"), input);
        admin.catalog().createTable(t -> t.table("dst").format("json")
                .schema(admin.catalog().getTable("default", "src").schema()));
        admin.transforms().create(t -> t.id("upper").type("python").sourceTables(TableRef.of("default", "src"))
                .sinkTables(TableRef.of("default", "dst")).dispatchMode("ray").maxAttempts(1)
                .dispatchConfig(Map.of("entrypoint", "python -c pass")));
        Job run = admin.transforms().trigger("upper");

        ManagedRayAccess access = admin.jobs().getManagedRayAccess(run.id());
        assertThat(access.jobId()).isEqualTo(run.id());
        assertThat(access.provider()).isEqualTo("existing");
        assertThat(access.dashboardUrl()).isEqualTo(RAY);
        assertThat(access.headInstanceId()).isEmpty(); // the existing provider provisioned nothing

        DeltacatClient owner = connect(user(admin, "olga", NamespaceRole.OWNER));
        assertThat(owner.jobs().getManagedRayAccess(run.id()).dashboardUrl()).isEqualTo(RAY);
        DeltacatClient writer = connect(user(admin, "wim", NamespaceRole.WRITER));
        assertThatThrownBy(() -> writer.jobs().getManagedRayAccess(run.id())).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> writer.jobs().sendManagedRaySsmCommand(run.id(), List.of("uptime"), "head"))
                .isInstanceOf(ForbiddenException.class);

        // the existing provider has no instances to run commands on, nor a head to open a session on
        assertThatThrownBy(() -> owner.jobs().sendManagedRaySsmCommand(run.id(), List.of("uptime"), "head"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("existing");
        assertThatThrownBy(() -> owner.jobs().startManagedRaySsmSession(run.id()))
                .isInstanceOf(UnsupportedFeatureException.class);
        assertThatThrownBy(() -> admin.jobs().sendManagedRaySsmCommand(run.id(), List.of("uptime"), "middle"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("target");
        assertThatThrownBy(() -> admin.jobs().sendManagedRaySsmCommand(run.id(), List.of(), "all"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("commands");
        // a job no remote mode runs has no cluster
        Job compaction = admin.jobs().submitCompaction("default", "src");
        assertThatThrownBy(() -> admin.jobs().getManagedRayAccess(compaction.id()))
                .isInstanceOf(UnsupportedFeatureException.class);
    }

    @Test
    void invalidRayNodesAreRefusedAtCreationNamingTheKey() throws Exception {
        DeltacatClient admin = connect(ADMIN);
        Path input = dir.resolve("src.json");
        Files.writeString(input, "{\"id\":1}\n");
        admin.catalog().write(w -> w.table("src").format("json"), input);
        String good = RayLauncherConfigTest.example().replaceAll("s3://payloads/deltacat/[^\n]*", "s3://elsewhere/x.zip");
        for (Map.Entry<Map<String, String>, String> c : Map.of(
                Map.of("cluster_config", "head_node_type: head\n"), "entrypoint",
                Map.of("entrypoint", "python x.py", "cluster_config", "available_node_types: {head: {}}\n"), "head_node_type",
                Map.of("entrypoint", "python x.py", "cluster_config",
                        "head_node_type: h\navailable_node_types: {h: {}, w: {min_workers: 3, max_workers: 1}}\n"),
                "available_node_types.w.min_workers",
                Map.of("entrypoint", "python x.py", "cluster_config", good), "payload.py_modules[0]",
                Map.of("entrypoint", "python x.py", "image", "x"), "image").entrySet()) {
            assertThatThrownBy(() -> admin.transforms().create(t -> t.id("bad").type("python")
                    .sourceTables(TableRef.of("default", "src")).dispatchMode("ray").dispatchConfig(c.getKey())))
                    .as(c.getValue()).isInstanceOf(InvalidRequestException.class).hasMessageContaining(c.getValue() + ":");
        }
        assertThat(admin.transforms().list()).isEmpty();
    }
}
