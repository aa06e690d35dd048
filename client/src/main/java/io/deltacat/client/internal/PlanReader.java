package io.deltacat.client.internal;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.options.ReadOptions;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.MergeIndex;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storages;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Executes a read plan as a streaming {@link ArrowReader}: files are read straight from storage by up
 * to {@code parallelism} threads, each handing filtered, projected batches through a small bounded
 * queue; batches come out in plan order (or, with {@code ordered(false)}, as soon as they are ready). Memory stays bounded by batch size x queue depth x
 * parallelism, whatever the table size.
 *
 * <p>A plan of a table with merge keys is read merge-on-read (unless it holds only one compaction's
 * files, whose keys are unique): {@link MergeOnRead} first indexes the key columns (pass 1), then
 * only files with live rows are streamed and only their live rows kept; the filter is applied after
 * that reconciliation (to the final version of each row), never pushed into the format reader (whose
 * row positions must match the index).
 */
final class PlanReader extends ArrowReader {
    private static final int QUEUE_DEPTH = 2;
    private static final Set<String> READABLE_DELTAS = Set.of("append", "add", "compacted", "replace", "upsert",
            "delete");

    private final BufferAllocator allocator;
    private final ExecutorService threads;
    private final List<DataFile> files;
    private final Map<Integer, Schema> fileSchemas;
    private final Schema outSchema;
    private final List<String> outColumns;
    private final List<String> readColumns;
    private final Schema readSchema;
    private final Optional<Predicate> filter;
    private final int batchSize;
    private final int parallelism;
    private final List<FileTask> tasks = new ArrayList<>();
    private long remaining;
    private int current;
    private final boolean ordered;
    /** Unordered reads: files finished so far. */
    private int finished;
    private long bytesRead;
    private volatile boolean cancelled;
    /** Merge-on-read: the live rows of each plan file; null for a table without merge keys. */
    private final MergeIndex merge;

    /** Marks the end of a file's batches, or carries its failure. */
    private static final class Item {
        final VectorSchemaRoot batch;
        final Throwable failure;
        final boolean end;
        final DataFile file;

        Item(VectorSchemaRoot batch, Throwable failure, boolean end, DataFile file) {
            this.batch = batch;
            this.failure = failure;
            this.end = end;
            this.file = file;
        }
    }

    private final class FileTask implements Runnable {
        final DataFile file;
        /** The file's index in the plan. */
        final int index;
        final BlockingQueue<Item> queue;
        Future<?> future;

        FileTask(DataFile file, int index, BlockingQueue<Item> queue) {
            this.file = file;
            this.index = index;
            this.queue = queue;
        }

        @Override
        public void run() {
            try {
                FormatProvider provider = Formats.require(file.format());
                // a file written under an older schema is read by field id and adapted batch by batch
                FileSchemaAdapter adapter = FileSchemaAdapter.of(readSchema, fileSchemas.get(file.schemaVersion()));
                // text formats cannot hold exact types: they read with the table's schema (or the file's);
                // the advisory filter names the table's columns, so only an unadapted file gets it, and
                // never under merge-on-read (a filtered-out newer row must still hide an older one)
                ReadRequest request = adapter.identity()
                        ? new ReadRequest(readColumns, merge == null ? filter : Optional.empty(), batchSize,
                                Optional.of(readSchema))
                        : new ReadRequest(adapter.fileColumns(), Optional.empty(), batchSize,
                                Optional.of(adapter.fileReadSchema()));
                long offset = 0;
                try (FormatReader reader = provider.openReader(
                        Storages.forUri(file.uri(), Map.of()).inputFile(file.uri()), request, allocator)) {
                    while (!cancelled && reader.next()) {
                        VectorSchemaRoot raw = reader.batch();
                        VectorSchemaRoot batch = adapter.identity() ? raw : adapter.adapt(raw, allocator);
                        try {
                            int[] rows;
                            if (merge == null) {
                                rows = filter.isPresent() ? Batches.select(batch, filter.get()) : all(batch);
                            } else {
                                rows = merge.select(index, offset, batch.getRowCount());
                                offset += batch.getRowCount();
                                if (filter.isPresent() && rows.length > 0) {
                                    rows = intersect(rows, Batches.select(batch, filter.get()));
                                }
                            }
                            if (rows.length == 0) {
                                continue;
                            }
                            put(new Item(Batches.take(batch, outColumns, rows, allocator), null, false, file));
                        } finally {
                            if (batch != raw) {
                                batch.close();
                            }
                        }
                    }
                }
                put(new Item(null, null, true, file));
            } catch (Throwable t) {
                put(new Item(null, t, true, file));
            }
        }

        private void put(Item item) {
            try {
                while (!cancelled) {
                    if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (item.batch != null) {
                item.batch.close();
            }
        }
    }

    PlanReader(BufferAllocator parent, ExecutorService threads, ReadPlan plan, ReadOptions options,
               int parallelism) {
        super(parent.newChildAllocator("deltacat-read", 0, Long.MAX_VALUE));
        this.allocator = super.allocator;
        this.threads = threads;
        this.files = plan.files();
        // a plan of only compacted files (one compaction's output) has unique keys already
        boolean merging = !plan.mergeKeys().isEmpty()
                && !files.stream().allMatch(f -> f.deltaType().equals("compacted"));
        this.fileSchemas = plan.fileSchemas();
        for (DataFile f : files) {
            if (!READABLE_DELTAS.contains(f.deltaType()) || (!merging && f.deltaType().equals("delete"))) {
                allocator.close();
                throw new UnsupportedFeatureException("the read plan has a '" + f.deltaType()
                        + "' delta, which this client version cannot apply"
                        + (f.deltaType().equals("delete") ? " to a table without merge keys" : ""));
            }
        }
        try {
            this.merge = merging ? MergeOnRead.index(plan, allocator) : null;
        } catch (RuntimeException | Error e) {
            allocator.close();
            throw e;
        }
        Schema tableSchema = plan.schema();
        this.outColumns = options.columns().isEmpty() ? names(tableSchema) : options.columns();
        // batches carry plain Arrow: the catalog's field metadata stays on the table schema
        this.outSchema = FileSchemaAdapter.plain(Batches.project(tableSchema, outColumns));
        this.filter = options.filter().map(p -> p.bind(tableSchema));
        Set<String> read = new LinkedHashSet<>(outColumns);
        filter.ifPresent(p -> read.addAll(p.columns()));
        this.readColumns = List.copyOf(read);
        this.readSchema = Batches.project(tableSchema, readColumns);
        this.batchSize = options.batchSize();
        this.parallelism = parallelism;
        this.remaining = options.limit().orElse(Long.MAX_VALUE);
        this.ordered = options.ordered();
        // unordered: one queue shared by every file, batches handed out as they are ready
        BlockingQueue<Item> shared = ordered ? null
                : new ArrayBlockingQueue<>(Math.max(1, parallelism) * (QUEUE_DEPTH + 1));
        for (int i = 0; i < files.size(); i++) {
            if (merge == null || merge.hasLiveRows(i)) {
                tasks.add(new FileTask(files.get(i), i, ordered ? new ArrayBlockingQueue<>(QUEUE_DEPTH + 1) : shared));
            }
        }
    }

    private static List<String> names(Schema schema) {
        List<String> out = new ArrayList<>();
        for (Field f : schema.getFields()) {
            out.add(f.getName());
        }
        return out;
    }

    private static int[] all(VectorSchemaRoot batch) {
        int[] rows = new int[batch.getRowCount()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** The rows in both ascending arrays. */
    private static int[] intersect(int[] a, int[] b) {
        int[] out = new int[Math.min(a.length, b.length)];
        int n = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] == b[j]) {
                out[n++] = a[i];
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private void startUpTo(int index) {
        for (int i = 0; i <= index && i < tasks.size(); i++) {
            FileTask t = tasks.get(i);
            if (t.future == null) {
                t.future = threads.submit(t);
            }
        }
    }

    @Override
    public boolean loadNextBatch() {
        VectorSchemaRoot root;
        try {
            root = getVectorSchemaRoot();
        } catch (java.io.IOException e) {
            throw new StorageException("read failed: " + e.getMessage(), e);
        }
        while (remaining > 0 && (ordered ? current < tasks.size() : finished < tasks.size())) {
            // ordered: the files from the current one on; unordered: as many running as finished + parallelism
            startUpTo((ordered ? current : finished) + parallelism - 1);
            BlockingQueue<Item> queue = ordered ? tasks.get(current).queue : tasks.get(0).queue;
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("read interrupted", e);
            }
            if (item.failure != null) {
                throw wrap(item.file, item.failure);
            }
            if (item.end) {
                current++;
                finished++;
                continue;
            }
            try (VectorSchemaRoot batch = item.batch) {
                for (int i = 0; i < outColumns.size(); i++) {
                    batch.getVector(i).makeTransferPair(root.getVector(i)).transfer();
                }
                int rows = (int) Math.min(batch.getRowCount(), remaining);
                root.setRowCount(rows);
                remaining -= rows;
                bytesRead += item.file.sizeBytes() > 0 && item.file.rowCount() > 0
                        ? item.file.sizeBytes() * rows / item.file.rowCount() : 0;
                return true;
            }
        }
        root.setRowCount(0);
        return false;
    }

    private static RuntimeException wrap(DataFile file, Throwable t) {
        if (t instanceof DeltacatException) {
            return (DeltacatException) t;
        }
        return new StorageException(file.format() + ": read " + file.uri() + " failed: " + t, t);
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    protected void closeReadSource() {
        cancelled = true;
        for (FileTask t : tasks) {
            if (t.future == null) {
                continue;
            }
            // drain until the producer has stopped, closing whatever it had queued
            while (true) {
                drain(t);
                try {
                    t.future.get(20, TimeUnit.MILLISECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    break;
                }
            }
            drain(t);
        }
        allocator.close();
    }

    private static void drain(FileTask t) {
        Item item;
        while ((item = t.queue.poll()) != null) {
            if (item.batch != null) {
                item.batch.close();
            }
        }
    }

    @Override
    protected Schema readSchema() {
        return outSchema;
    }
}
