package io.deltacat.genclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.server.DeltacatServer;
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

/**
 * The Python client that openapi-generator's {@code python} generator made from the document (into
 * {@code target/generated-python} during this module's build) drives the embedded server:
 * {@code src/test/python/generated_client_check.py} runs in a virtual environment with the generated
 * package's requirements and pyarrow (which writes the Parquet file), installed from the machine's
 * configured package index (see {@link #indexArguments()}).
 */
class GeneratedPythonClientTest {
    @TempDir
    Path dir;

    @Test
    void aGeneratedPythonClientDrivesTheServer() throws Exception {
        Path generated = Path.of(System.getProperty("deltacat.generated.python", "target/generated-python"));
        Path check = Path.of(System.getProperty("deltacat.python.check", "src/test/python/generated_client_check.py"));
        assertThat(generated.resolve("deltacat_generated/api/default_api.py")).as("the generated client").exists();
        Path python = virtualEnvironment(generated);
        try (DeltacatServer server = DeltacatServer.builder().root(dir.resolve("root")).port(0).build().start()) {
            ProcessBuilder pb = new ProcessBuilder(python.toString(), check.toAbsolutePath().toString(),
                    server.uri().toString()).redirectErrorStream(true);
            pb.environment().put("PYTHONPATH", generated.toAbsolutePath().toString());
            pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Result r = run(pb, 300);
            assertThat(r.exit).as("the Python check failed:%n%s", r.output).isZero();
            assertThat(r.output).containsPattern("\\d+ passed, 0 failed");
        }
    }

    /**
     * A virtual environment with the generated package's requirements and pyarrow, made once per build
     * directory and reused while its recorded requirements are unchanged.
     */
    private static Path virtualEnvironment(Path generated) throws Exception {
        Path venv = Path.of(System.getProperty("deltacat.python.venv", "target/python-venv")).toAbsolutePath();
        Path python = venv.resolve("bin/python");
        List<String> requirements = new ArrayList<>(Files.readAllLines(generated.resolve("requirements.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        requirements.add("pyarrow");
        Path marker = venv.resolve("deltacat-requirements.txt");
        String wanted = String.join("\n", requirements);
        if (Files.isExecutable(python) && Files.exists(marker) && Files.readString(marker).equals(wanted)) {
            return python;
        }
        String interpreter = System.getProperty("deltacat.python", "python3");
        Result created = run(new ProcessBuilder(interpreter, "-m", "venv", "--clear", venv.toString())
                .redirectErrorStream(true), 120);
        assertThat(created.exit).as("%s -m venv failed:%n%s", interpreter, created.output).isZero();
        List<String> install = new ArrayList<>(List.of(python.toString(), "-m", "pip", "install", "--quiet",
                "--disable-pip-version-check"));
        install.addAll(indexArguments());
        install.addAll(requirements);
        Result installed = run(new ProcessBuilder(install).redirectErrorStream(true), 600);
        assertThat(installed.exit).as("pip install failed (%s):%n%s", install, installed.output).isZero();
        Files.writeString(marker, wanted);
        return python;
    }

    /**
     * The machine's configured package indexes ({@code pip config list}: this machine kind serves packages
     * from a local index named in {@code extra-index-url}) as the primary index, so that pip does not also
     * wait on the public one; none when nothing is configured.
     */
    private static List<String> indexArguments() throws Exception {
        String interpreter = System.getProperty("deltacat.python", "python3");
        Result config = run(new ProcessBuilder(interpreter, "-m", "pip", "config", "list").redirectErrorStream(true), 60);
        List<String> indexes = new ArrayList<>();
        for (String line : config.output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).endsWith("index-url")) {
                for (String url : line.substring(eq + 1).replace("'", "").strip().split("\\s+")) {
                    if (!url.isEmpty() && !indexes.contains(url)) {
                        indexes.add(url);
                    }
                }
            }
        }
        List<String> args = new ArrayList<>();
        for (int i = 0; i < indexes.size(); i++) {
            args.add(i == 0 ? "--index-url" : "--extra-index-url");
            args.add(indexes.get(i));
        }
        return args;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(ProcessBuilder pb, int timeoutSeconds) throws IOException, InterruptedException {
        pb.environment().putAll(Map.of("PIP_NO_INPUT", "1"));
        Process p = pb.start();
        p.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("(output lost: ").append(e).append(')');
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5_000);
            return new Result(-1, "timed out after " + timeoutSeconds + " s: " + pb.command() + "\n" + out);
        }
        reader.join();
        return new Result(p.exitValue(), out.toString());
    }
}
