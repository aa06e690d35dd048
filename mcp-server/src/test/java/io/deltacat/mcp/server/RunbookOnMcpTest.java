package io.deltacat.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.compat.RunReport;
import io.deltacat.compat.Runbook;
import io.deltacat.compat.RunbookOptions;
import io.deltacat.compat.ScenarioResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility runbook's {@code mcp/*} scenarios against a server with this extension: the
 * server advertises {@code mcp}, so they run (against one without it they are skipped, see
 * compat-runbook's RunbookTest), pass, and leave nothing behind.
 */
class RunbookOnMcpTest {
    @TempDir
    Path dir;

    @Test
    void theMcpScenariosRunAndPassAgainstAServerWithMcp() {
        try (McpFixture fx = new McpFixture(dir, McpExtension.withDefaults())) {
            assertThat(fx.admin.serverInfo().capabilities()).contains("mcp");
            RunReport admin = Runbook.run(new RunbookOptions(fx.server.uri(), () -> Optional.of(McpFixture.ADMIN),
                    List.of("mcp/**"), false, Optional.empty()), System.out);
            assertThat(admin.results()).extracting(ScenarioResult::name).containsExactly("mcp/explore-and-write");
            assertThat(admin.results()).allSatisfy(s -> assertThat(s.status()).as(s.name() + ": "
                    + s.reason().orElse("") + s.detail().orElse("")).isEqualTo(ScenarioResult.Status.PASSED));
            // the scenario cleaned up after itself
            assertThat(fx.admin.catalog().listNamespaces()).noneMatch(n -> n.name().startsWith("compat_"));
        }
    }
}
