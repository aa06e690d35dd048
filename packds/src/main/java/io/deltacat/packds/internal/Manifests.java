package io.deltacat.packds.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.Storage;
import io.deltacat.packds.EpisodeEntry;
import io.deltacat.packds.EpisodeRows;
import io.deltacat.packds.InvalidResumeTokenException;
import io.deltacat.packds.LoaderOptions;
import io.deltacat.packds.RowRange;
import io.deltacat.packds.Shard;
import io.deltacat.packds.ShardManifest;
import io.deltacat.packds.internal.LoaderPlan.Segment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;

/** What {@link io.deltacat.packds.PackDS} needs of the internals: manifests, episode reads, loader start states. */
public final class Manifests {
    private Manifests() {
    }

    /** The manifest at {@code uri}, describing table version {@code version}. */
    public static ShardManifest read(Storage storage, String uri, long version) {
        return ManifestState.read(storage, uri, version);
    }

    /** Reads one episode's live rows by random access. */
    public static EpisodeRows readEpisode(FormatProvider provider, Storage storage, Shard shard, EpisodeEntry e,
                                          BufferAllocator allocator) {
        TreeMap<Long, Long> deleted = new TreeMap<>();
        for (RowRange r : shard.deleted()) {
            deleted.put(r.start(), r.end());
        }
        ShardRows.Read read = ShardRows.read(provider, storage, shard.uri(), List.of(), e.offset(),
                e.offset() + e.rows(), deleted, allocator);
        return new EpisodeRows(e, read.rows(), read.rowsRead());
    }

    /**
     * Checks that every token is of the loader's table (before anything of the table is read).
     *
     * @throws InvalidResumeTokenException naming the token's table
     */
    public static void checkTable(LoaderOptions o, List<ResumeToken> tokens) {
        for (ResumeToken t : tokens) {
            if (!t.namespace().equals(o.namespace()) || !t.table().equals(o.table())) {
                throw new InvalidResumeTokenException("the resume token is for table '" + t.namespace() + "."
                        + t.table() + "', not '" + o.namespace() + "." + o.table() + "'");
            }
        }
    }

    /**
     * The state a loader starts from: a fresh epoch's share of this rank, this rank's own token, or
     * this rank's share of what every rank of an interrupted run had left (elastic resume).
     *
     * @throws InvalidResumeTokenException when the tokens do not fit the loader or each other
     */
    public static ResumeToken startState(LoaderOptions o, ShardManifest m, LoaderPlan plan, List<ResumeToken> tokens) {
        int world = o.worldSize();
        long[] cuts = o.wholeEpisodes() ? plan.episodeStarts : null;
        if (tokens.isEmpty()) {
            int window = o.shuffle() ? o.shuffleBuffer() : Math.max(o.batchSize(), 4096);
            List<Segment> segments = plan.epochSegments(world, o.batchSize(), o.remainder());
            long generation = LoaderPlan.mix(LoaderPlan.fingerprint(segments), m.version(), o.epoch(), o.seed());
            List<Segment> mine = LoaderPlan.split(segments, world, window, cuts).get(o.rank());
            return new ResumeToken(o.namespace(), o.table(), m.version(), o.epoch(), o.seed(), o.shuffle(), window,
                    generation, world, o.rank(), mine);
        }
        ResumeToken first = tokens.get(0);
        checkTable(o, tokens);
        for (ResumeToken t : tokens) {
            if (t.version() != m.version()) {
                throw new InvalidResumeTokenException("the resume token pins table version " + t.version()
                        + ", but the loader reads version " + m.version());
            }
            if (t.epoch() != o.epoch() || t.seed() != o.seed() || t.shuffle() != o.shuffle()) {
                throw new InvalidResumeTokenException("the resume token is for epoch " + t.epoch() + ", seed "
                        + t.seed() + ", shuffle " + t.shuffle() + "; the loader asks for epoch " + o.epoch()
                        + ", seed " + o.seed() + ", shuffle " + o.shuffle());
            }
            if (t.generation() != first.generation() || t.window() != first.window()) {
                throw new InvalidResumeTokenException("the resume tokens come from different runs");
            }
        }
        if (tokens.size() == 1 && first.worldSize() == world && first.rank() == o.rank()) {
            return first;
        }
        Set<Integer> ranks = new HashSet<>();
        tokens.forEach(t -> ranks.add(t.rank()));
        if (tokens.size() != first.worldSize() || ranks.size() != first.worldSize()) {
            throw new InvalidResumeTokenException("resuming on another world size or rank needs the tokens of all "
                    + first.worldSize() + " ranks of the interrupted run, one each; got ranks " + ranks);
        }
        List<ResumeToken> byRank = new ArrayList<>(tokens);
        byRank.sort((a, b) -> Integer.compare(a.rank(), b.rank()));
        List<Segment> union = new ArrayList<>();
        byRank.forEach(t -> union.addAll(t.segments()));
        long generation = LoaderPlan.mix(LoaderPlan.fingerprint(union), first.generation());
        List<Segment> mine = LoaderPlan.split(union, world, first.window(), cuts).get(o.rank());
        return new ResumeToken(o.namespace(), o.table(), m.version(), o.epoch(), o.seed(), o.shuffle(),
                first.window(), generation, world, o.rank(), mine);
    }
}
