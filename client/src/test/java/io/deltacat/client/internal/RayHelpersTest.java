package io.deltacat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.ManagedRayAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RayHelpersTest {
    @TempDir
    Path dir;

    @Test
    void theSessionHelperRunsBashLoginThroughSessionManagerOnTheHead() {
        ManagedRayAccess aws = new ManagedRayAccess("run-1", "aws", "http://10.0.0.5:8265", Optional.of("us-east-1"),
                Optional.of("c-run-1"), Optional.of("i-0abc"), Optional.of("10.0.0.5"), List.of("i-0def"),
                Optional.empty(), Map.of());
        assertThat(DefaultJobsClient.ssmSessionCommand(aws)).containsExactly("aws", "ssm", "start-session", "--target",
                "i-0abc", "--document-name", "AWS-StartInteractiveCommand", "--parameters",
                "{\"command\":[\"bash -l\"]}", "--region", "us-east-1");
        ManagedRayAccess existing = new ManagedRayAccess("run-2", "existing", "http://127.0.0.1:8265", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Map.of());
        assertThatThrownBy(() -> DefaultJobsClient.ssmSessionCommand(existing))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("existing");
    }

    @Test
    void packingIsDeterministicAndUsesRaysLayout() throws Exception {
        Path pkg = dir.resolve("mod");
        Files.createDirectories(pkg.resolve("b"));
        Files.writeString(pkg.resolve("b/z.py"), "Z = 1\n");
        Files.writeString(pkg.resolve("a.py"), "A = 1\n");
        byte[] first = RayPayloadPacker.pack(pkg);
        Files.setLastModifiedTime(pkg.resolve("a.py"), java.nio.file.attribute.FileTime.fromMillis(123456789L));
        assertThat(RayPayloadPacker.pack(pkg)).isEqualTo(first);
        Files.writeString(pkg.resolve("a.py"), "A = 2\n");
        assertThat(RayPayloadPacker.pack(pkg)).isNotEqualTo(first);
        Path single = dir.resolve("one.py");
        Files.writeString(single, "X = 1\n");
        try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(RayPayloadPacker.pack(single)))) {
            assertThat(z.getNextEntry().getName()).isEqualTo("py_modules/one.py");
            assertThat(z.getNextEntry()).isNull();
        }
        Path notPy = dir.resolve("x.txt");
        Files.writeString(notPy, "x");
        assertThatThrownBy(() -> RayPayloadPacker.pack(notPy)).isInstanceOf(IllegalArgumentException.class);
    }
}
