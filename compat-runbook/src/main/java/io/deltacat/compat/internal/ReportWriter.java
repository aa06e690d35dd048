package io.deltacat.compat.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.compat.RunReport;
import io.deltacat.compat.ScenarioResult;
import io.deltacat.compat.ScenarioResult.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a run's report as JUnit XML ({@code compat-report.xml}, for CI systems), JSON
 * ({@code compat-report.json}) and Markdown ({@code compat-report.md}, for people): client and server
 * versions, capabilities, each scenario's status, time and first error.
 */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** Writes the three files into {@code dir} (created when missing); returns their paths. */
    public static List<Path> write(RunReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path xml = dir.resolve("compat-report.xml");
        Path json = dir.resolve("compat-report.json");
        Path md = dir.resolve("compat-report.md");
        Files.writeString(xml, junitXml(report), StandardCharsets.UTF_8);
        Files.writeString(json, json(report), StandardCharsets.UTF_8);
        Files.writeString(md, markdown(report), StandardCharsets.UTF_8);
        return List.of(xml, json, md);
    }

    /** The JUnit XML report: one test suite, a test case per scenario. */
    public static String junitXml(RunReport r) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuite name=\"deltacat-compat\" tests=\"").append(r.results().size())
                .append("\" failures=\"").append(r.count(Status.FAILED)).append("\" errors=\"0\" skipped=\"")
                .append(r.count(Status.SKIPPED)).append("\" time=\"").append(seconds(r.duration().toMillis()))
                .append("\" timestamp=\"").append(r.startedAt()).append("\">\n  <properties>\n");
        property(b, "runId", r.runId());
        property(b, "clientVersion", r.clientVersion());
        property(b, "server", r.server());
        property(b, "apiVersion", r.apiVersion());
        property(b, "serverVersion", r.serverVersion());
        property(b, "capabilities", String.join(",", r.capabilities()));
        property(b, "readOnly", Boolean.toString(r.readOnly()));
        b.append("  </properties>\n");
        for (ScenarioResult s : r.results()) {
            String group = s.name().contains("/") ? s.name().substring(0, s.name().indexOf('/')) : s.name();
            b.append("  <testcase classname=\"compat.").append(xml(group)).append("\" name=\"").append(xml(s.name()))
                    .append("\" time=\"").append(seconds(s.duration().toMillis())).append("\"");
            if (s.status() == Status.PASSED) {
                b.append("/>\n");
                continue;
            }
            b.append(">\n");
            String reason = s.reason().orElse("");
            if (s.status() == Status.SKIPPED) {
                b.append("    <skipped message=\"").append(xml(reason)).append("\"/>\n");
            } else {
                b.append("    <failure message=\"").append(xml(reason)).append("\">")
                        .append(xml(s.detail().orElse(reason))).append("</failure>\n");
            }
            b.append("  </testcase>\n");
        }
        return b.append("</testsuite>\n").toString();
    }

    /** The JSON report. */
    public static String json(RunReport r) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("runId", r.runId());
        n.put("clientVersion", r.clientVersion());
        n.put("server", r.server());
        n.put("apiVersion", r.apiVersion());
        n.put("serverVersion", r.serverVersion());
        r.capabilities().forEach(n.putArray("capabilities")::add);
        n.put("readOnly", r.readOnly());
        n.put("startedAt", r.startedAt().toString());
        n.put("durationMillis", r.duration().toMillis());
        n.put("succeeded", r.succeeded());
        ObjectNode counts = n.putObject("counts");
        for (Status s : Status.values()) {
            counts.put(s.name().toLowerCase(Locale.ROOT), r.count(s));
        }
        ArrayNode results = n.putArray("results");
        for (ScenarioResult s : r.results()) {
            ObjectNode o = results.addObject();
            o.put("name", s.name());
            o.put("description", s.description());
            s.capabilities().forEach(o.putArray("capabilities")::add);
            o.put("status", s.status().name().toLowerCase(Locale.ROOT));
            o.put("durationMillis", s.duration().toMillis());
            s.reason().ifPresent(x -> o.put("reason", x));
            s.detail().ifPresent(x -> o.put("detail", x));
            s.cleanupNotes().forEach(o.withArray("cleanupNotes")::add);
        }
        return JSON.writeValueAsString(n);
    }

    /** The Markdown report: a summary, then a table of scenarios. */
    public static String markdown(RunReport r) {
        StringBuilder b = new StringBuilder("# DeltaCAT compatibility report\n\n");
        b.append("**Verdict: ").append(r.succeeded() ? "compatible" : "NOT compatible").append("** — ")
                .append(r.count(Status.PASSED)).append(" passed, ").append(r.count(Status.FAILED)).append(" failed, ")
                .append(r.count(Status.SKIPPED)).append(" skipped\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| server | ").append(cell(r.server())).append(" |\n");
        b.append("| server version | ").append(cell(r.serverVersion())).append(" |\n");
        b.append("| API version | ").append(cell(r.apiVersion())).append(" |\n");
        b.append("| client (runbook) version | ").append(cell(r.clientVersion())).append(" |\n");
        b.append("| capabilities | ").append(cell(String.join(", ", r.capabilities()))).append(" |\n");
        b.append("| read-only | ").append(r.readOnly()).append(" |\n");
        b.append("| run | ").append(r.runId()).append(", started ").append(r.startedAt()).append(", ")
                .append(r.duration().toMillis()).append(" ms |\n\n");
        b.append("| scenario | status | ms | reason or first error |\n|---|---|---:|---|\n");
        for (ScenarioResult s : r.results()) {
            b.append("| ").append(cell(s.name())).append(" | ").append(s.status().name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(s.duration().toMillis()).append(" | ").append(cell(s.reason().orElse("")))
                    .append(" |\n");
        }
        return b.toString();
    }

    private static void property(StringBuilder b, String name, String value) {
        b.append("    <property name=\"").append(name).append("\" value=\"").append(xml(value)).append("\"/>\n");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    /** Escapes text for XML, dropping characters XML 1.0 cannot hold. */
    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                default:
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }
}
