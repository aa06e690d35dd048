package io.deltacat.io.spi;

import java.io.IOException;

/**
 * The lifecycle every {@link FormatWriter} over one {@link AtomicOutputStream} shares: open, then
 * either finished (the file appears whole) or discarded (it never appears). A writer whose
 * {@code write} failed part-way cannot be finished, only discarded.
 *
 * <pre>{@code
 * state = new WriterState("myformat", uri, stream, MyProvider::failure);
 * public void write(VectorSchemaRoot b) { state.checkOpen(); try { ... } catch (IOException e) { throw state.failed(e); } }
 * public WrittenFile finish() { return state.finish(rows, () -> encoder.close()); }
 * public void close() { state.discard(); }
 * }</pre>
 */
public final class WriterState {

    /** Completes the file: writes footers and closes the stream, which makes it visible. */
    @FunctionalInterface
    public interface Completion {
        void run() throws IOException;
    }

    /** The provider's wrapping of a failure, naming the format, the file and the operation. */
    @FunctionalInterface
    public interface Failure {
        RuntimeException wrap(String operation, String uri, Throwable cause);
    }

    private final String format;
    private final String uri;
    private final AtomicOutputStream out;
    private final Failure failure;
    private boolean finished;
    private boolean closed;
    private boolean failed;

    public WriterState(String format, String uri, AtomicOutputStream out, Failure failure) {
        this.format = format;
        this.uri = uri;
        this.out = out;
        this.failure = failure;
    }

    /** Whether the writer still accepts batches. */
    public boolean isOpen() {
        return !closed && !finished;
    }

    /** @throws IllegalStateException once the writer is finished or closed */
    public void checkOpen() {
        if (!isOpen()) {
            throw new IllegalStateException(format + " writer of " + uri + " is " + (finished ? "finished" : "closed"));
        }
    }

    /** Records that a write failed part-way and returns the wrapped failure to throw. */
    public RuntimeException failed(Throwable cause) {
        failed = true;
        return failure.wrap("write", uri, cause);
    }

    /** Completes the file with {@code completion}; on failure the file is discarded. */
    public WrittenFile finish(long rowCount, Completion completion) {
        checkOpen();
        if (failed) {
            throw new IllegalStateException(format + " writer of " + uri + " cannot finish after a failed write");
        }
        finished = true;
        try {
            completion.run();
            return new WrittenFile(uri, rowCount, out.position());
        } catch (IOException | RuntimeException e) {
            try {
                out.abort();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw failure.wrap("write", uri, e);
        } finally {
            closed = true;
        }
    }

    /** Discards the file unless it was finished; closing twice does nothing. */
    public void discard() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.abort();
        } catch (IOException e) {
            throw failure.wrap("write", uri, e);
        }
    }
}
