package io.deltacat.ray.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.ray.RayLauncherConfig;
import io.deltacat.server.dispatch.RunDispatcher.RunLaunch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The body of {@code POST /api/jobs/} for a run (the real-Ray suite submits it; this pins its shape). */
class RaySubmitRequestTest {
    @Test
    void theJobCarriesTheRunsEnvThePayloadAndThePromotedRuntime() throws Exception {
        RunLaunch launch = new RunLaunch("r1", 2, "upper", "transform", Map.of("entrypoint", "python -m up"),
                Map.of("DELTACAT_RUN_ID", "r1", "DELTACAT_RUN_TOKEN", "dcr_r1.x"));
        RayLauncherConfig config = RayLauncherConfig.parse("head_node_type: h\navailable_node_types: {h: {}}\n"
                + "payload: {py_modules: [\"file:///p/sha256-ab.zip\"]}\n");
        JsonNode body = new ObjectMapper().valueToTree(RayDispatcher.submitRequest(launch, config,
                List.of("deltacat==2.1.0", "pyarrow==18.1.0"), RayDispatcher.submissionId("r1", 2)));
        assertThat(body.path("entrypoint").asText()).isEqualTo("python -m up");
        assertThat(body.path("submission_id").asText()).isEqualTo("deltacat-r1-2");
        JsonNode env = body.path("runtime_env");
        assertThat(env.path("env_vars").path("DELTACAT_RUN_TOKEN").asText()).isEqualTo("dcr_r1.x");
        assertThat(env.path("py_modules").toString()).isEqualTo("[\"file:///p/sha256-ab.zip\"]");
        assertThat(env.path("pip").toString()).isEqualTo("[\"deltacat==2.1.0\",\"pyarrow==18.1.0\"]");
        assertThat(body.path("metadata").path("deltacat_run").asText()).isEqualTo("r1");
        // without payload or runtime, runtime_env names neither
        JsonNode bare = new ObjectMapper().valueToTree(RayDispatcher.submitRequest(launch, null, List.of(), "s"));
        assertThat(bare.path("runtime_env").has("py_modules")).isFalse();
        assertThat(bare.path("runtime_env").has("pip")).isFalse();
    }
}
