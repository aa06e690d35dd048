package io.deltacat.cli;

import io.deltacat.api.model.Job;
import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.Pipeline;
import io.deltacat.api.model.PipelineStatus;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.TokenInfo;
import io.deltacat.api.model.Whoami;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The printed form of API model objects: ordered records of plain values (times as ISO-8601 text,
 * nanosecond commit times as numbers), shared by the table and JSON output.
 */
final class Views {
    private Views() {
    }

    static Map<String, Object> namespace(NamespaceInfo ns) {
        Map<String, Object> r = Printer.record();
        r.put("name", ns.name());
        r.put("createdAt", nanos(ns.createdAt()));
        r.put("properties", new TreeMap<>(ns.properties()));
        return r;
    }

    /** A table in a listing: no schema. */
    static Map<String, Object> tableRow(TableInfo t) {
        Map<String, Object> r = Printer.record();
        r.put("namespace", t.namespace());
        r.put("name", t.name());
        r.put("format", t.format());
        r.put("rows", t.rowCount());
        r.put("files", t.fileCount());
        r.put("latestCommitTime", t.latestCommitTime().isPresent() ? t.latestCommitTime().getAsLong() : null);
        return r;
    }

    /** A table described: the listing's fields plus schema, keys, layout and properties. */
    static Map<String, Object> table(TableInfo t) {
        Map<String, Object> r = tableRow(t);
        r.put("createdAt", nanos(t.createdAt()));
        r.put("schemaVersion", t.schemaVersion());
        List<Object> fields = new ArrayList<>();
        for (Field f : t.schema().getFields()) {
            Map<String, Object> fr = Printer.record();
            fr.put("name", f.getName());
            fr.put("type", SchemaSpec.typeName(f.getType()));
            fr.put("nullable", f.isNullable());
            fields.add(fr);
        }
        r.put("schema", fields);
        r.put("mergeKeys", t.mergeKeys());
        r.put("partitionKeys", t.partitionKeys().stream().map(k -> k.transform().name().toLowerCase()
                + "(" + k.column() + (k.parameter() > 0 ? "," + k.parameter() : "") + ")").toList());
        r.put("sortKeys", t.sortKeys().stream().map(k -> k.column() + " " + k.order().name().toLowerCase()).toList());
        r.put("properties", new TreeMap<>(t.properties()));
        return r;
    }

    static Map<String, Object> job(Job j) {
        Map<String, Object> r = Printer.record();
        r.put("id", j.id());
        r.put("type", j.type());
        r.put("state", j.state().wireName());
        r.put("attempt", j.attempt() + "/" + j.maxAttempts());
        r.put("createdAt", time(j.createdAt()));
        r.put("finishedAt", j.finishedAt().map(Views::time).orElse(null));
        r.put("records", j.recordsProcessed());
        r.put("error", j.error().orElse(null));
        return r;
    }

    /** A job described: everything the listing shows and more. */
    static Map<String, Object> jobDetail(Job j) {
        Map<String, Object> r = job(j);
        r.put("workerTags", j.workerTags());
        r.put("workerId", j.workerId().orElse(null));
        r.put("fencingToken", j.fencingToken());
        r.put("leaseDeadline", j.leaseDeadline().map(Views::time).orElse(null));
        r.put("startedAt", j.startedAt().map(Views::time).orElse(null));
        r.put("watermark", j.watermark().orElse(null));
        r.put("context", new TreeMap<>(j.context()));
        return r;
    }

    static Map<String, Object> pipeline(Pipeline p) {
        Map<String, Object> r = Printer.record();
        r.put("id", p.id());
        r.put("name", p.name());
        r.put("pinned", p.pinned());
        r.put("nodes", p.graph().executionOrder());
        r.put("createdAt", p.createdAt() == null ? null : time(p.createdAt()));
        return r;
    }

    static List<Map<String, Object>> pipelineStatus(PipelineStatus s) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PipelineStatus.NodeStatus n : s.nodes()) {
            Map<String, Object> r = Printer.record();
            r.put("node", n.nodeId());
            r.put("kind", n.kind().name().toLowerCase());
            r.put("state", n.state());
            r.put("lastRun", n.lastRun().map(Job::id).orElse(null));
            r.put("lastRunState", n.lastRun().map(j -> j.state().wireName()).orElse(null));
            r.put("deltasBehind", n.lag().stream().mapToLong(PipelineStatus.SourceLag::deltasBehind).sum());
            rows.add(r);
        }
        return rows;
    }

    static Map<String, Object> whoami(Whoami w) {
        Map<String, Object> r = Printer.record();
        r.put("user", w.user());
        r.put("role", w.role().name().toLowerCase());
        r.put("usersEnabled", w.usersEnabled());
        Map<String, Object> grants = new TreeMap<>();
        w.grants().forEach((ns, role) -> grants.put(ns, role.name().toLowerCase()));
        r.put("grants", grants);
        return r;
    }

    static Map<String, Object> token(TokenInfo t) {
        Map<String, Object> r = Printer.record();
        r.put("id", t.id());
        r.put("user", t.user());
        r.put("name", t.name());
        r.put("createdAt", time(t.createdAt()));
        r.put("expiresAt", t.expiresAt().map(Views::time).orElse(null));
        r.put("revokedAt", t.revokedAt().map(Views::time).orElse(null));
        return r;
    }

    static Map<String, Object> replication(io.deltacat.api.model.RootReplication r) {
        Map<String, Object> m = Printer.record();
        m.put("root", r.root());
        m.put("state", r.state().wireName());
        m.put("placedAt", nanos(r.placedAt()));
        m.put("backfill", r.backfill());
        m.put("lastReplicatedCommit", r.lastReplicatedCommitTime().isPresent()
                ? nanos(r.lastReplicatedCommitTime().getAsLong()) : "");
        m.put("commitsBehind", r.commitsBehind());
        m.put("bytesBehind", r.bytesBehind());
        m.put("lastError", r.lastError().orElse(""));
        m.put("deleteAfter", r.deleteAfter().isPresent() ? nanos(r.deleteAfter().getAsLong()) : "");
        return m;
    }

    private static String time(Instant t) {
        return t.toString();
    }

    private static String nanos(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos).toString();
    }
}
