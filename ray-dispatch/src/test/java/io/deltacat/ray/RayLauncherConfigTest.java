package io.deltacat.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RayLauncherConfigTest {
    static final RayLauncherConfig.Policy POLICY = new RayLauncherConfig.Policy(List.of("s3://payloads/deltacat/"), true);

    static String example() throws IOException {
        try (InputStream in = RayLauncherConfigTest.class.getResourceAsStream("launcher-example.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theExampleParsesValidatesAndRoundTripsWithItsUnknownKeys() throws IOException {
        String yaml = example();
        RayLauncherConfig c = RayLauncherConfig.parse(yaml);
        assertThat(c.headNodeType).isEqualTo("head");
        assertThat(c.availableNodeTypes).containsOnlyKeys("head", "worker");
        assertThat(c.availableNodeTypes.get("worker").maxWorkers).isEqualTo(4);
        assertThat(c.shutdownPolicy()).isEqualTo(RayLauncherConfig.SHUTDOWN_TERMINATE);
        assertThat(c.pyModules()).hasSize(1);
        assertThat(c.provider.region).isEqualTo("us-east-1");
        // keys the model does not know are kept at every level
        assertThat(c.other()).containsKeys("setup_commands", "idle_timeout_minutes");
        assertThat(c.provider.other()).containsKey("cache_stopped_nodes");
        assertThat(c.docker.other()).containsKey("run_options");
        c.validate(POLICY);
        String emitted = c.toYaml();
        assertThat(RayLauncherConfig.tree(emitted)).isEqualTo(RayLauncherConfig.tree(yaml));
        assertThat(RayLauncherConfig.parse(emitted).toYaml()).isEqualTo(emitted);
    }

    private static void refused(String from, String to, String key) throws IOException {
        String yaml = example().replace(from, to);
        assertThat(yaml).isNotEqualTo(example());
        assertThatThrownBy(() -> RayLauncherConfig.parse(yaml).validate(POLICY))
                .isInstanceOfSatisfying(RayConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageStartingWith(key + ": ");
    }

    @Test
    void invalidConfigsNameTheKey() throws IOException {
        refused("head_node_type: head", "head_node_type: gpu", "head_node_type");
        refused("head_node_type: head\n", "", "head_node_type");
        refused("    min_workers: 1\n    max_workers: 4", "    min_workers: 5\n    max_workers: 4",
                "available_node_types.worker.min_workers");
        refused("s3://payloads/deltacat/sha256", "s3://elsewhere/sha256", "payload.py_modules[0]");
        refused("s3://payloads/deltacat/sha256", "s3://payloads/deltacat/../x/sha256", "payload.py_modules[0]");
        refused("rayproject/ray@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "rayproject/ray:2.58.0", "docker.image");
        refused("cluster_shutdown_policy: terminate", "cluster_shutdown_policy: sometimes", "cluster_shutdown_policy");
        assertThatThrownBy(() -> RayLauncherConfig.parse("- a list"))
                .isInstanceOf(RayConfigException.class).hasMessageStartingWith("(document): ");
    }

    @Test
    void anUnpinnedImageIsFineWhenTheDeploymentAllowsIt() throws IOException {
        RayLauncherConfig.parse(example().replaceAll("rayproject/ray@sha256:[0-9a-f]+", "rayproject/ray:2.58.0"))
                .validate(new RayLauncherConfig.Policy(List.of("s3://payloads/deltacat/"), false));
    }
}
