package io.deltacat.packds.internal;

import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.Storage;
import io.deltacat.packds.Loader;
import io.deltacat.packds.LoaderOptions;
import io.deltacat.packds.Shard;
import io.deltacat.packds.internal.LoaderPlan.Piece;
import io.deltacat.packds.internal.LoaderPlan.Segment;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A rank's loader: a background thread reads this rank's segments window by window (each window's
 * rows into one batch, through a {@link ShardCursor}) into a queue of one; the caller's thread emits
 * each window's rows in its permutation into batches of the batch size. Memory: at most three
 * windows (one being read, one queued, one being emitted) and one output batch.
 */
public final class DefaultLoader implements Loader {
    private record Window(VectorSchemaRoot rows, int[] order, int skip, Throwable error, boolean end) {
    }

    private final LoaderOptions options;
    private final LoaderPlan plan;
    private final long version;
    private final ResumeToken base;
    private final List<Segment> segments;
    private final long assigned;
    private final BufferAllocator allocator;
    private final BlockingQueue<Window> queue = new ArrayBlockingQueue<>(1);
    private final Thread producer;
    private volatile boolean closed;
    private Window current;
    private int position;
    private RowSink out;
    private VectorSchemaRoot batch;
    private long delivered;

    /**
     * @param base the state this loader starts from: its segments, and the fields its tokens repeat
     */
    public DefaultLoader(LoaderOptions options, LoaderPlan plan, ResumeToken base, FormatProvider provider,
                         Storage storage, BufferAllocator parent) {
        this.options = options;
        this.plan = plan;
        this.version = base.version();
        this.base = base;
        this.segments = base.segments();
        this.assigned = segments.stream().mapToLong(Segment::count).sum();
        this.allocator = parent.newChildAllocator("packds-loader-" + options.rank(), 0, Long.MAX_VALUE);
        this.producer = new Thread(() -> produce(provider, storage), "packds-loader-" + options.rank());
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(FormatProvider provider, Storage storage) {
        try (ShardCursor cursor = new ShardCursor(provider, storage, options.columns(), allocator)) {
            int window = base.window();
            for (Segment s : segments) {
                for (long ws = s.start(); ws < s.end(); ws += window) {
                    long we = Math.min(ws + window, s.end());
                    VectorSchemaRoot rows = read(cursor, ws, we);
                    int[] order = LoaderPlan.permutation(base.seed(), base.epoch(), version, ws, (int) (we - ws),
                            base.shuffle());
                    if (!put(new Window(rows, order, ws == s.start() ? (int) s.skip() : 0, null, false))) {
                        rows.close();
                        return;
                    }
                }
            }
            put(new Window(null, null, 0, null, true));
        } catch (Throwable t) {
            put(new Window(null, null, 0, t, true));
        }
    }

    private boolean put(Window w) {
        try {
            while (!closed) {
                if (queue.offer(w, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Global samples {@code [from, to)} as one batch. */
    private VectorSchemaRoot read(ShardCursor cursor, long from, long to) {
        RowSink[] sink = new RowSink[1];
        try {
            long g = from;
            while (g < to) {
                Piece p = plan.pieces.get(plan.pieceOf(g));
                long n = Math.min(to - g, p.global() + p.length() - g);
                Shard shard = plan.shards.get(p.shard());
                long row = p.row() + (g - p.global());
                cursor.copy(shard.uri(), shard.rows(), row, row + n, schema -> {
                    if (sink[0] == null) {
                        sink[0] = new RowSink(schema, allocator);
                    }
                    return sink[0];
                });
                g += n;
            }
            return sink[0].take();
        } finally {
            if (sink[0] != null) {
                sink[0].close();
            }
        }
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("the loader is closed");
        }
        if (out != null) {
            out.reset();
        }
        int rows = 0;
        while (rows < options.batchSize()) {
            if (current != null && current.end()) {
                break;
            }
            if (current == null || position >= current.order().length) {
                if (current != null && current.rows() != null) {
                    current.rows().close();
                }
                current = take();
                if (current.end()) {
                    break;
                }
                position = current.skip();
                continue;
            }
            if (out == null) {
                out = new RowSink(current.rows().getSchema(), allocator);
            }
            out.append(current.rows(), current.order()[position++]);
            rows++;
        }
        if (rows == 0) {
            return false;
        }
        batch = out.seal();
        delivered += rows;
        return true;
    }

    private Window take() {
        if (current != null && current.end()) {
            return current;
        }
        try {
            Window w = queue.take();
            if (w.error() != null) {
                Throwable e = w.error();
                if (e instanceof RuntimeException) {
                    throw (RuntimeException) e;
                }
                throw new StorageException("packds loader failed reading: " + e, e);
            }
            return w;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for packds data", e);
        }
    }

    @Override
    public VectorSchemaRoot batch() {
        if (batch == null) {
            throw new IllegalStateException("no batch: call next() first");
        }
        return batch;
    }

    @Override
    public String state() {
        List<Segment> left = LoaderPlan.advance(segments, delivered, base.window());
        return new ResumeToken(base.namespace(), base.table(), version, base.epoch(), base.seed(), base.shuffle(),
                base.window(), base.generation(), base.worldSize(), base.rank(), left).encode();
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public long assigned() {
        return assigned;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        producer.interrupt();
        try {
            producer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Window w;
        while ((w = queue.poll()) != null) {
            if (w.rows() != null) {
                w.rows().close();
            }
        }
        if (current != null && current.rows() != null) {
            current.rows().close();
        }
        if (out != null) {
            out.close();
        }
        allocator.close();
    }
}
