package io.deltacat.packds.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.packds.EpisodeEntry;
import io.deltacat.packds.Remainder;
import io.deltacat.packds.RowRange;
import io.deltacat.packds.Shard;
import io.deltacat.packds.ShardManifest;
import io.deltacat.packds.internal.LoaderPlan.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the loader's arithmetic over seeded random cases (jqwik is not in this build's
 * dependency set): random tables (shards, episodes, deleted rows), world sizes, seeds, windows and
 * crash points. A failing case prints its seed, which reproduces it.
 */
class LoaderPlanPropertyTest {
    static final int CASES = 400;

    /** A random manifest: shards of contiguous episodes, some rows deleted. */
    static ShardManifest table(SplittableRandom r, long version) {
        List<Shard> shards = new ArrayList<>();
        List<EpisodeEntry> episodes = new ArrayList<>();
        int nShards = 1 + r.nextInt(8);
        long key = 0;
        for (int s = 0; s < nShards; s++) {
            String uri = "file:///t/shard-" + s;
            long rows = 1 + r.nextInt(300);
            List<RowRange> deleted = new ArrayList<>();
            long at = 0;
            while (r.nextInt(3) == 0 && at < rows) {
                long start = at + r.nextInt((int) (rows - at));
                long end = Math.min(rows, start + 1 + r.nextInt(30));
                deleted.add(new RowRange(start, end));
                at = end + 1;
            }
            long dead = deleted.stream().mapToLong(RowRange::length).sum();
            long offset = 0;
            int eps = 0;
            while (offset < rows) {
                long n = Math.min(rows - offset, 1 + r.nextInt(40));
                long start = offset;
                long live = n - deleted.stream().mapToLong(d -> Math.max(0, Math.min(d.end(), start + n)
                        - Math.max(d.start(), start))).sum();
                if (live > 0) {
                    episodes.add(new EpisodeEntry(key, uri, offset, n, live, 0));
                    eps++;
                }
                key++;
                offset += n;
            }
            if (rows - dead > 0) {
                shards.add(new Shard(uri, rows, rows - dead, eps, rows * 10, "x", 1L, deleted));
            }
        }
        return new ShardManifest("ns", "t", version, 0, "lance", "episode_id", null, shards, episodes, "m");
    }

    /** The global indices a list of segments emits, in order (what DefaultLoader delivers). */
    static List<Long> emit(List<Segment> segments, int window, long seed, int epoch, long version, boolean shuffle) {
        List<Long> out = new ArrayList<>();
        for (Segment s : segments) {
            for (long ws = s.start(); ws < s.end(); ws += window) {
                int len = (int) (Math.min(ws + window, s.end()) - ws);
                int[] p = LoaderPlan.permutation(seed, epoch, version, ws, len, shuffle);
                for (int i = ws == s.start() ? (int) s.skip() : 0; i < len; i++) {
                    out.add(ws + p[i]);
                }
            }
        }
        return out;
    }

    @Test
    void globalOrderCoversExactlyTheLiveRows() {
        for (int c = 0; c < CASES; c++) {
            SplittableRandom r = new SplittableRandom(c);
            ShardManifest m = table(r, 100 + c);
            LoaderPlan plan = LoaderPlan.of(m, r.nextLong(), r.nextInt(5), r.nextBoolean());
            assertThat(plan.total()).as("case %d", c).isEqualTo(m.liveRows());
            Set<String> seen = new HashSet<>();
            for (long g = 0; g < plan.total(); g++) {
                LoaderPlan.Piece p = plan.pieces.get(plan.pieceOf(g));
                Shard sh = plan.shards.get(p.shard());
                long row = p.row() + g - p.global();
                assertThat(row).isLessThan(sh.rows());
                assertThat(sh.deleted()).noneMatch(d -> d.start() <= row && row < d.end());
                assertThat(seen.add(sh.uri() + "#" + row)).isTrue();
            }
        }
    }

    @Test
    void freshEpochDeliversEverySampleOnceBalancedAndDeterministically() {
        for (int c = 0; c < CASES; c++) {
            SplittableRandom r = new SplittableRandom(1000 + c);
            ShardManifest m = table(r, 7);
            long seed = r.nextLong();
            int epoch = r.nextInt(4);
            boolean shuffle = r.nextBoolean();
            int world = 1 + r.nextInt(7);
            int window = 1 + r.nextInt(64);
            LoaderPlan plan = LoaderPlan.of(m, seed, epoch, shuffle);
            List<List<Long>> perRank = ranks(plan, world, window, seed, epoch, m.version(), shuffle, null);
            assertExactlyOnce(perRank, plan.total(), "case " + c);
            long max = perRank.stream().mapToLong(List::size).max().orElse(0);
            long min = perRank.stream().mapToLong(List::size).min().orElse(0);
            assertThat(max - min).as("case %d balance", c).isLessThanOrEqualTo(1);
            LoaderPlan again = LoaderPlan.of(m, seed, epoch, shuffle);
            assertThat(ranks(again, world, window, seed, epoch, m.version(), shuffle, null)).isEqualTo(perRank);
        }
    }

    @Test
    void shuffleDependsOnSeedAndEpoch() {
        SplittableRandom r = new SplittableRandom(5);
        ShardManifest m = table(r, 9);
        while (m.liveRows() < 200) {
            m = table(r, 9);
        }
        LoaderPlan a = LoaderPlan.of(m, 1, 0, true);
        List<Long> e0 = ranks(a, 1, 50, 1, 0, 9, true, null).get(0);
        List<Long> e1 = ranks(LoaderPlan.of(m, 1, 1, true), 1, 50, 1, 1, 9, true, null).get(0);
        List<Long> s2 = ranks(LoaderPlan.of(m, 2, 0, true), 1, 50, 2, 0, 9, true, null).get(0);
        assertThat(e0).isNotEqualTo(e1).isNotEqualTo(s2);
        List<Long> plain = ranks(LoaderPlan.of(m, 1, 0, false), 1, 50, 1, 0, 9, false, null).get(0);
        assertThat(plain).isSorted();
    }

    @Test
    void aRankResumedFromItsTokenDeliversExactlyWhatItHadLeft() {
        for (int c = 0; c < CASES; c++) {
            SplittableRandom r = new SplittableRandom(2000 + c);
            ShardManifest m = table(r, 3);
            long seed = r.nextLong();
            int world = 1 + r.nextInt(5);
            int window = 1 + r.nextInt(40);
            LoaderPlan plan = LoaderPlan.of(m, seed, 0, true);
            List<List<Segment>> shares = LoaderPlan.split(plan.epochSegments(world, 8, Remainder.PARTIAL), world,
                    window, null);
            for (List<Segment> share : shares) {
                List<Long> all = emit(share, window, seed, 0, 3, true);
                int k = r.nextInt(all.size() + 1);
                List<Segment> left = LoaderPlan.advance(share, k, window);
                assertThat(emit(left, window, seed, 0, 3, true)).as("case %d crash at %d", c, k)
                        .isEqualTo(all.subList(k, all.size()));
                // and the token again after more progress
                int k2 = r.nextInt(all.size() - k + 1);
                assertThat(emit(LoaderPlan.advance(left, k2, window), window, seed, 0, 3, true))
                        .isEqualTo(all.subList(k + k2, all.size()));
            }
        }
    }

    @Test
    void elasticResumesOnOtherWorldSizesKeepExactlyOnce() {
        for (int c = 0; c < CASES; c++) {
            SplittableRandom r = new SplittableRandom(3000 + c);
            ShardManifest m = table(r, 11);
            long seed = r.nextLong();
            int window = 1 + r.nextInt(40);
            boolean shuffle = r.nextBoolean();
            LoaderPlan plan = LoaderPlan.of(m, seed, 2, shuffle);
            List<Segment> segments = plan.epochSegments(1, 1, Remainder.PARTIAL);
            List<Long> delivered = new ArrayList<>();
            int world = 1 + r.nextInt(6);
            for (int round = 0; round < 3; round++) {
                List<List<Segment>> shares = LoaderPlan.split(segments, world, window, null);
                List<Segment> union = new ArrayList<>();
                long max = 0;
                long min = Long.MAX_VALUE;
                for (List<Segment> share : shares) {
                    List<Long> all = emit(share, window, seed, 2, 11, shuffle);
                    max = Math.max(max, all.size());
                    min = Math.min(min, all.size());
                    int k = round == 2 ? all.size() : r.nextInt(all.size() + 1); // the last round runs to the end
                    delivered.addAll(all.subList(0, k));
                    union.addAll(LoaderPlan.advance(share, k, window));
                }
                // balance within one shuffle window (a partly delivered window stays whole)
                assertThat(max - min).as("case %d round %d", c, round).isLessThanOrEqualTo(window + 1);
                segments = union;
                world = 1 + r.nextInt(6);
            }
            assertExactlyOnce(List.of(delivered), plan.total(), "case " + c);
        }
    }

    @Test
    void dropAndPadGiveEveryRankTheSameWholeBatches() {
        for (int c = 0; c < CASES; c++) {
            SplittableRandom r = new SplittableRandom(4000 + c);
            ShardManifest m = table(r, 5);
            int world = 1 + r.nextInt(5);
            int batch = 1 + r.nextInt(16);
            LoaderPlan plan = LoaderPlan.of(m, c, 0, true);
            for (Remainder policy : List.of(Remainder.DROP, Remainder.PAD)) {
                List<List<Segment>> shares = LoaderPlan.split(plan.epochSegments(world, batch, policy), world, 16,
                        null);
                List<List<Long>> perRank = new ArrayList<>();
                for (List<Segment> share : shares) {
                    perRank.add(emit(share, 16, c, 0, 5, true));
                }
                Set<Long> sizes = new HashSet<>();
                perRank.forEach(p -> sizes.add((long) p.size()));
                assertThat(sizes).as("case %d %s", c, policy).hasSize(1);
                assertThat(sizes.iterator().next() % batch).isZero();
                Map<Long, Integer> counts = counts(perRank);
                if (policy == Remainder.DROP) {
                    assertThat(counts.values()).allMatch(n -> n == 1);
                    assertThat(plan.total() - counts.size()).isLessThan((long) world * batch);
                } else {
                    assertThat(counts.size()).isEqualTo(plan.total());
                    assertThat(counts.values()).allMatch(n -> n >= 1);
                }
            }
        }
    }

    @Test
    void wholeEpisodesStayOnOneRank() {
        for (int c = 0; c < CASES; c++) {
            SplittableRandom r = new SplittableRandom(5000 + c);
            ShardManifest m = table(r, 13);
            int world = 1 + r.nextInt(5);
            LoaderPlan plan = LoaderPlan.of(m, c, 1, true);
            List<List<Long>> perRank = ranks(plan, world, 32, c, 1, 13, true, plan.episodeStarts);
            assertExactlyOnce(perRank, plan.total(), "case " + c);
            long[] starts = plan.episodeStarts;
            Map<Integer, Integer> rankOfEpisode = new HashMap<>();
            for (int rank = 0; rank < perRank.size(); rank++) {
                for (long g : perRank.get(rank)) {
                    int i = Arrays.binarySearch(starts, g);
                    int episode = i >= 0 ? i : -i - 2;
                    Integer before = rankOfEpisode.putIfAbsent(episode, rank);
                    assertThat(before == null || before == rank).as("case %d episode %d", c, episode).isTrue();
                }
            }
        }
    }

    private static List<List<Long>> ranks(LoaderPlan plan, int world, int window, long seed, int epoch, long version,
                                          boolean shuffle, long[] cuts) {
        List<List<Long>> out = new ArrayList<>();
        for (List<Segment> share : LoaderPlan.split(plan.epochSegments(world, 1, Remainder.PARTIAL), world, window,
                cuts)) {
            out.add(emit(share, window, seed, epoch, version, shuffle));
        }
        return out;
    }

    private static Map<Long, Integer> counts(List<List<Long>> perRank) {
        Map<Long, Integer> counts = new HashMap<>();
        perRank.forEach(p -> p.forEach(g -> counts.merge(g, 1, Integer::sum)));
        return counts;
    }

    private static void assertExactlyOnce(List<List<Long>> perRank, long total, String what) {
        Map<Long, Integer> counts = counts(perRank);
        assertThat(counts.size()).as(what).isEqualTo(total);
        assertThat(counts.values()).as(what).allMatch(n -> n == 1);
        assertThat(counts.keySet()).as(what).allMatch(g -> g >= 0 && g < total);
    }
}
