package io.deltacat.client.internal;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.options.ReadOptions;
import io.deltacat.io.spi.Batches;
import io.deltacat.io.spi.ColumnHelpers;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.MergeIndex;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.SchemaAdapter;
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
 * to {@code parallelism} threads, each handing filtered, projected batches to the consumer; a thread
 * that finishes a file starts the next one. In plan order (the default) every file has its own queue
 * in an {@link OrderedBuffer}: later files keep decoding ahead of the one being consumed until the
 * queued batches' Arrow buffers reach a byte budget ({@link #LOOKAHEAD_BYTES_PER_THREAD} per thread
 * beyond the first), so up to {@code parallelism} files decode at once while batches still come out
 * file by file. With {@code ordered(false)} batches come out as soon as they are ready, through one
 * small queue shared by every file. Memory stays bounded by the budget (ordered) or by batch size x
 * queue depth x parallelism (unordered), whatever the table size.
 *
 * <p>A plan of a table with merge keys is read merge-on-read (unless it holds only one compaction's
 * files, whose keys are unique): {@link MergeOnRead} first indexes the key columns (pass 1), then
 * only files with live rows are streamed and only their live rows kept; the filter is applied after
 * that reconciliation (to the final version of each row), never pushed into the format reader (whose
 * row positions must match the index).
 */
final class PlanReader extends ArrowReader {
    private static final int QUEUE_DEPTH = 2;
    /**
     * Plan-order look-ahead: Arrow bytes that files after the one being consumed may hold queued, per
     * read thread beyond the first. A file of the default target size decodes to a few hundred MiB of
     * Arrow; this lets the next file get a good part of it ahead (a few item slots let it stall almost
     * at once) while keeping a streaming read's memory far below a small heap.
     */
    static final long LOOKAHEAD_BYTES_PER_THREAD = 64L << 20;
    private static final Set<String> READABLE_DELTAS = Set.of("append", "add", "compacted", "replace", "upsert",
            "delete");

    private final BufferAllocator allocator;
    private final ExecutorService threads;
    private final List<DataFile> files;
    private final io.deltacat.io.spi.StorageAccess access;
    private final Map<Integer, Schema> fileSchemas;
    private final Schema outSchema;
    private final List<String> outColumns;
    private final List<String> readColumns;
    private final Schema readSchema;
    private final Optional<Predicate> filter;
    private final int batchSize;
    private final int parallelism;
    private final List<FileTask> tasks = new ArrayList<>();
    /** Plan order: the per-file queues; null for an unordered read. */
    private final OrderedBuffer<Item> buffer;
    /** Unordered: the queue shared by every file; null for a plan-order read. */
    private final BlockingQueue<Item> shared;
    /** Guards starting producers ({@link #next}, {@link #running}) against close. */
    private final Object starting = new Object();
    /** The next task to start. */
    private int next;
    /** Producers started and not yet returned. */
    private int running;
    private long remaining;
    private int current;
    private final boolean ordered;
    /** Unordered reads: files finished so far. */
    private int finished;
    private long bytesRead;
    private volatile boolean cancelled;
    /** Merge-on-read: the live rows of each plan file; null for a table without merge keys. */
    private final MergeIndex merge;
    /**
     * Buffers of batches the consumer is done with, handed back to the producers' readers (whose
     * vectors a transfer emptied) instead of each batch allocating fresh memory: a fresh buffer is
     * zeroed and faulted in page by page, which cost a read about a tenth of its time. They hold at
     * most {@link #spareLimit} bytes (the look-ahead budget, or two batches), so that a file read
     * ahead finds the buffers of the batches consumed meanwhile.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<VectorSchemaRoot> spares =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicLong spareBytes = new java.util.concurrent.atomic.AtomicLong();
    private final long spareLimit;

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
        /** The task's position among the files read (its queue in the ordered buffer). */
        final int slot;
        Future<?> future;

        FileTask(DataFile file, int index, int slot) {
            this.file = file;
            this.index = index;
            this.slot = slot;
        }

        @Override
        public void run() {
            try {
                produce();
            } finally {
                ColumnHelpers.allow(true);
                producerDone();
            }
        }

        private void produce() {
            try {
                FormatProvider provider = Formats.require(file.format());
                // a file written under an older schema is read by field id and adapted batch by batch
                SchemaAdapter adapter = SchemaAdapter.of(readSchema, fileSchemas.get(file.schemaVersion()),
                        JsonValues::parseScalar);
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
                        Storages.forUri(file.uri(), access).inputFile(file.uri()), request, allocator)) {
                    while (!cancelled) {
                        // a file read ahead of the one being consumed decodes on this thread alone
                        ColumnHelpers.allow(buffer == null || buffer.isHead(slot));
                        if (!reader.next()) {
                            break;
                        }
                        VectorSchemaRoot raw = reader.batch();
                        VectorSchemaRoot batch = adapter.identity() ? raw : adapter.adapt(raw, allocator);
                        try {
                            VectorSchemaRoot out;
                            if (merge == null && filter.isEmpty()) {
                                if (batch.getRowCount() == 0) {
                                    continue;
                                }
                                out = Batches.takeAll(batch, outColumns, allocator);
                            } else {
                                int[] rows;
                                if (merge == null) {
                                    rows = Batches.select(batch, filter.get());
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
                                out = Batches.take(batch, outColumns, rows, allocator);
                            }
                            put(new Item(out, null, false, file));
                            if (batch == raw) {
                                refill(raw);
                            }
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

        /** Gives the reader's emptied vectors the buffers of a batch the consumer is done with. */
        private void refill(VectorSchemaRoot target) {
            VectorSchemaRoot spare = spares.poll();
            if (spare == null) {
                return;
            }
            spareBytes.addAndGet(-bytes(spare));
            try (spare) {
                for (org.apache.arrow.vector.FieldVector v : target.getFieldVectors()) {
                    org.apache.arrow.vector.FieldVector s = spare.getVector(v.getName());
                    if (s != null && v.getValueCapacity() <= 0 && v.getChildrenFromFields().isEmpty()
                            && s.getMinorType() == v.getMinorType()
                            && s.getField().getType().equals(v.getField().getType()) && s.getValueCapacity() > 0) {
                        s.makeTransferPair(v).transfer();
                    }
                }
            }
        }

        private void put(Item item) {
            try {
                if (buffer != null) {
                    if (buffer.put(slot, item, item.batch == null ? 0 : bytes(item.batch), item.end)) {
                        return;
                    }
                } else {
                    while (!cancelled) {
                        if (shared.offer(item, 50, TimeUnit.MILLISECONDS)) {
                            return;
                        }
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

    /** @param access the storage access vended with the plan (none for local roots) */
    PlanReader(BufferAllocator parent, ExecutorService threads, ReadPlan plan, ReadOptions options,
               int parallelism, io.deltacat.io.spi.StorageAccess access) {
        super(parent.newChildAllocator("deltacat-read", 0, Long.MAX_VALUE));
        this.access = access;
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
            this.merge = merging ? MergeOnRead.index(plan, access, allocator) : null;
        } catch (RuntimeException | Error e) {
            allocator.close();
            throw e;
        }
        Schema tableSchema = plan.schema();
        this.outColumns = options.columns().isEmpty() ? names(tableSchema) : options.columns();
        // batches carry plain Arrow: the catalog's field metadata stays on the table schema
        this.outSchema = SchemaAdapter.plain(Batches.project(tableSchema, outColumns));
        this.filter = options.filter().map(p -> p.bind(tableSchema));
        Set<String> read = new LinkedHashSet<>(outColumns);
        filter.ifPresent(p -> read.addAll(p.columns()));
        this.readColumns = List.copyOf(read);
        this.readSchema = Batches.project(tableSchema, readColumns);
        this.batchSize = options.batchSize();
        this.parallelism = parallelism;
        this.remaining = options.limit().orElse(Long.MAX_VALUE);
        this.ordered = options.ordered();
        for (int i = 0; i < files.size(); i++) {
            if (merge == null || merge.hasLiveRows(i)) {
                tasks.add(new FileTask(files.get(i), i, tasks.size()));
            }
        }
        // unordered: one queue shared by every file, batches handed out as they are ready
        this.shared = ordered ? null : new ArrayBlockingQueue<>(Math.max(1, parallelism) * (QUEUE_DEPTH + 1));
        this.spareLimit = Math.max(1, parallelism - 1) * LOOKAHEAD_BYTES_PER_THREAD;
        this.buffer = ordered ? new OrderedBuffer<>(tasks.size(),
                Math.max(1, parallelism - 1) * LOOKAHEAD_BYTES_PER_THREAD, QUEUE_DEPTH + 1) : null;
    }

    /**
     * What a batch holds while queued: the capacity of its Arrow buffers (children included), which
     * allocation rounding can make well larger than the bytes its values use.
     */
    static long bytes(VectorSchemaRoot batch) {
        long n = 0;
        for (org.apache.arrow.vector.FieldVector v : batch.getFieldVectors()) {
            for (org.apache.arrow.memory.ArrowBuf b : v.getBuffers(false)) {
                n += b.capacity();
            }
        }
        return n;
    }

    private static List<String> names(Schema schema) {
        List<String> out = new ArrayList<>();
        for (Field f : schema.getFields()) {
            out.add(f.getName());
        }
        return out;
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

    /**
     * Starts files in plan order until {@code parallelism} producers run. A producer that finishes
     * its file starts the next one at once (not when the consumer reaches it), so a thread never
     * idles while the budget or the shared queue has room. Files always start in plan order, so the
     * file being consumed has always been started.
     */
    private void startProducers() {
        synchronized (starting) {
            while (!cancelled && running < parallelism && next < tasks.size()) {
                FileTask t = tasks.get(next++);
                running++;
                t.future = threads.submit(t);
            }
        }
    }

    private void producerDone() {
        synchronized (starting) {
            running--;
        }
        startProducers();
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
            startProducers();
            Item item;
            try {
                item = ordered ? buffer.take() : shared.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("read interrupted", e);
            }
            if (item == null) {
                // the buffer was closed under us: the read is over
                break;
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
                recycle(root);
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

    /** Moves the buffers of the batch the caller is done with to the spares (if there is room). */
    private void recycle(VectorSchemaRoot root) {
        if (root.getRowCount() == 0) {
            return; // nothing loaded yet
        }
        if (!onlyHeldBy(root)) {
            return; // the caller kept a reference (a record batch, a slice): never write into it
        }
        long size = bytes(root);
        // two spares are always kept (a read with a small budget still recycles)
        if (size == 0 || (spareBytes.get() + size > spareLimit && spares.size() >= 2)) {
            return; // the caller took the buffers, or enough spares: the transfer below frees them
        }
        VectorSchemaRoot spare = VectorSchemaRoot.create(root.getSchema(), allocator);
        for (int i = 0; i < root.getFieldVectors().size(); i++) {
            root.getVector(i).makeTransferPair(spare.getVector(i)).transfer();
        }
        spareBytes.addAndGet(size);
        spares.add(spare);
    }

    /**
     * Whether nothing but the batch's own vectors references its memory. A fixed-width vector's
     * validity and values are two slices of one allocation, so a buffer's count is compared with
     * how many of the batch's buffers share its allocation, not with one.
     */
    static boolean onlyHeldBy(VectorSchemaRoot batch) {
        Map<org.apache.arrow.memory.ReferenceManager, Integer> held = new java.util.IdentityHashMap<>();
        for (org.apache.arrow.vector.FieldVector v : batch.getFieldVectors()) {
            for (org.apache.arrow.memory.ArrowBuf b : v.getBuffers(false)) {
                held.merge(b.getReferenceManager(), 1, Integer::sum);
            }
        }
        for (Map.Entry<org.apache.arrow.memory.ReferenceManager, Integer> e : held.entrySet()) {
            if (e.getKey().getRefCount() != e.getValue()) {
                return false;
            }
        }
        return true;
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
        synchronized (starting) {
            // no producer starts after this; those started are all in tasks[0, next)
            cancelled = true;
        }
        if (buffer != null) {
            buffer.close();
        }
        for (FileTask t : tasks) {
            if (t.future == null) {
                continue;
            }
            // drain until the producer has stopped, closing whatever it had queued
            while (true) {
                drain();
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
            drain();
        }
        VectorSchemaRoot spare;
        while ((spare = spares.poll()) != null) {
            spare.close();
        }
        allocator.close();
    }

    private void drain() {
        if (buffer != null) {
            buffer.drain(PlanReader::release);
            return;
        }
        Item item;
        while ((item = shared.poll()) != null) {
            release(item);
        }
    }

    private static void release(Item item) {
        if (item.batch != null) {
            item.batch.close();
        }
    }

    @Override
    protected Schema readSchema() {
        return outSchema;
    }
}
