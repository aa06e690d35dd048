package io.deltacat.compat.internal;

import static io.deltacat.compat.internal.Checks.equal;

import io.deltacat.api.model.DataRoot;
import io.deltacat.api.model.WriteMode;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Scenarios of storage: data on the server's S3 roots, written and read with the access it vends. */
final class StorageScenarios {
    private StorageScenarios() {
    }

    static List<Scenario> all() {
        return List.of(Scenario.writing("storage/s3-round-trip", "a table placed on the server's S3 root (table"
                        + " property root) takes appends and merges with the access the server vends and reads back"
                        + " exactly, as of each commit too; skipped when the server has no S3 root",
                List.of("catalog", "staged-writes", "read-plan", "time-travel", "object-storage"),
                StorageScenarios::s3RoundTrip));
    }

    private static void s3RoundTrip(ScenarioContext ctx) throws Exception {
        DataRoot s3 = ctx.serverInfo().roots().stream().filter(r -> r.storageType().equals("s3")).findFirst()
                .orElseThrow(() -> new SkipException("the server has no S3 root (roots: " + ctx.serverInfo().roots()
                        .stream().map(r -> r.name() + "=" + r.storageType()).toList() + ")"));
        String ns = ctx.namespace();
        ctx.client().catalog().createTable(o -> o.namespace(ns).table("on_s3").schema(Data.PEOPLE).mergeKeys("id")
                .property("root", s3.name()));
        equal(s3.name(), ctx.client().catalog().getTable(ns, "on_s3").properties().get("root"), "the table's root");
        try (VectorSchemaRoot batch = Data.people(ctx.client().allocator(), Data.firstPeople(1, 4))) {
            ctx.client().catalog().write(batch, w -> w.namespace(ns).table("on_s3").mode(WriteMode.APPEND));
        }
        long first = ctx.client().catalog().getTable(ns, "on_s3").latestCommitTime().orElseThrow();
        try (VectorSchemaRoot batch = Data.people(ctx.client().allocator(), List.of(Data.row(2, "two", 22L)))) {
            ctx.client().catalog().write(batch, w -> w.namespace(ns).table("on_s3").mode(WriteMode.MERGE));
        }
        equal(List.of(Data.row(1, "p1", 10L), Data.row(2, "two", 22L), Data.row(3, "p3", 30L), Data.row(4, "p4", 40L)),
                Data.read(ctx.client(), q -> q.namespace(ns).table("on_s3")), "rows on the S3 root after the merge");
        equal(Data.firstPeople(1, 4), Data.read(ctx.client(), q -> q.namespace(ns).table("on_s3").asOf(first)),
                "rows as of the first commit");
    }
}
