package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.model.RayPayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs().stageRayPayload} with the ray dispatcher's payload root on S3 (s3proxy). */
class RayPayloadOnS3Test {
    @TempDir
    Path dir;

    @Test
    void aPayloadIsStoredOnceUnderAnS3Root() throws Exception {
        String bucket = S3ProxyProcess.shared().createBucket("ray-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        String root = "s3://" + bucket + "/payloads/";
        Map<String, String> settings = new HashMap<>(Map.of("address", "http://127.0.0.1:9", "payload-root", root));
        S3ProxyProcess.shared().settings(Map.of()).forEach((k, v) -> settings.put("payload-s3." + k, v));
        try (Fixture fx = new Fixture(dir, b -> b.dispatcher("ray", settings))) {
            Path module = dir.resolve("src").resolve("dcmod");
            Files.createDirectories(module);
            Files.writeString(module.resolve("__init__.py"), "X = 1\n");
            RayPayload first = fx.client.jobs().stageRayPayload(p -> p.pyModules(module));
            RayPayload again = fx.client.jobs().stageRayPayload(p -> p.pyModules(module));
            assertThat(first.pyModules()).hasSize(1).allSatisfy(u -> assertThat(u).startsWith(root)
                    .matches(".*/sha256-[0-9a-f]{64}\\.zip"));
            assertThat(again).isEqualTo(first);
            var storage = io.deltacat.io.spi.Storages.forUri(root, S3ProxyProcess.shared().settings(Map.of()));
            assertThat(storage.list(root)).containsExactlyElementsOf(first.pyModules());
        }
    }
}
