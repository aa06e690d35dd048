package io.deltacat.server.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.model.MergeKeys;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.ColumnStatsCollector;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.MergeIndex;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.SchemaAdapter;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.WrittenFile;
import io.deltacat.server.internal.catalog.Compactions.CompactedFile;
import io.deltacat.server.internal.catalog.Compactions.CompactionInput;
import io.deltacat.server.internal.catalog.Model.PlannedFile;
import io.deltacat.server.internal.store.StoredJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rewrites a table's live files into compacted files with the table's format (files of up to
 * {@link #TARGET_FILE_BYTES}), streaming. A table without merge keys is copied file by file, in read
 * order. A table with merge keys is reconciled exactly as the client's merge-on-read does: a
 * {@link MergeIndex} over the key columns decides the live row of each key (deletes applied), then
 * only those rows are copied, so reads before and after return the same rows.
 */
public final class Compactor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Compactor.class);
    static final long TARGET_FILE_BYTES = 128L << 20;
    private static final int BATCH_ROWS = 8192;

    /** Told after each input file is copied (a job reports progress and keeps its lease). */
    @FunctionalInterface
    public interface Progress {
        void fileDone(int done, int total, PlannedFile file) throws Exception;
    }

    /** The files written and the rows they hold. */
    public record Result(List<CompactedFile> files, long rows) {
    }

    private final java.util.function.Function<String, Storage> storages;

    /** @param storages the storage of a data file or folder (its root's) */
    public Compactor(java.util.function.Function<String, Storage> storages) {
        this.storages = storages;
    }

    /**
     * Whether compacting {@code in} would change anything: some file was written since the last
     * compaction (a lone one only on a table with merge keys, where it may hold duplicates or be a
     * delete), or at least two files a compaction wrote are small enough to be merged.
     */
    public static boolean worthCompacting(CompactionInput in) {
        List<PlannedFile> files = in.files();
        if (files.isEmpty()) {
            return false;
        }
        if (files.size() == 1) {
            return !MergeKeys.of(in.schema()).isEmpty() && !files.get(0).deltaType().equals("compacted");
        }
        int small = 0;
        for (PlannedFile f : files) {
            if (!f.deltaType().equals("compacted")) {
                return true;
            }
            if (f.sizeBytes() < in.keepBytes()) {
                small++;
            }
        }
        return small >= 2;
    }

    /**
     * Compaction on write ({@code read_optimization_level = max}): after a write to {@code table}
     * committed, compacts the table and commits that as a {@code compacted} delta covering exactly the
     * positions read, so a commit made meanwhile stays visible. When another compaction or a replace
     * already covered them, its result stands and the files written here are deleted. A failure
     * leaves the write committed (reads merge on read) and is logged, never thrown.
     */
    void afterWrite(Tables tables, Compactions compactions, String namespace, String table, String writeId) {
        try {
            if (!WriteModes.compactsOnWrite(tables.getTable(namespace, table).properties())) {
                return;
            }
            CompactionInput in = compactions.compactionInput(namespace, table);
            if (!worthCompacting(in)) {
                return;
            }
            String prefix = in.dataPrefix() + "compacted-w-" + writeId + "/";
            Result out = compact(in, prefix, null);
            try {
                compactions.commitCompaction(in, out.files());
            } catch (io.deltacat.api.error.ConflictException e) {
                storages.apply(prefix).deletePrefix(prefix);
                LOG.info("compaction on write of {}.{} not needed: {}", namespace, table, e.getMessage());
            }
        } catch (Exception e) {
            LOG.warn("compaction on write of {}.{} failed; the write is committed and reads merge on read",
                    namespace, table, e);
        }
    }

    /**
     * Compacts {@code in} into new files under {@code prefix} (a directory URI ending in '/'). Files of
     * at least {@link CompactionInput#keepBytes()} in the table's format are kept as they are (on a
     * table with merge keys only when every row of theirs is live); the others are rewritten, the
     * files of each partition into files of their own that keep its partition values. The result lists
     * the kept files too.
     */
    public Result compact(CompactionInput in, String prefix, Progress progress) throws Exception {
        FormatProvider provider = Formats.require(in.format());
        Storage storage = storages.apply(prefix);
        String extension = provider.extensions().iterator().next();
        List<String> keys = MergeKeys.of(in.schema());
        List<String> columns = in.schema().getFields().stream().map(Field::getName).toList();
        List<PlannedFile> files = in.files();
        List<CompactedFile> written = new ArrayList<>();
        long rows = 0;
        try (BufferAllocator allocator = new RootAllocator()) {
            MergeIndex index = null;
            if (!keys.isEmpty()) {
                boolean[] deletes = new boolean[files.size()];
                for (int i = 0; i < deletes.length; i++) {
                    deletes[i] = files.get(i).deltaType().equals("delete");
                }
                index = MergeIndex.build(deletes, keys, i -> open(files.get(i), keys, in, allocator));
            }
            // the files to rewrite, by partition (in read order within each)
            Map<String, List<Integer>> groups = new LinkedHashMap<>();
            for (int f = 0; f < files.size(); f++) {
                PlannedFile file = files.get(f);
                if (keep(file, f, index, in)) {
                    written.add(new CompactedFile(file.uri(), file.rowCount(), file.sizeBytes(), file.columns(),
                            file.partitionValues(), file.schemaVersion(), true));
                } else if (index == null || index.hasLiveRows(f)) {
                    groups.computeIfAbsent(partitionKey(file), k -> new ArrayList<>()).add(f);
                }
            }
            int total = groups.values().stream().mapToInt(List::size).sum();
            int done = 0;
            int[] part = {0};
            for (List<Integer> group : groups.values()) {
                JsonNode partition = files.get(group.get(0)).partitionValues();
                FormatWriter writer = null;
                ColumnStatsCollector stats = null;
                String uri = null;
                try {
                    for (int f : group) {
                        PlannedFile file = files.get(f);
                        try (FormatReader reader = open(file, columns, in, allocator)) {
                            long offset = 0;
                            while (reader.next()) {
                                VectorSchemaRoot batch = reader.batch();
                                int n = batch.getRowCount();
                                if (n == 0) {
                                    continue;
                                }
                                VectorSchemaRoot out = batch;
                                VectorSchemaRoot taken = null;
                                if (index != null) {
                                    int[] live = index.select(f, offset, n);
                                    offset += n;
                                    if (live.length == 0) {
                                        continue;
                                    }
                                    if (live.length < n) {
                                        taken = Batches.take(batch, columns, live, allocator);
                                        out = taken;
                                    }
                                }
                                try {
                                    if (writer == null) {
                                        uri = prefix + String.format("part-%05d.%s", part[0]++, extension);
                                        writer = provider.openWriter(storage.outputFile(uri), in.schema(), Map.of(),
                                                allocator);
                                        stats = new ColumnStatsCollector();
                                    }
                                    writer.write(out);
                                    stats.add(out);
                                    rows += out.getRowCount();
                                } finally {
                                    if (taken != null) {
                                        taken.close();
                                    }
                                }
                                if (writer.estimatedSize() >= TARGET_FILE_BYTES) {
                                    written.add(finish(writer, uri, stats, partition));
                                    writer.close();
                                    writer = null;
                                }
                            }
                        }
                        if (progress != null) {
                            progress.fileDone(++done, total, file);
                        }
                    }
                    if (writer != null) {
                        written.add(finish(writer, uri, stats, partition));
                    }
                } finally {
                    if (writer != null) {
                        writer.close();
                    }
                }
            }
        }
        return new Result(written, rows);
    }

    /**
     * Whether {@code file} stays as it is: big enough, of the table's format, not a delete, and on a
     * table with merge keys holding only live rows (so no other file holds one of its keys).
     */
    private static boolean keep(PlannedFile file, int f, MergeIndex index, CompactionInput in) {
        if (file.sizeBytes() < in.keepBytes() || !file.format().equals(in.format())
                || file.deltaType().equals("delete")) {
            return false;
        }
        if (index == null) {
            return true;
        }
        return file.rowCount() <= Integer.MAX_VALUE
                && index.select(f, 0, (int) file.rowCount()).length == file.rowCount();
    }

    private static String partitionKey(PlannedFile f) {
        return f.partitionValues() == null || f.partitionValues().isNull() ? "" : f.partitionValues().toString();
    }

    /**
     * Every row of {@code f} in file order (no filter), as {@code columns} of the table's current
     * schema: a file of an older schema version is read by field id and adapted (renamed columns
     * found, widened ones cast, added ones null or default), as the client's reads do.
     */
    private FormatReader open(PlannedFile f, List<String> columns, CompactionInput in, BufferAllocator allocator) {
        Schema target = Batches.project(in.schema(), columns);
        Schema fileSchema = in.fileSchemas().get(f.schemaVersion());
        SchemaAdapter adapter = SchemaAdapter.of(target, fileSchema, StoredJson::parseScalar);
        // text formats are typed by the expected schema: the table's, or the file's for an adapted read
        ReadRequest request = adapter.identity()
                ? new ReadRequest(columns, Optional.empty(), BATCH_ROWS, Optional.of(target))
                : adapter.readRequest(BATCH_ROWS);
        FormatReader reader = Formats.require(f.format()).openReader(storages.apply(f.uri())
                .inputFile(f.uri()), request, allocator);
        return adapter.reader(reader, allocator);
    }

    private CompactedFile finish(FormatWriter writer, String uri, ColumnStatsCollector stats, JsonNode partition) {
        WrittenFile w = writer.finish();
        return new CompactedFile(uri, w.rowCount(), w.sizeBytes(), StoredJson.columnStats(stats.result()),
                partition, 0, false);
    }
}
