package io.deltacat.ray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.PayloadTooLargeException;
import io.deltacat.api.model.RayPayload;
import io.deltacat.server.DeltacatServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs().stageRayPayload} against a real server (loopback HTTP, a file payload root): no Ray
 * needed, the ray dispatcher only stores archives here.
 */
class RayPayloadStagingTest {
    @TempDir
    Path dir;
    Path payloadRoot;
    DeltacatServer server;
    DeltacatClient client;

    @BeforeEach
    void start() {
        payloadRoot = dir.resolve("payloads");
        server = DeltacatServer.builder().root(dir.resolve("root")).port(0)
                .dispatcher("ray", Map.of("address", "http://127.0.0.1:8265",
                        "payload-root", payloadRoot.toUri().toString(), "payload-max-bytes", "65536"))
                .build().start();
        client = DeltacatClient.connect(server.uri().toString());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Path module(String name, String body) throws Exception {
        Path pkg = dir.resolve("src-" + body.hashCode()).resolve(name);
        Files.createDirectories(pkg.resolve("sub"));
        Files.writeString(pkg.resolve("__init__.py"), "from .sub.impl import shout\n");
        Files.writeString(pkg.resolve("sub/__init__.py"), "");
        Files.writeString(pkg.resolve("sub/impl.py"), body);
        Files.createDirectories(pkg.resolve("__pycache__"));
        Files.write(pkg.resolve("__pycache__/x.cpython-311.pyc"), new byte[] {1, 2, 3});
        return pkg;
    }

    private List<Path> stored() throws Exception {
        try (Stream<Path> s = Files.list(payloadRoot)) {
            return s.toList();
        }
    }

    @Test
    void theSameModuleIsStoredOnceUnderOneContentAddressedUri() throws Exception {
        Path a = module("dcupper", "def shout(s):\n    return s.upper()\n");
        Path file = dir.resolve("helpers.py");
        Files.writeString(file, "X = 1\n");
        RayPayload first = client.jobs().stageRayPayload(p -> p.pyModules(a, file));
        assertThat(first.pyModules()).hasSize(2).allSatisfy(u -> assertThat(u)
                .startsWith(payloadRoot.toUri().toString()).matches(".*/sha256-[0-9a-f]{64}\\.zip"));
        Files.setLastModifiedTime(a.resolve("sub/impl.py"), java.nio.file.attribute.FileTime.fromMillis(0));
        // the same files (another time stamp) give the same bytes: the same URI, nothing stored again
        RayPayload again = client.jobs().stageRayPayload(p -> p.pyModules(a));
        assertThat(again.pyModules()).containsExactly(first.pyModules().get(0));
        assertThat(stored()).hasSize(2);
        // Ray's py_modules layout: one top-level directory (Ray drops it), the package under it, no byte code
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(Path.of(URI.create(first.pyModules().get(0)))))) {
            List<String> names = new java.util.ArrayList<>();
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
            }
            assertThat(names).containsExactly("py_modules/dcupper/__init__.py", "py_modules/dcupper/sub/__init__.py",
                    "py_modules/dcupper/sub/impl.py");
        }
        Path changed = module("dcupper", "def shout(s):\n    return s\n");
        RayPayload other = client.jobs().stageRayPayload(p -> p.pyModules(changed));
        assertThat(other.pyModules().get(0)).isNotEqualTo(first.pyModules().get(0));
        assertThat(stored()).hasSize(3);
    }

    @Test
    void aPayloadOverTheLimitIsRefused() throws Exception {
        byte[] noise = new byte[100_000];
        new Random(7).nextBytes(noise); // incompressible
        Path pkg = module("big", "X = 1\n");
        Files.write(pkg.resolve("blob.bin"), noise);
        assertThatThrownBy(() -> client.jobs().stageRayPayload(p -> p.pyModules(pkg)))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("payload-max-bytes");
        assertThat(Files.exists(payloadRoot) ? stored() : List.of()).isEmpty();
    }

    private static byte[] zip(String... names) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (String n : names) {
                z.putNextEntry(new ZipEntry(n));
                z.write("x = 1\n".getBytes());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private int post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("/v1/dispatch/ray/payloads"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String request(String name, byte[] archive) {
        return "{\"name\":\"" + name + "\",\"content\":\"" + Base64.getEncoder().encodeToString(archive) + "\"}";
    }

    @Test
    void theServerChecksWhatItIsSentNotWhatTheClientClaims() throws Exception {
        assertThat(post(request("ok", zip("top/ok/__init__.py")))).isEqualTo(200);
        // climbing out, absolute, no top-level directory, two of them, not a zip, a bad name, no file
        assertThat(post(request("evil", zip("top/../../evil.py")))).isEqualTo(400);
        assertThat(post(request("evil", zip("/etc/evil.py")))).isEqualTo(400);
        assertThat(post(request("flat", zip("flat.py")))).isEqualTo(400);
        assertThat(post(request("two", zip("a/x.py", "b/y.py")))).isEqualTo(400);
        assertThat(post(request("junk", "not a zip at all".getBytes()))).isEqualTo(400);
        assertThat(post(request("../x", zip("top/x.py")))).isEqualTo(400);
        assertThat(post(request("empty", zip()))).isEqualTo(400);
        assertThat(post("{\"name\":\"x\",\"content\":\"%%%\"}")).isEqualTo(400);
        assertThat(post("{\"name\":\"x\"}")).isEqualTo(400);
        assertThat(stored()).hasSize(1);
        assertThatThrownBy(() -> client.jobs().stageRayPayload(p -> p.pyModules(dir.resolve("missing"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aServerWithoutAPayloadRootStagesNothing() throws Exception {
        try (DeltacatServer bare = DeltacatServer.builder().root(dir.resolve("root2")).port(0)
                .dispatcher("ray", Map.of("address", "http://127.0.0.1:8265")).build().start();
             DeltacatClient c = DeltacatClient.connect(bare.uri().toString())) {
            Path m = module("m", "X = 1\n");
            assertThatThrownBy(() -> c.jobs().stageRayPayload(p -> p.pyModules(m)))
                    .isInstanceOf(io.deltacat.api.error.UnsupportedFeatureException.class)
                    .hasMessageContaining("payload-root");
        }
    }
}
