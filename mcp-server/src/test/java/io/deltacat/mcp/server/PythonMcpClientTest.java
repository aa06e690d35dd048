package io.deltacat.mcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.mcp.tools.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP endpoint driven by a client this project did not write: the Python {@code mcp} package,
 * installed into a venv from the machine's configured package index, runs
 * {@code src/test/python/mcp_session.py} (lists tools, samples rows with a filter, stages and commits
 * a merge, meets a missing table, lists resources); this test checks what it saw.
 */
class PythonMcpClientTest {
    @TempDir
    Path dir;

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as("%s timed out", command).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** A venv with the {@code mcp} package, made once per build under target/. */
    private static Path python() throws Exception {
        Path venv = Path.of("target/python-mcp-venv").toAbsolutePath();
        Path python = venv.resolve("bin/python");
        if (Files.exists(venv.resolve("mcp-installed"))) {
            return python;
        }
        Result made = run(List.of("python3", "-m", "venv", "--clear", venv.toString()), 300);
        assertThat(made.exit()).as("python3 -m venv: %s", made.output()).isZero();
        List<String> install = new ArrayList<>(List.of(python.toString(), "-m", "pip", "install", "--quiet", "mcp"));
        // the machine's own index first, so pip does not wait on a public index it cannot reach
        Result indexes = run(List.of(python.toString(), "-m", "pip", "config", "get", "global.extra-index-url"), 60);
        if (indexes.exit() == 0 && !indexes.output().isBlank()) {
            String[] urls = indexes.output().strip().split("\\s+");
            install.addAll(List.of("--index-url", urls[0]));
            for (int i = 1; i < urls.length; i++) {
                install.addAll(List.of("--extra-index-url", urls[i]));
            }
        }
        Result installed = run(install, 600);
        assertThat(installed.exit()).as("pip install mcp: %s", installed.output()).isZero();
        Files.writeString(venv.resolve("mcp-installed"), "mcp\n");
        return python;
    }

    @Test
    void aPythonMcpSessionExploresReadsAndWritesWithTheCallersToken() throws Exception {
        Path python = python();
        try (McpFixture fx = new McpFixture(dir, new McpExtension(5, 4096, 100))) {
            Result session = run(List.of(python.toString(), Path.of("src/test/python/mcp_session.py").toString(),
                    fx.server.uri() + "/mcp", McpFixture.ADMIN), 300);
            assertThat(session.exit()).as(session.output()).isZero();
            JsonNode seen = JsonMapper.builder().build().readTree(session.output().lines()
                    .filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());

            List<String> tools = new ArrayList<>();
            seen.get("tools").forEach(t -> tools.add(t.asString()));
            assertThat(tools).containsExactlyInAnyOrderElementsOf(Tools.ALL);
            List<String> destructive = new ArrayList<>();
            seen.get("destructive").forEach(t -> destructive.add(t.asString()));
            assertThat(destructive).contains(Tools.DROP_TABLE, Tools.CANCEL_JOB).doesNotContain(Tools.SAMPLE_ROWS,
                    Tools.GET_TABLE);

            JsonNode sample = seen.get("sample");
            assertThat(sample.get("rowCount").asInt()).isEqualTo(2);
            assertThat(sample.get("rows").get(0).get("name").asString()).isEqualTo("pear");
            assertThat(sample.get("rows").get(1).get("name").asString()).isEqualTo("plum");

            assertThat(seen.get("staged").get("rows").asLong()).isEqualTo(2);
            assertThat(seen.get("committed").get("writeId").asString())
                    .isEqualTo(seen.get("staged").get("writeId").asString());
            // the merge is visible to the REST client too: 3 replaced, 9 added
            assertThat(fx.names("items")).containsExactly(Map.entry(1L, "apple"), Map.entry(2L, "pear"),
                    Map.entry(3L, "PLUM"), Map.entry(9L, "kiwi"));
            assertThat(seen.get("after").get("rowCount").asInt()).isEqualTo(4);

            assertThat(seen.get("missing_table_is_error").asBoolean()).isTrue();
            assertThat(seen.get("missing_table_text").asString()).containsIgnoringCase("not found");
            List<String> resources = new ArrayList<>();
            seen.get("resources").forEach(r -> resources.add(r.asString()));
            assertThat(resources).contains("deltacat://openapi");
        }
    }
}
