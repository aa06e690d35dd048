package io.deltacat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.Job;
import io.deltacat.server.DeltacatServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands in process against the embedded server: output, files, profiles and exit codes. */
class CliTest {
    @TempDir
    static Path dir;
    static DeltacatServer server;
    static String url;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void start() {
        server = DeltacatServer.builder().root(dir.resolve("root")).build().start();
        url = server.uri().toString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream saved = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        } finally {
            System.setOut(saved);
            System.setErr(savedErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err + stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void namespacesAndTablesLifecycle() throws Exception {
        assertThat(run("namespaces", "create", "zoo", "--property", "team=cats", "--server", url).code()).isZero();
        Result list = run("namespaces", "list", "--server", url);
        assertThat(list.out()).contains("name", "zoo", "team=cats");
        Result created = run("tables", "create", "zoo.cats", "--schema", "id int64 not null, name string, born date",
                "--merge-keys", "id", "--server", url);
        assertThat(created.code()).as(created.err()).isZero();
        Result describe = run("tables", "describe", "cats", "-n", "zoo", "--output", "json", "--server", url);
        JsonNode t = Printer.JSON.readTree(describe.out());
        assertThat(t.get("mergeKeys").get(0).asText()).isEqualTo("id");
        assertThat(t.get("schema").get(2).get("type").asText()).isEqualTo("date");
        assertThat(t.get("schema").get(0).get("nullable").asBoolean()).isFalse();
        Result again = run("tables", "create", "zoo.cats", "--schema", "id int64", "--server", url);
        assertThat(again.code()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(again.err()).contains("already exists");
        assertThat(run("namespaces", "drop", "zoo", "--server", url).code()).as("a namespace with tables")
                .isEqualTo(ExitCodes.CONFLICT);
        Result renamed = run("tables", "rename", "zoo.cats", "kittens", "--server", url);
        assertThat(renamed.code()).as(renamed.err()).isZero();
        assertThat(renamed.out()).contains("Renamed table zoo.cats to zoo.kittens");
        assertThat(run("tables", "describe", "zoo.cats", "--server", url).code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run("tables", "rename", "zoo.kittens", "cats", "--server", url).code()).isZero();
        assertThat(run("tables", "rename", "zoo.nobody", "x", "--server", url).code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run("tables", "drop", "zoo.cats", "--server", url).code()).isZero();
        assertThat(run("tables", "describe", "zoo.cats", "--server", url).code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run("namespaces", "drop", "zoo", "--server", url).code()).isZero();
        assertThat(run("tables", "create", "x", "--schema", "id int99", "--server", url).err())
                .contains("unknown type 'int99'");
    }

    @Test
    void writeThenReadAsTableCsvJsonAndFile() throws Exception {
        Path csv = Files.writeString(dir.resolve("cats.csv"), "id,name,age\n1,Cheshire,3\n2,Dinah,7\n3,\"Felix, the cat\",5\n");
        Result w = run("write", csv.toString(), "--table", "reads.cats", "--server", url);
        assertThat(w.code()).as(w.err()).isZero();
        // the write creates namespace and table (mode auto)
        Result table = run("read", "reads.cats", "--filter", "age > 4", "--columns", "name,age", "--server", url);
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("name", "age", "Dinah", "Felix, the cat", "(2 rows)").doesNotContain("Cheshire");
        Result csvOut = run("read", "reads.cats", "--output", "csv", "--filter", "name like 'F%'", "--server", url);
        assertThat(csvOut.out()).isEqualTo("id,name,age\n3,\"Felix, the cat\",5\n");
        Result json = run("read", "reads.cats", "--output", "json", "--limit", "1", "--filter", "id in (2)", "--server", url);
        assertThat(json.out().strip()).isEqualTo("{\"id\":2,\"name\":\"Dinah\",\"age\":7}");
        Path out = dir.resolve("out/cats.parquet");
        Result file = run("read", "reads.cats", "--out", out.toString(), "--server", url);
        assertThat(file.code()).as(file.err()).isZero();
        assertThat(file.err()).contains("Wrote 3 rows");
        assertThat(run("write", out.toString(), "--table", "reads.copy", "--server", url).code()).isZero();
        assertThat(run("read", "reads.copy", "--server", url).out()).contains("(3 rows)");
        Result bad = run("read", "reads.cats", "--filter", "age >", "--server", url);
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--filter: expected a value");
        Result unknownColumn = run("read", "reads.cats", "--filter", "nope = 1", "--server", url);
        assertThat(unknownColumn.code()).isEqualTo(ExitCodes.INVALID);
        Result asOf = run("read", "reads.cats", "--as-of", "1970-01-01T00:00:01Z", "--server", url);
        assertThat(asOf.code()).as("before the table existed").isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void jobsListGetWatchCancel() throws Exception {
        Job job;
        try (DeltacatClient client = DeltacatClient.connect(url)) {
            job = client.jobs().submit(s -> s.type("cli-test").workerTags("cli-test"));
        }
        Result list = run("jobs", "list", "--type", "cli-test", "-o", "json", "--server", url);
        JsonNode jobs = Printer.JSON.readTree(list.out());
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("state").asText()).isEqualTo("pending");
        assertThat(run("jobs", "cancel", job.id(), "--server", url).out()).contains("cancelled");
        Result watch = run("jobs", "watch", job.id(), "--server", url);
        assertThat(watch.code()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(watch.out()).contains("cancelled");
        assertThat(run("jobs", "get", job.id(), "--events", "--server", url).out()).contains("cancelled", "workerTags");
        assertThat(run("jobs", "get", "no-such-job", "--server", url).code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run("jobs", "list", "--state", "bogus", "--server", url).code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void profilesPipelinesAuthAndUnreachableServers() throws Exception {
        Path config = Files.writeString(dir.resolve("config"), "[profile local]\nserver = " + url + "\noutput = json\n");
        Result who = run("auth", "whoami", "--profile", "local", "--config-file", config.toString());
        assertThat(who.code()).as(who.err()).isZero();
        assertThat(Printer.JSON.readTree(who.out()).get("usersEnabled").asBoolean()).isFalse();
        assertThat(run("pipelines", "list", "--profile", "local", "--config-file", config.toString()).out().strip())
                .isEqualTo("[ ]");
        assertThat(run("pipelines", "status", "nope", "--profile", "local", "--config-file", config.toString()).code())
                .isEqualTo(ExitCodes.NOT_FOUND);
        Result noProfile = run("namespaces", "list", "--profile", "prod", "--config-file", config.toString());
        assertThat(noProfile.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noProfile.err()).contains("no profile 'prod'");
        Result down = run("namespaces", "list", "--server", "http://127.0.0.1:1", "--retry-window", "PT1S");
        assertThat(down.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run("auth", "tokens", "list", "--server", url).code()).as("a server without users")
                .isEqualTo(ExitCodes.UNSUPPORTED);
        assertThat(run("completion").out()).contains("deltacat", "namespaces", "tables");
        assertThat(run("compat", "--list").out()).contains("catalog/namespaces", "jobs/fencing-retry");
        // compat takes its server from the profile like every other command (it used to ignore profiles)
        Result compat = run("compat", "--profile", "local", "--config-file", config.toString(),
                "--scenarios", "catalog/namespaces", "--report", dir.resolve("compat").toString());
        assertThat(compat.code()).as(compat.err()).isZero();
        assertThat(compat.out()).contains("COMPATIBLE: 1 passed, 0 failed", url);
        assertThat(Files.readString(dir.resolve("compat/compat-report.md"))).contains("catalog/namespaces");
        Result compatDown = run("compat", "--server", "http://127.0.0.1:1", "--scenarios", "catalog/namespaces");
        assertThat(compatDown.code()).as("an unreachable server is a failed run").isEqualTo(9);
        List<String> help = run("--help").out().lines().toList();
        assertThat(help).anyMatch(l -> l.contains("read")).anyMatch(l -> l.contains("6") && l.contains("not allowed"));
    }
}
