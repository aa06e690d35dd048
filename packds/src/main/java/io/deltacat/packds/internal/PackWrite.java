package io.deltacat.packds.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.model.WriteMode;
import io.deltacat.io.spi.ArrowValues;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.ColumnStatsCollector;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.LayoutResult;
import io.deltacat.io.spi.LayoutResult.StagedFile;
import io.deltacat.io.spi.LayoutWrite;
import io.deltacat.io.spi.WrittenFile;
import io.deltacat.packds.EpisodeEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One PackDS write. Upserts (every mode but {@code DELETE}) group the input by episode; an episode
 * the table already has is read back (random access, through the episode index) and merged with the
 * input by merge key, the newer row winning; the changed and new episodes are packed, in episode-key
 * order, into new shards of about the target size (an episode is never split), and the old copies of
 * changed episodes become deleted rows of their old shards. Deletes mark the deleted rows in the
 * manifest and stage the keys as a delete file (so plain catalog reads agree). Either way no existing
 * shard is rewritten: a write costs the bytes of the episodes it changes, plus the manifest.
 *
 * <p>The input is held in memory while it is packed (a write of many gigabytes is better split into
 * several appends of whole episodes).
 */
final class PackWrite {
    /** Rows gathered before they are handed to the format writer. */
    private static final int FLUSH_ROWS = 16_384;

    private final LayoutWrite w;
    private final BufferAllocator allocator;
    private final FormatProvider provider;
    private final List<String> columns;
    private final String extension;
    private final String prefix = UUID.randomUUID().toString().substring(0, 8);
    private final List<StagedFile> staged = new ArrayList<>();

    PackWrite(LayoutWrite w) {
        this.w = w;
        this.allocator = w.allocator();
        this.provider = w.format();
        this.columns = w.schema().getFields().stream().map(Field::getName).toList();
        this.extension = provider.extensions().iterator().next();
    }

    LayoutResult run() {
        Settings settings = w.mode() == WriteMode.DELETE ? null : Settings.of(w.schema(), w.mergeKeys(),
                w.tableProperties());
        String episodeKey = w.tableProperties().getOrDefault(Settings.EPISODE_KEY,
                w.mergeKeys().isEmpty() ? null : w.mergeKeys().get(0));
        ManifestState state;
        if (w.baseSidecarUri() != null && w.mode() != WriteMode.REPLACE) {
            state = ManifestState.of(ManifestState.read(w.storage(), w.baseSidecarUri(), w.baseSnapshot()),
                    w.baseSnapshot());
        } else {
            state = new ManifestState(w.namespace(), w.table(), w.baseSnapshot(), provider.name(),
                    episodeKey, w.tableProperties().get(Settings.ORDER_KEY));
        }
        if (w.mode() == WriteMode.DELETE && !new HashSet<>(columns).equals(new HashSet<>(w.mergeKeys()))) {
            throw new InvalidRequestException("a packds delete carries exactly the merge-key columns " + w.mergeKeys()
                    + "; got " + columns);
        }
        List<VectorSchemaRoot> input = new ArrayList<>();
        try {
            VectorSchemaRoot batch;
            while ((batch = w.input().get()) != null) {
                if (batch.getRowCount() > 0) {
                    input.add(Batches.copy(batch, columns, IntStream.range(0, batch.getRowCount()).toArray(), allocator));
                }
            }
            if (w.mode() == WriteMode.DELETE) {
                if (state.episodeKey == null || !columns.contains(state.episodeKey)) {
                    throw new InvalidRequestException("a packds delete carries the merge-key columns, episode key '"
                            + state.episodeKey + "' among them; got " + columns);
                }
                return delete(state, input);
            }
            return upsert(state, settings, input);
        } finally {
            input.forEach(VectorSchemaRoot::close);
        }
    }

    /** A row of one of several batches. */
    private record Ref(VectorSchemaRoot batch, int row) {
    }

    private static Object episodeOf(VectorSchemaRoot batch, String column, int row) {
        Object key = ArrowValues.canonical(batch.getVector(column), row);
        if (key == null) {
            throw new InvalidRequestException("packds episode key '" + column + "' is null in a row of the input");
        }
        return key;
    }

    private static List<Object> tuple(VectorSchemaRoot batch, List<String> keys, int row) {
        List<Object> t = new ArrayList<>(keys.size());
        for (String k : keys) {
            t.add(ArrowValues.canonical(batch.getVector(k), row));
        }
        return t;
    }

    private LayoutResult upsert(ManifestState state, Settings settings, List<VectorSchemaRoot> input) {
        Map<Object, List<Ref>> byEpisode = new LinkedHashMap<>();
        for (VectorSchemaRoot b : input) {
            for (int i = 0; i < b.getRowCount(); i++) {
                byEpisode.computeIfAbsent(episodeOf(b, settings.episodeKey(), i), k -> new ArrayList<>()).add(new Ref(b, i));
            }
        }
        if (byEpisode.isEmpty()) {
            return new LayoutResult(List.of(), null);
        }
        List<ShardRows.Read> old = new ArrayList<>();
        try {
            Map<Object, List<Ref>> episodes = new HashMap<>();
            for (Map.Entry<Object, List<Ref>> e : byEpisode.entrySet()) {
                LinkedHashMap<List<Object>, Ref> rows = new LinkedHashMap<>();
                EpisodeEntry current = state.episodes.get(e.getKey());
                if (current != null) {
                    ShardRows.Read read = ShardRows.read(provider, w.storage(), current.shard(), columns,
                            current.offset(), current.offset() + current.rows(), state.shards.get(current.shard()).deleted,
                            allocator);
                    old.add(read);
                    for (int i = 0; i < read.rows().getRowCount(); i++) {
                        rows.put(tuple(read.rows(), settings.mergeKeys(), i), new Ref(read.rows(), i));
                    }
                }
                for (Ref r : e.getValue()) {
                    rows.put(tuple(r.batch(), settings.mergeKeys(), r.row()), r); // a later row of a key wins
                }
                List<Ref> ordered = new ArrayList<>(rows.values());
                if (settings.orderKey() != null) {
                    ordered.sort((a, b) -> Keys.compareTuples(
                            tuple(a.batch(), List.of(settings.orderKey()), a.row()),
                            tuple(b.batch(), List.of(settings.orderKey()), b.row())));
                }
                episodes.put(e.getKey(), ordered);
            }
            List<Object> order = new ArrayList<>(episodes.keySet());
            order.sort(Keys.ORDER);
            order.forEach(state::dropEpisode); // their old copies become deleted rows of the old shards
            pack(state, settings, order, episodes);
        } finally {
            old.forEach(ShardRows.Read::close);
        }
        return finish(state);
    }

    /** Packs episodes (in {@code order}) into new shards of about the target size. */
    private void pack(ManifestState state, Settings settings, List<Object> order, Map<Object, List<Ref>> episodes) {
        Map<String, String> options = new HashMap<>(w.formatOptions());
        // rows reach the writer about every half row group, at episode ends: Parquet closes row groups
        // there, so an episode read skips every row group before it
        long flushBytes = 8L << 20;
        if (provider.name().equals("parquet")) {
            long rowGroup = Math.max(16L << 10, Math.min(8L << 20, settings.targetShardBytes() / 16));
            options.putIfAbsent("row_group_size", Long.toString(rowGroup));
            // pages well below the row group, so the writer sees the row group's size as it grows
            options.putIfAbsent("page_size", Long.toString(Math.max(4L << 10, rowGroup / 4)));
            flushBytes = Long.parseLong(options.get("row_group_size")) / 2;
        }
        int index = 0;
        int next = 0;
        while (next < order.size()) {
            String name = String.format("shard-%s-%05d.%s", prefix, index++, extension);
            String uri = w.stagingUri() + name;
            List<Object[]> placed = new ArrayList<>(); // key, offset, rows
            long rows = 0;
            WrittenFile file;
            ColumnStatsCollector stats = new ColumnStatsCollector();
            try (FormatWriter writer = provider.openWriter(w.storage().outputFile(uri), w.schema(), options, allocator);
                 RowSink sink = new RowSink(w.schema(), allocator)) {
                while (next < order.size()) {
                    Object key = order.get(next++);
                    List<Ref> refs = episodes.get(key);
                    for (Ref r : refs) {
                        sink.append(r.batch(), r.row());
                        if (sink.rows() >= FLUSH_ROWS) {
                            flush(sink, writer, stats);
                        }
                    }
                    placed.add(new Object[] {key, rows, (long) refs.size()});
                    rows += refs.size();
                    sink.seal();
                    if (sink.bytes() >= flushBytes) {
                        flush(sink, writer, stats);
                    }
                    sink.seal();
                    if (writer.estimatedSize() + sink.bytes() >= settings.targetShardBytes()) {
                        break;
                    }
                }
                flush(sink, writer, stats);
                file = writer.finish();
            }
            staged.add(new StagedFile(name, file, stats.result()));
            String sha = Checksums.sha256(w.storage(), uri);
            state.shards.put(uri, new ManifestState.ShardState(uri, rows, file.sizeBytes(), sha,
                    provider.name().equals("lance") ? 1L : null));
            for (Object[] p : placed) {
                long n = (Long) p[2];
                long bytes = rows == 0 ? 0 : Math.round((double) file.sizeBytes() * n / rows);
                state.episodes.put(p[0], new EpisodeEntry(p[0], uri, (Long) p[1], n, n, bytes));
            }
        }
    }

    private static void flush(RowSink sink, FormatWriter writer, ColumnStatsCollector stats) {
        if (sink.rows() == 0) {
            return;
        }
        VectorSchemaRoot batch = sink.seal();
        writer.write(batch);
        stats.add(batch);
        sink.reset();
    }

    private LayoutResult delete(ManifestState state, List<VectorSchemaRoot> input) {
        List<String> keys = columns;
        Map<Object, Set<List<Object>>> byEpisode = new LinkedHashMap<>();
        for (VectorSchemaRoot b : input) {
            for (int i = 0; i < b.getRowCount(); i++) {
                byEpisode.computeIfAbsent(episodeOf(b, state.episodeKey, i), k -> new HashSet<>())
                        .add(tuple(b, keys, i));
            }
        }
        long matched = 0;
        for (Map.Entry<Object, Set<List<Object>>> e : byEpisode.entrySet()) {
            EpisodeEntry current = state.episodes.get(e.getKey());
            if (current == null) {
                continue;
            }
            try (ShardRows.Read read = ShardRows.read(provider, w.storage(), current.shard(), keys, current.offset(),
                    current.offset() + current.rows(), state.shards.get(current.shard()).deleted, allocator)) {
                for (int i = 0; i < read.rows().getRowCount(); i++) {
                    if (e.getValue().contains(tuple(read.rows(), keys, i))) {
                        state.deleteRow(e.getKey(), read.positions()[i]);
                        matched++;
                    }
                }
            }
        }
        if (matched == 0) {
            return new LayoutResult(List.of(), null);
        }
        String name = String.format("delete-%s.%s", prefix, extension);
        ColumnStatsCollector stats = new ColumnStatsCollector();
        WrittenFile file;
        try (FormatWriter writer = provider.openWriter(w.storage().outputFile(w.stagingUri() + name), w.schema(),
                w.formatOptions(), allocator)) {
            for (VectorSchemaRoot b : input) {
                writer.write(b);
                stats.add(b);
            }
            file = writer.finish();
        }
        staged.add(new StagedFile(name, file, stats.result()));
        return finish(state);
    }

    private LayoutResult finish(ManifestState state) {
        String uri = w.stagingUri() + PackdsLayoutProvider.MANIFEST_NAME;
        ManifestState.write(w.storage(), uri, state.toManifest(0, uri));
        return new LayoutResult(staged, PackdsLayoutProvider.MANIFEST_NAME);
    }
}
