package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.WriteResult;
import io.deltacat.packds.EpisodeEntry;
import io.deltacat.packds.EpisodeRows;
import io.deltacat.packds.Loader;
import io.deltacat.packds.PackDS;
import io.deltacat.packds.Shard;
import io.deltacat.packds.ShardManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PackDS end to end over loopback HTTP: the seed's example (create with layout packds, merge, delete)
 * in Lance and Parquet; merges and deletes write only the episodes they touch (bytes measured);
 * every version readable as of its commit, by the catalog and through its shard manifest; the
 * manifest read by DuckDB; single episodes read by random access; the loader over real shards.
 */
class PackdsEndToEndTest {
    static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("episode_id", new ArrowType.Int(64, true)),
            Field.notNullable("step", new ArrowType.Int(32, true)),
            Field.nullable("obs", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("task", ArrowType.Utf8.INSTANCE),
            Field.nullable("frame", ArrowType.Utf8.INSTANCE)));
    static final int EPISODES = 200;
    static final int STEPS = 50;

    @org.junit.jupiter.api.io.TempDir
    Path dir;
    Fixture fx;
    CatalogClient catalog;
    PackDS packds;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        catalog = fx.client.catalog();
        packds = PackDS.of(fx.client);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /** Rows (episode, step) with obs = episode * 1000 + step + delta; steps given per row. */
    static VectorSchemaRoot steps(BufferAllocator a, List<long[]> keys, double delta) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a);
        root.allocateNew();
        BigIntVector ep = (BigIntVector) root.getVector("episode_id");
        IntVector step = (IntVector) root.getVector("step");
        Float8Vector obs = (Float8Vector) root.getVector("obs");
        VarCharVector task = (VarCharVector) root.getVector("task");
        VarCharVector frame = (VarCharVector) root.getVector("frame");
        for (int i = 0; i < keys.size(); i++) {
            ep.setSafe(i, keys.get(i)[0]);
            step.setSafe(i, (int) keys.get(i)[1]);
            obs.setSafe(i, keys.get(i)[0] * 1000 + keys.get(i)[1] + delta);
            task.setSafe(i, ("pick_screwdriver_" + keys.get(i)[0] % 7).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            // a stand-in for an observation: 256 bytes that do not compress away
            java.util.SplittableRandom r = new java.util.SplittableRandom(keys.get(i)[0] * 100_003 + keys.get(i)[1]
                    + (long) (delta * 7));
            StringBuilder sb = new StringBuilder(256);
            while (sb.length() < 256) {
                sb.append(Long.toHexString(r.nextLong()));
            }
            frame.setSafe(i, sb.substring(0, 256).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        root.setRowCount(keys.size());
        return root;
    }

    static List<long[]> grid(long fromEpisode, long toEpisode, int fromStep, int toStep) {
        List<long[]> out = new ArrayList<>();
        for (long e = fromEpisode; e < toEpisode; e++) {
            for (int s = fromStep; s < toStep; s++) {
                out.add(new long[] {e, s});
            }
        }
        return out;
    }

    /** (episode, step) -> obs of the catalog's read of the table as of {@code asOf} (null: latest). */
    Map<List<Long>, Double> catalogRows(Long asOf) {
        Map<List<Long>, Double> out = new TreeMap<>((x, y) -> x.get(0).equals(y.get(0))
                ? Long.compare(x.get(1), y.get(1)) : Long.compare(x.get(0), y.get(0)));
        try (Table t = catalog.readAll(q -> {
            q.namespace("robotics").table("episodes");
            if (asOf != null) {
                q.asOf(asOf);
            }
        })) {
            for (var row : t) {
                List<Long> key = List.of(row.getBigInt("episode_id"), (long) row.getInt("step"));
                assertThat(out.put(key, row.getFloat8("obs"))).as("key %s twice", key).isNull();
            }
        }
        return out;
    }

    /** The same, through the shard manifest: every sample the loader delivers (one rank, no shuffle). */
    Map<List<Long>, Double> loaderRows(long version) {
        Map<List<Long>, Double> out = new HashMap<>();
        try (Loader l = packds.loader(o -> o.namespace("robotics").table("episodes").asOf(version).shuffle(false)
                .batchSize(333))) {
            while (l.next()) {
                VectorSchemaRoot b = l.batch();
                for (int i = 0; i < b.getRowCount(); i++) {
                    List<Long> key = List.of(((BigIntVector) b.getVector("episode_id")).get(i),
                            (long) ((IntVector) b.getVector("step")).get(i));
                    assertThat(out.put(key, ((Float8Vector) b.getVector("obs")).get(i))).isNull();
                }
            }
            assertThat(l.delivered()).isEqualTo(l.assigned());
        }
        return out;
    }

    /** Bytes the write's files take (its staging folder: shards, delete files, manifest). */
    static long bytesOfWrite(String manifestUri) throws Exception {
        Path folder = Path.of(java.net.URI.create(manifestUri)).getParent();
        try (var s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lance", "parquet"})
    void seedExampleMergesAndDeletesTouchOnlyTheirEpisodes(String format) throws Exception {
        catalog.createNamespace("robotics");
        catalog.createTable(t -> t.namespace("robotics").table("episodes").schema(SCHEMA).layout("packds")
                .format(format).mergeKeys("episode_id", "step").layoutOption("order_key", "step")
                .layoutOption("target_shard_bytes", "65536"));
        WriteResult v1;
        try (VectorSchemaRoot data = steps(fx.allocator, grid(0, EPISODES, 0, STEPS), 0)) {
            v1 = catalog.write(data, w -> w.namespace("robotics").table("episodes").mode(WriteMode.MERGE));
        }
        ShardManifest m1 = packds.manifest("robotics", "episodes");
        assertThat(m1.version()).isEqualTo(v1.commitTime());
        assertThat(m1.format()).isEqualTo(format);
        assertThat(m1.shards().size()).isGreaterThan(3);
        assertThat(m1.episodes()).hasSize(EPISODES);
        assertThat(m1.liveRows()).isEqualTo((long) EPISODES * STEPS);
        // whole episodes, contiguous and in key order inside each shard
        Map<String, List<EpisodeEntry>> byShard = m1.episodes().stream().collect(Collectors.groupingBy(EpisodeEntry::shard));
        for (Shard s : m1.shards()) {
            List<EpisodeEntry> eps = byShard.get(s.uri());
            long offset = 0;
            for (EpisodeEntry e : eps) {
                assertThat(e.offset()).isEqualTo(offset);
                assertThat(e.rows()).isEqualTo(STEPS);
                offset += e.rows();
            }
            assertThat(offset).isEqualTo(s.rows());
            assertThat(s.sha256()).hasSize(64);
            assertThat(s.datasetVersion()).isEqualTo(format.equals("lance") ? 1L : null);
        }
        Map<List<Long>, Double> at1 = catalogRows(null);
        assertThat(at1).hasSize(EPISODES * STEPS).isEqualTo(loaderRows(m1.version()));

        // a 1% upsert: 100 rows, 10 steps of each of 10 episodes (5 changed steps, 5 new ones)
        List<long[]> upsert = new ArrayList<>();
        for (long e = 0; e < EPISODES; e += EPISODES / 10) {
            upsert.addAll(grid(e, e + 1, STEPS - 5, STEPS + 5));
        }
        WriteResult v2;
        try (VectorSchemaRoot data = steps(fx.allocator, upsert, 0.5)) {
            v2 = catalog.write(data, w -> w.namespace("robotics").table("episodes").mode(WriteMode.MERGE));
        }
        ShardManifest m2 = packds.manifest("robotics", "episodes");
        Set<String> before = m1.shards().stream().map(Shard::uri).collect(Collectors.toSet());
        long tableBytes = m1.bytes();
        long written = bytesOfWrite(m2.manifestUri());
        System.out.printf("packds %s: table %d bytes in %d shards; 1%% upsert (100 of %d rows in 10 episodes) wrote"
                + " %d bytes (%.1f%%) in %d new shard(s) + manifest%n", format, tableBytes, m1.shards().size(),
                EPISODES * STEPS, written, 100.0 * written / tableBytes,
                m2.shards().stream().filter(s -> !before.contains(s.uri())).count());
        // new shards hold just the 10 changed episodes; every other shard is kept as it was
        assertThat(m2.shards().stream().filter(s -> !before.contains(s.uri())).mapToInt(Shard::episodes).sum())
                .isEqualTo(10);
        assertThat(m2.shards().stream().filter(s -> before.contains(s.uri())).mapToLong(Shard::liveRows).sum())
                .isEqualTo((long) (EPISODES - 10) * STEPS);
        assertThat(written).isLessThan(tableBytes / 8); // 10 of 200 episodes rewritten: about 5.5% of the rows
        assertThat(m2.liveRows()).isEqualTo((long) EPISODES * STEPS + 50);
        EpisodeEntry moved = m2.episode(20L).orElseThrow();
        assertThat(before).doesNotContain(moved.shard());
        assertThat(moved.rows()).isEqualTo(STEPS + 5);
        Shard old = m2.shards().stream().filter(s -> s.uri().equals(m1.episode(20L).get().shard())).findFirst()
                .orElseThrow();
        assertThat(old.deleted()).isNotEmpty();

        Map<List<Long>, Double> at2 = catalogRows(null);
        assertThat(at2).hasSize(EPISODES * STEPS + 50).isEqualTo(loaderRows(m2.version()));
        assertThat(at2.get(List.of(20L, (long) STEPS - 1))).isEqualTo(20 * 1000 + STEPS - 1 + 0.5);
        assertThat(at2.get(List.of(21L, (long) STEPS - 1))).isEqualTo(21 * 1000 + STEPS - 1 + 0.0);

        // random access to one episode: its rows only, in step order, not the shard
        try (EpisodeRows e = packds.episode("robotics", "episodes", 20)) {
            assertThat(e.rows().getRowCount()).isEqualTo(STEPS + 5);
            IntVector step = (IntVector) e.rows().getVector("step");
            for (int i = 0; i < STEPS + 5; i++) {
                assertThat(step.get(i)).isEqualTo(i);
            }
            Shard home = m2.shards().stream().filter(s -> s.uri().equals(moved.shard())).findFirst().orElseThrow();
            System.out.printf("packds %s: episode read decoded %d rows of a %d-row shard%n", format, e.rowsRead(),
                    home.rows());
            assertThat(e.rowsRead()).isLessThanOrEqualTo(home.rows() / 2);
        }
        try (EpisodeRows e = packds.episode("robotics", "episodes", 137)) {
            Shard home = m2.shards().stream().filter(s -> s.uri().equals(e.entry().shard())).findFirst().orElseThrow();
            assertThat(e.rows().getRowCount()).isEqualTo(STEPS);
            assertThat(e.rowsRead()).isLessThanOrEqualTo(home.rows() / 2);
        }

        // delete some steps of episode 3 and all of episode 4: keys only
        List<long[]> gone = new ArrayList<>(grid(3, 4, 0, 10));
        gone.addAll(grid(4, 5, 0, STEPS));
        WriteResult v3;
        try (VectorSchemaRoot keys = keysOnly(steps(fx.allocator, gone, 0))) {
            v3 = catalog.write(keys, w -> w.namespace("robotics").table("episodes").mode(WriteMode.DELETE));
        }
        ShardManifest m3 = packds.manifest("robotics", "episodes");
        assertThat(m3.episode(4L)).isEmpty();
        assertThat(m3.episode(3L).orElseThrow().liveRows()).isEqualTo(STEPS - 10);
        assertThat(m3.shards().stream().map(Shard::uri).collect(Collectors.toSet()))
                .isEqualTo(m2.shards().stream().map(Shard::uri).collect(Collectors.toSet()));
        Map<List<Long>, Double> at3 = catalogRows(null);
        assertThat(at3).hasSize(EPISODES * STEPS + 50 - 60).isEqualTo(loaderRows(m3.version()));
        try (EpisodeRows e = packds.episode("robotics", "episodes", 3L)) {
            assertThat(e.rows().getRowCount()).isEqualTo(STEPS - 10);
            assertThat(((IntVector) e.rows().getVector("step")).get(0)).isEqualTo(10);
        }

        // a 1% upsert of whole episodes (2 of 200 re-recorded): about 1% of the bytes
        try (VectorSchemaRoot data = steps(fx.allocator, grid(100, 102, 0, STEPS), 0.25)) {
            catalog.write(data, w -> w.namespace("robotics").table("episodes").mode(WriteMode.MERGE));
        }
        ShardManifest m4 = packds.manifest("robotics", "episodes");
        long wholeEpisodes = bytesOfWrite(m4.manifestUri());
        System.out.printf("packds %s: 1%% upsert as 2 whole episodes wrote %d bytes (%.2f%% of %d)%n", format,
                wholeEpisodes, 100.0 * wholeEpisodes / m3.bytes(), m3.bytes());
        assertThat(wholeEpisodes).isLessThan(m3.bytes() / 20);
        assertThat(catalogRows(null)).hasSize(EPISODES * STEPS + 50 - 60).isEqualTo(loaderRows(m4.version()));

        // every version stays readable as of its commit, by both paths
        assertThat(catalogRows(v1.commitTime())).isEqualTo(at1);
        assertThat(catalogRows(v2.commitTime())).isEqualTo(at2);
        assertThat(packds.manifest("robotics", "episodes", v1.commitTime())).isEqualTo(m1);
        assertThat(packds.manifest("robotics", "episodes", v2.commitTime()).episodes()).isEqualTo(m2.episodes());
        assertThat(loaderRows(v1.commitTime())).isEqualTo(at1);
        assertThat(v3.commitTime()).isGreaterThan(v2.commitTime());

        // the manifest is plain JSON: DuckDB reads it without this project
        String path = Path.of(java.net.URI.create(m3.manifestUri())).toString().replace("'", "''");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT layout, format, len(shards), len(episodes) FROM read_json('"
                    + path + "', maximum_object_size=1073741824)")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("packds");
                assertThat(rs.getString(2)).isEqualTo(format);
                assertThat(rs.getLong(3)).isEqualTo(m3.shards().size());
                assertThat(rs.getLong(4)).isEqualTo(m3.episodes().size());
            }
            try (ResultSet rs = s.executeQuery("SELECT sum(e.liveRows), count(*), count(DISTINCT e.shard)"
                    + " FROM (SELECT unnest(episodes) AS e FROM read_json('" + path
                    + "', maximum_object_size=1073741824))")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(m3.liveRows());
                assertThat(rs.getLong(2)).isEqualTo(EPISODES - 1);
                assertThat(rs.getLong(3)).isEqualTo(m3.shards().size());
            }
        }
        // the catalog's plan lists no file the manifest does not know (and the other way round)
        Set<String> planned = catalog.plan(q -> q.namespace("robotics").table("episodes")).files().stream()
                .map(DataFile::uri).filter(u -> u.contains("shard-")).collect(Collectors.toSet());
        assertThat(planned).containsAll(m3.shards().stream().map(Shard::uri).toList());
    }

    /** The merge-key columns of {@code full} (which this closes). */
    static VectorSchemaRoot keysOnly(VectorSchemaRoot full) {
        try (full) {
            return io.deltacat.io.spi.Batches.copy(full, List.of("episode_id", "step"),
                    java.util.stream.IntStream.range(0, full.getRowCount()).toArray(),
                    full.getFieldVectors().get(0).getAllocator());
        }
    }

    static Set<List<Long>> unique(List<List<Long>> rows) {
        Set<List<Long>> s = new HashSet<>(rows);
        assertThat(s).hasSameSizeAs(rows);
        return s;
    }
}
