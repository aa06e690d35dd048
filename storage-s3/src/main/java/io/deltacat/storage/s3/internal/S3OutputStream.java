package io.deltacat.storage.s3.internal;

import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.UploadStep;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one object, which appears whole on {@link #close()} or never. Up to one part size it is one
 * conditional PUT; beyond, a multipart upload whose parts go up in parallel (at most
 * {@code concurrency} at once, each holding its buffer) while the writer fills the next. Completing
 * is conditional too ({@code If-None-Match: *}), so no write replaces an object. Any failure, and
 * {@link #abort()}, aborts the upload so no part stays stored.
 */
final class S3OutputStream extends AtomicOutputStream {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService PARTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "deltacat-s3-part-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final String uri;
    private final Uploader uploader;
    private final int partSize;
    private final Semaphore inFlight;
    private final List<CompletableFuture<UploadStep.Part>> parts = new ArrayList<>();
    private byte[] buffer;
    private int filled;
    private long position;
    private String uploadId;
    private boolean done;

    S3OutputStream(String uri, Uploader uploader, int partSize, int concurrency) {
        this.uri = uri;
        this.uploader = uploader;
        this.partSize = partSize;
        this.inFlight = new Semaphore(concurrency);
        this.buffer = new byte[Math.min(partSize, 1 << 20)];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            if (filled == partSize) {
                sendPart();
            }
            if (filled == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.min(partSize, buffer.length * 2));
            }
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            position += n;
        }
    }

    private void sendPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = uploader.start();
            }
            int number = parts.size() + 1;
            byte[] data = buffer;
            int length = filled;
            inFlight.acquire();
            parts.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return new UploadStep.Part(number, uploader.part(uploadId, number, data, length));
                } catch (IOException e) {
                    throw new CompletionException(e);
                } finally {
                    inFlight.release();
                }
            }, PARTS));
            buffer = new byte[partSize];
            filled = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortQuietly(null);
            throw new InterruptedIOException("interrupted while uploading " + uri);
        } catch (IOException | RuntimeException e) {
            abortQuietly(e);
            throw e;
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void abort() throws IOException {
        if (done) {
            return;
        }
        done = true;
        buffer = null;
        if (uploadId != null) {
            waitQuietly();
            uploader.abort(uploadId);
        }
    }

    @Override
    public void close() throws IOException {
        if (done) {
            return;
        }
        try {
            if (uploadId == null) {
                uploader.put(buffer, filled);
            } else {
                if (filled > 0) {
                    sendPart();
                }
                List<UploadStep.Part> sent = new ArrayList<>();
                for (CompletableFuture<UploadStep.Part> p : parts) {
                    sent.add(p.join());
                }
                uploader.complete(uploadId, sent);
            }
            done = true;
            buffer = null;
        } catch (CompletionException e) {
            IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            abortQuietly(cause);
            throw cause;
        } catch (IOException | RuntimeException e) {
            abortQuietly(e);
            throw e;
        }
    }

    private void abortQuietly(Throwable failure) {
        try {
            abort();
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Lets parts in flight end (so none lands after the abort), ignoring their outcome. */
    private void waitQuietly() {
        for (CompletableFuture<UploadStep.Part> p : parts) {
            try {
                p.join();
            } catch (RuntimeException ignored) {
                // the abort discards it anyway
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (done) {
            throw new IOException("stream to " + uri + " is closed");
        }
    }
}
