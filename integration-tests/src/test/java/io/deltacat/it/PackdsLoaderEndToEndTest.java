package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.MergeKeysRequiredException;
import io.deltacat.api.model.WriteMode;
import io.deltacat.packds.InvalidResumeTokenException;
import io.deltacat.packds.Loader;
import io.deltacat.packds.PackDS;
import io.deltacat.packds.ShardManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PackDS loader over real shards (Lance, several ranks in one JVM, over loopback HTTP): exactly
 * once across ranks, balance, determinism, crashes resumed on the same and on other world sizes,
 * whole episodes per rank; and the bad input of the layout, each a typed error with nothing written.
 */
class PackdsLoaderEndToEndTest {
    @TempDir
    Path dir;
    Fixture fx;
    CatalogClient catalog;
    PackDS packds;
    /** episode -> steps of the table written in {@link #start()}. */
    final Map<Long, Integer> lengths = new HashMap<>();
    long total;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        catalog = fx.client.catalog();
        packds = PackDS.of(fx.client);
        catalog.createNamespace("robotics");
        catalog.createTable(t -> t.namespace("robotics").table("episodes").schema(PackdsEndToEndTest.SCHEMA)
                .layout("packds").mergeKeys("episode_id", "step").layoutOption("order_key", "step")
                .layoutOption("target_shard_bytes", "32768"));
        SplittableRandom r = new SplittableRandom(17);
        List<long[]> keys = new ArrayList<>();
        for (long e = 0; e < 120; e++) {
            int n = 1 + r.nextInt(40);
            lengths.put(e, n);
            for (int s = 0; s < n; s++) {
                keys.add(new long[] {e, s});
            }
        }
        total = keys.size();
        try (VectorSchemaRoot data = PackdsEndToEndTest.steps(fx.allocator, keys, 0)) {
            catalog.write(data, w -> w.namespace("robotics").table("episodes").mode(WriteMode.MERGE));
        }
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /** Reads up to {@code batches} batches (all when negative) into {@code out} as "episode/step"; the loader stays open. */
    static void drain(Loader l, int batches, List<String> out) {
        for (int i = 0; batches < 0 || i < batches; i++) {
            if (!l.next()) {
                return;
            }
            VectorSchemaRoot b = l.batch();
            for (int row = 0; row < b.getRowCount(); row++) {
                out.add(((BigIntVector) b.getVector("episode_id")).get(row) + "/"
                        + ((IntVector) b.getVector("step")).get(row));
            }
        }
    }

    Loader loader(Consumer<io.deltacat.packds.LoaderOptions.Builder> more) {
        return packds.loader(o -> {
            o.namespace("robotics").table("episodes").epoch(3).seed(99).batchSize(32).shuffleBuffer(100);
            more.accept(o);
        });
    }

    List<List<String>> epoch(int world, boolean wholeEpisodes) {
        List<List<String>> perRank = new ArrayList<>();
        for (int rank = 0; rank < world; rank++) {
            int r = rank;
            List<String> got = new ArrayList<>();
            try (Loader l = loader(o -> o.rank(r).worldSize(world).wholeEpisodes(wholeEpisodes))) {
                drain(l, -1, got);
                assertThat(l.delivered()).isEqualTo(got.size()).isEqualTo(l.assigned());
            }
            perRank.add(got);
        }
        return perRank;
    }

    void assertExactlyOnce(List<String> all) {
        Map<String, Integer> counts = new HashMap<>();
        all.forEach(k -> counts.merge(k, 1, Integer::sum));
        assertThat(counts).hasSize((int) total);
        assertThat(counts.values()).allMatch(n -> n == 1);
        lengths.forEach((e, n) -> assertThat(counts).containsKeys(e + "/0", e + "/" + (n - 1)));
    }

    @Test
    void everySampleOnceAcrossRanksBalancedAndDeterministic() {
        List<List<String>> three = epoch(3, false);
        List<String> all = new ArrayList<>();
        three.forEach(all::addAll);
        assertExactlyOnce(all);
        int max = three.stream().mapToInt(List::size).max().orElseThrow();
        int min = three.stream().mapToInt(List::size).min().orElseThrow();
        assertThat(max - min).isLessThanOrEqualTo(1);
        assertThat(epoch(3, false)).isEqualTo(three);
        // shuffled: not the table's order
        assertThat(all.subList(0, 50)).isNotEqualTo(all.stream().sorted().toList().subList(0, 50));
        // whole episodes stay on one rank when asked
        List<List<String>> whole = epoch(4, true);
        Map<String, Integer> rankOf = new HashMap<>();
        for (int rank = 0; rank < whole.size(); rank++) {
            for (String k : whole.get(rank)) {
                Integer before = rankOf.putIfAbsent(k.substring(0, k.indexOf('/')), rank);
                assertThat(before == null || before == rank).as(k).isTrue();
            }
        }
        List<String> wholeAll = new ArrayList<>();
        whole.forEach(wholeAll::addAll);
        assertExactlyOnce(wholeAll);
    }

    @Test
    void crashedRanksResumeOnTheSameAndOnAnotherWorldSize() {
        SplittableRandom r = new SplittableRandom(3);
        for (int round = 0; round < 3; round++) {
            int world = 2 + r.nextInt(3);
            int next = 1 + r.nextInt(4);
            List<String> delivered = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int rank = 0; rank < world; rank++) {
                int k = rank;
                try (Loader l = loader(o -> o.rank(k).worldSize(world))) {
                    drain(l, r.nextInt(4), delivered); // crash after a few batches
                    tokens.add(l.state());
                }
            }
            // rank 0 alone, same world size, from its own token: exactly what it had left
            List<String> own = new ArrayList<>();
            try (Loader l = loader(o -> o.rank(0).worldSize(world).resume(tokens.get(0)))) {
                drain(l, -1, own);
            }
            List<String> rank0Full = new ArrayList<>();
            try (Loader l = loader(o -> o.rank(0).worldSize(world))) {
                drain(l, -1, rank0Full);
            }
            assertThat(rank0Full).endsWith(own.toArray(String[]::new));
            // every rank's token, another world size: the rest of the epoch, each sample once
            List<String> resumed = new ArrayList<>();
            for (int rank = 0; rank < next; rank++) {
                int k = rank;
                try (Loader l = loader(o -> o.rank(k).worldSize(next).resume(tokens))) {
                    drain(l, -1, resumed);
                }
            }
            List<String> all = new ArrayList<>(delivered);
            all.addAll(resumed);
            assertExactlyOnce(all);
        }
    }

    @Test
    void badInputIsATypedErrorAndWritesNothing() {
        Schema noKeys = PackdsEndToEndTest.SCHEMA;
        assertThatThrownBy(() -> catalog.createTable(t -> t.namespace("robotics").table("nokeys").schema(noKeys)
                .layout("packds"))).isInstanceOf(MergeKeysRequiredException.class);
        assertThatThrownBy(() -> {
            try (VectorSchemaRoot data = PackdsEndToEndTest.steps(fx.allocator, List.of(new long[] {1, 1}), 0)) {
                catalog.write(data, w -> w.namespace("robotics").table("nokeys2").layout("packds"));
            }
        }).isInstanceOf(MergeKeysRequiredException.class);
        assertThatThrownBy(() -> catalog.createTable(t -> t.namespace("robotics").table("badkey").schema(noKeys)
                .layout("packds").mergeKeys("episode_id", "step").layoutOption("episode_key", "task")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("episode key 'task'");
        Schema floatKey = new Schema(List.of(Field.notNullable("x",
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
        assertThatThrownBy(() -> catalog.createTable(t -> t.namespace("robotics").table("floatkey").schema(floatKey)
                .layout("packds").mergeKeys("x"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> catalog.createTable(t -> t.namespace("robotics").table("compacted").schema(noKeys)
                .layout("packds").mergeKeys("episode_id", "step").property("read_optimization_level", "max")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not compacted");
        assertThatThrownBy(() -> catalog.alterTable(a -> a.namespace("robotics").table("episodes")
                .property("read_optimization_level", "moderate"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> catalog.alterTable(a -> a.namespace("robotics").table("episodes")
                .property("packds.episode_key", "step"))).isInstanceOf(InvalidRequestException.class);
        assertThat(catalog.listTables("robotics")).hasSize(1);

        ShardManifest before = packds.manifest("robotics", "episodes");
        assertThatThrownBy(() -> {
            try (VectorSchemaRoot data = PackdsEndToEndTest.steps(fx.allocator, List.of(new long[] {1, 1}), 0)) {
                catalog.write(data, w -> w.namespace("robotics").table("episodes").mode(WriteMode.DELETE));
            }
        }).isInstanceOf(InvalidRequestException.class);
        assertThat(packds.manifest("robotics", "episodes")).isEqualTo(before);

        assertThatThrownBy(() -> loader(o -> o.rank(2).worldSize(2))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("rank");
        assertThatThrownBy(() -> loader(o -> o.rank(-1).worldSize(2))).isInstanceOf(InvalidRequestException.class);
        String token;
        try (Loader l = loader(o -> o.rank(0).worldSize(1))) {
            l.next();
            token = l.state();
        }
        assertThatThrownBy(() -> packds.loader(o -> o.namespace("robotics").table("other").resume(token)))
                .isInstanceOf(InvalidResumeTokenException.class).hasMessageContaining("robotics.episodes");
        assertThatThrownBy(() -> loader(o -> o.epoch(4).resume(token))).isInstanceOf(InvalidResumeTokenException.class);
        assertThatThrownBy(() -> loader(o -> o.resume("not-a-token"))).isInstanceOf(InvalidResumeTokenException.class);
        // a newer version: the token pins the old one
        try (VectorSchemaRoot data = PackdsEndToEndTest.steps(fx.allocator, List.of(new long[] {500, 0}), 0)) {
            catalog.write(data, w -> w.namespace("robotics").table("episodes").mode(WriteMode.MERGE));
        }
        long latest = packds.manifest("robotics", "episodes").version();
        assertThatThrownBy(() -> loader(o -> o.asOf(latest).resume(token)))
                .isInstanceOf(InvalidResumeTokenException.class).hasMessageContaining("version");
        // without asOf the token's own version is read, so the resume still works after the new commit
        try (Loader l = loader(o -> o.resume(token))) {
            assertThat(l.version()).isEqualTo(before.version());
            assertThat(l.assigned()).isEqualTo(total - 32);
        }
    }
}
