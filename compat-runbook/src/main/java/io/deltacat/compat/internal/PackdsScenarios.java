package io.deltacat.compat.internal;

import static io.deltacat.compat.internal.Checks.check;
import static io.deltacat.compat.internal.Checks.equal;

import io.deltacat.api.model.WriteMode;
import io.deltacat.packds.EpisodeRows;
import io.deltacat.packds.PackDS;
import io.deltacat.packds.ShardManifest;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Scenarios of the PackDS layout: episodes merged and deleted, the manifest and episode reads. */
final class PackdsScenarios {
    private PackdsScenarios() {
    }

    static List<Scenario> all() {
        return List.of(Scenario.writing("packds/merge-delete", "a PackDS table (Parquet shards) takes whole episodes"
                        + " by merge and deletes by key; a plain read, the shard manifest and an episode read agree",
                List.of("catalog", "staged-writes", "read-plan", "packds"), PackdsScenarios::mergeDelete));
    }

    private static void mergeDelete(ScenarioContext ctx) throws Exception {
        if (ctx.serverInfo().roots().stream().noneMatch(r -> r.isDefault() && r.storageType().equals("local"))) {
            throw new SkipException("PackDS shards are read from local roots only, and this server's default root is"
                    + " not local");
        }
        String ns = ctx.namespace();
        // one episode per id: the episode key is the first merge key
        ctx.client().catalog().createTable(o -> o.namespace(ns).table("episodes").schema(Data.PEOPLE).format("parquet")
                .layout("packds").mergeKeys("id"));
        write(ctx, Data.firstPeople(1, 6), WriteMode.MERGE);
        write(ctx, List.of(Data.row(3, "three", 33L), Data.row(7, "p7", 70L)), WriteMode.MERGE);
        // a PackDS delete carries exactly the merge-key columns
        try (VectorSchemaRoot keys = VectorSchemaRoot.create(new Schema(List.of(Data.PEOPLE.findField("id"))),
                ctx.client().allocator())) {
            ((BigIntVector) keys.getVector("id")).setSafe(0, 2L);
            keys.setRowCount(1);
            ctx.client().catalog().write(keys, w -> w.namespace(ns).table("episodes").mode(WriteMode.DELETE));
        }
        List<List<Object>> expected = List.of(Data.row(1, "p1", 10L), Data.row(3, "three", 33L), Data.row(4, "p4", 40L),
                Data.row(5, "p5", 50L), Data.row(6, "p6", 60L), Data.row(7, "p7", 70L));
        equal(expected, Data.read(ctx.client(), q -> q.namespace(ns).table("episodes")), "rows after merge and delete");
        PackDS packds = PackDS.of(ctx.client());
        ShardManifest manifest = packds.manifest(ns, "episodes");
        equal(6L, manifest.liveRows(), "live rows in the shard manifest");
        check(manifest.episode(2L).map(e -> e.liveRows() == 0).orElse(true), "episode 2 is deleted in the manifest");
        try (EpisodeRows three = packds.episode(ns, "episodes", 3L)) {
            equal(List.of(Data.row(3, "three", 33L)), Data.rows(three.rows()), "episode 3 read by random access");
        }
    }

    private static void write(ScenarioContext ctx, List<List<Object>> rows, WriteMode mode) {
        String ns = ctx.namespace();
        try (VectorSchemaRoot batch = Data.people(ctx.client().allocator(), rows)) {
            ctx.client().catalog().write(batch, w -> w.namespace(ns).table("episodes").mode(mode));
        }
    }
}
