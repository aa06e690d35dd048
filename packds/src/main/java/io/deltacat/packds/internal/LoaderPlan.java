package io.deltacat.packds.internal;

import io.deltacat.packds.EpisodeEntry;
import io.deltacat.packds.Remainder;
import io.deltacat.packds.RowRange;
import io.deltacat.packds.Shard;
import io.deltacat.packds.ShardManifest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The pure arithmetic of a loader (no I/O), after MosaicML Streaming's approach: one epoch's global
 * sample order is the live rows of the shards, in a shard order shuffled by (seed, epoch, version);
 * it is cut into contiguous shares per rank; a rank emits its share window by window (a window is
 * its shuffle buffer), each window in a permutation seeded by (seed, epoch, version, window start).
 *
 * <p>What is left of an epoch is a list of {@link Segment}s of global indices: {@code [start, end)},
 * whose first window ({@code [start, start + window)}) already emitted its first {@code skip}
 * samples. A window's permutation depends only on its start and length, so a segment resumed from a
 * token emits exactly the samples it had not. Splitting keeps such a partial window whole (it goes
 * to one rank); other segments split anywhere (or at episode boundaries).
 */
public final class LoaderPlan {

    /** Global sample indices {@code [start, end)}; the first window's first {@code skip} already delivered. */
    public record Segment(long start, long end, long skip) {
        public Segment {
            if (start < 0 || end < start || skip < 0 || (skip > 0 && skip >= end - start)) {
                throw new IllegalArgumentException("bad segment [" + start + ", " + end + ") skip " + skip);
            }
        }

        /** Samples left to deliver. */
        public long count() {
            return end - start - skip;
        }
    }

    /** A run of live rows of one shard and the global index of its first row. */
    record Piece(int shard, long row, long length, long global) {
    }

    final List<Shard> shards;
    final List<Piece> pieces;
    final long total;
    /** Global index of each episode's first live row, ascending. */
    final long[] episodeStarts;

    private LoaderPlan(List<Shard> shards, List<Piece> pieces, long total, long[] episodeStarts) {
        this.shards = shards;
        this.pieces = pieces;
        this.total = total;
        this.episodeStarts = episodeStarts;
    }

    /** The plan of one epoch of {@code m}: shard order shuffled (or not) by (seed, epoch, version). */
    public static LoaderPlan of(ShardManifest m, long seed, int epoch, boolean shuffle) {
        List<Shard> order = new ArrayList<>(m.shards());
        order.sort(Comparator.comparing(Shard::uri));
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(mix(seed, epoch, m.version(), 0x5eed));
            for (int i = order.size() - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                Shard t = order.get(i);
                order.set(i, order.get(j));
                order.set(j, t);
            }
        }
        List<Piece> pieces = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        long global = 0;
        for (int s = 0; s < order.size(); s++) {
            Shard sh = order.get(s);
            index.put(sh.uri(), s);
            long row = 0;
            for (RowRange d : sh.deleted()) {
                if (d.start() > row) {
                    pieces.add(new Piece(s, row, d.start() - row, global));
                    global += d.start() - row;
                }
                row = Math.max(row, d.end());
            }
            if (sh.rows() > row) {
                pieces.add(new Piece(s, row, sh.rows() - row, global));
                global += sh.rows() - row;
            }
        }
        LoaderPlan plan = new LoaderPlan(List.copyOf(order), List.copyOf(pieces), global, new long[0]);
        long[] starts = new long[m.episodes().size()];
        int n = 0;
        for (EpisodeEntry e : m.episodes()) {
            Integer s = index.get(e.shard());
            long g = s == null ? -1 : plan.globalOf(s, e.offset(), e.offset() + e.rows());
            if (g >= 0) {
                starts[n++] = g;
            }
        }
        starts = Arrays.copyOf(starts, n);
        Arrays.sort(starts);
        return new LoaderPlan(plan.shards, plan.pieces, global, starts);
    }

    /** The global index of the first live row of shard {@code s} in {@code [from, to)}, or -1. */
    private long globalOf(int s, long from, long to) {
        for (Piece p : pieces) {
            if (p.shard() == s && p.row() + p.length() > from && p.row() < to) {
                return p.global() + Math.max(0, from - p.row());
            }
        }
        return -1;
    }

    /** Live samples in the version. */
    public long total() {
        return total;
    }

    /** The index of the piece holding global sample {@code g}. */
    int pieceOf(long g) {
        int lo = 0;
        int hi = pieces.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (pieces.get(mid).global() <= g) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The segments of a fresh epoch on {@code worldSize} ranks, after the remainder policy. */
    public List<Segment> epochSegments(int worldSize, int batchSize, Remainder remainder) {
        long n = total;
        if (n == 0) {
            return List.of();
        }
        long round = (long) worldSize * batchSize;
        switch (remainder) {
            case DROP: {
                long kept = n / round * round;
                return kept == 0 ? List.of() : List.of(new Segment(0, kept, 0));
            }
            case PAD: {
                long padded = (n + round - 1) / round * round;
                List<Segment> out = new ArrayList<>(List.of(new Segment(0, n, 0)));
                for (long pad = padded - n; pad > 0; pad -= Math.min(pad, n)) {
                    out.add(new Segment(0, Math.min(pad, n), 0));
                }
                return out;
            }
            default:
                return List.of(new Segment(0, n, 0));
        }
    }

    /**
     * Splits {@code segments} into {@code worldSize} contiguous shares of nearly equal counts. A
     * partially delivered window is never split; with {@code cuts} (ascending global indices, e.g.
     * episode starts) a share ends only at one of them (or a segment's end).
     */
    public static List<List<Segment>> split(List<Segment> segments, int worldSize, long window, long[] cuts) {
        Deque<Segment> units = new ArrayDeque<>();
        for (Segment s : segments) {
            if (s.skip() > 0) {
                long headEnd = Math.min(s.start() + window, s.end());
                units.add(new Segment(s.start(), headEnd, s.skip()));
                if (headEnd < s.end()) {
                    units.add(new Segment(headEnd, s.end(), 0));
                }
            } else if (s.count() > 0) {
                units.add(s);
            }
        }
        long remaining = units.stream().mapToLong(Segment::count).sum();
        List<List<Segment>> out = new ArrayList<>();
        for (int r = 0; r < worldSize; r++) {
            List<Segment> share = new ArrayList<>();
            int ranksLeft = worldSize - r;
            long need = ranksLeft == 1 ? Long.MAX_VALUE : (remaining + ranksLeft - 1) / ranksLeft;
            while (need > 0 && !units.isEmpty()) {
                Segment u = units.poll();
                if (u.skip() > 0 && u.count() > need && 2 * need < u.count() && !share.isEmpty()) {
                    units.push(u); // a partial window that would overshoot by more than half goes to the next rank
                    break;
                }
                if (u.skip() > 0 || u.count() <= need) {
                    share.add(u);
                    need -= u.count();
                    remaining -= u.count();
                    continue;
                }
                long cut = u.start() + need;
                if (cuts != null) {
                    int i = Arrays.binarySearch(cuts, cut);
                    int at = i >= 0 ? i : -i - 1;
                    cut = at < cuts.length && cuts[at] < u.end() ? cuts[at] : u.end();
                }
                share.add(new Segment(u.start(), cut, 0));
                remaining -= cut - u.start();
                if (cut < u.end()) {
                    units.push(new Segment(cut, u.end(), 0));
                }
                need = 0;
            }
            out.add(share);
        }
        return out;
    }

    /** What is left of {@code segments} after {@code delivered} samples were emitted from them. */
    public static List<Segment> advance(List<Segment> segments, long delivered, long window) {
        List<Segment> out = new ArrayList<>();
        long left = delivered;
        for (Segment s : segments) {
            if (left >= s.count()) {
                left -= s.count();
                continue;
            }
            if (left == 0) {
                out.add(s);
                continue;
            }
            long emitted = s.skip() + left; // emissions since the segment's start, skipped ones included
            long windowStart = s.start() + emitted / window * window;
            out.add(new Segment(windowStart, s.end(), emitted % window));
            left = 0;
        }
        return out;
    }

    /** The order in which a window of {@code length} samples starting at {@code start} emits them. */
    public static int[] permutation(long seed, int epoch, long version, long start, int length, boolean shuffle) {
        int[] p = new int[length];
        for (int i = 0; i < length; i++) {
            p[i] = i;
        }
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(mix(seed, epoch, version, start, length));
            for (int i = length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
        }
        return p;
    }

    /** A 64-bit mix of several values (SplitMix64 steps). */
    public static long mix(long... values) {
        long h = 0x9E3779B97F4A7C15L;
        for (long v : values) {
            h ^= v;
            h += 0x9E3779B97F4A7C15L;
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
        }
        return h;
    }

    /** A fingerprint of a list of segments (the generation of the ranks that share it). */
    public static long fingerprint(List<Segment> segments) {
        long h = segments.size();
        for (Segment s : segments) {
            h = mix(h, s.start(), s.end(), s.skip());
        }
        return h;
    }
}
