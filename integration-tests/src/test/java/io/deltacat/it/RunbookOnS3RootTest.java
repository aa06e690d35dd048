package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.auth.TokenProviders;
import io.deltacat.compat.RunReport;
import io.deltacat.compat.Runbook;
import io.deltacat.compat.RunbookOptions;
import io.deltacat.compat.ScenarioResult;
import io.deltacat.server.StorageRoot;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility runbook's storage and PackDS scenarios against a server with a local default root
 * and an S3 root on s3proxy: they run (the embedded-server run in compat-runbook has no S3 root, so
 * there the S3 scenario is skipped) and pass.
 */
class RunbookOnS3RootTest {
    @TempDir
    Path home;

    @Test
    void theStorageAndPackdsScenariosPassOnAServerWithAnS3Root() throws Exception {
        S3ProxyProcess s3 = S3ProxyProcess.shared();
        String lake = "s3://" + s3.createBucket("runbook-" + System.nanoTime()) + "/warehouse/";
        try (Fixture fx = new Fixture(home.resolve("home"), b -> b.roots(List.of(
                StorageRoot.local("scratch", home.resolve("scratch")), StorageRoot.s3("lake", lake, s3.settings(Map.of())))))) {
            RunReport r = Runbook.run(new RunbookOptions(fx.server.uri(), TokenProviders.fromEnv("DELTACAT_IT_NO_TOKEN"),
                    List.of("storage/**", "packds/**"), false, Optional.empty()), System.out);
            assertThat(r.results()).extracting(ScenarioResult::name)
                    .containsExactlyInAnyOrder("storage/s3-round-trip", "packds/merge-delete");
            assertThat(r.results()).allSatisfy(s -> assertThat(s.status()).as(s.name() + ": " + s.reason().orElse("")
                    + s.detail().orElse("")).isEqualTo(ScenarioResult.Status.PASSED));
        }
    }
}
