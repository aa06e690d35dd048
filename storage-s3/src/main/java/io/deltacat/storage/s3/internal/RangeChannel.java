package io.deltacat.storage.s3.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel over an object, fetching byte ranges with ranged GETs. What it fetches is
 * chosen to need few requests without fetching bytes nobody reads:
 * <ul>
 *   <li>the first read near the end of the object (a Parquet or ORC footer) fetches the object's last
 *       {@link #TAIL} bytes, which the later footer reads are served from (the object's length came
 *       with that same request when it was not known);</li>
 *   <li>a read fetches at least what it asks (Parquet-Java reads the consecutive column chunks of a
 *       row group as one range), and small reads are coalesced: a read fetches at least the current
 *       read-ahead, which starts at {@link #MIN_AHEAD}, doubles while reads are sequential (up to
 *       {@link #MAX_AHEAD}) and drops back after a seek, so a skipped column chunk is not fetched.</li>
 * </ul>
 */
final class RangeChannel implements SeekableByteChannel {
    static final int TAIL = 64 << 10;
    static final int MIN_AHEAD = 64 << 10;
    static final int MAX_AHEAD = 8 << 20;

    private final ObjectReader reader;
    private final String uri;
    private long length = -1;
    private long position;
    private byte[] buffer = new byte[0];
    private long bufferStart;
    private int ahead = MIN_AHEAD;
    private boolean open = true;

    /** @param knownLength the object's length, or -1; @param tail its tail when already fetched, or null */
    RangeChannel(ObjectReader reader, String uri, long knownLength, ObjectReader.Chunk tail) {
        this.reader = reader;
        this.uri = uri;
        this.length = knownLength;
        if (tail != null) {
            keep(tail);
        }
    }

    /** The object's length, fetching its tail (kept for the footer) when it is not known yet. */
    long length() throws IOException {
        if (length < 0) {
            ObjectReader.Chunk tail = reader.tail(TAIL);
            length = tail.total();
            keep(tail);
        }
        return length;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        long size = length();
        if (position >= size) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (position < bufferStart || position >= bufferStart + buffer.length) {
            fill(size, dst.remaining());
        }
        int offset = (int) (position - bufferStart);
        int n = Math.min(dst.remaining(), buffer.length - offset);
        dst.put(buffer, offset, n);
        position += n;
        return n;
    }

    private void fill(long size, int wanted) throws IOException {
        boolean sequential = buffer.length > 0 && position == bufferStart + buffer.length;
        ahead = sequential ? Math.min(MAX_AHEAD, ahead * 2) : MIN_AHEAD;
        long start = position;
        long end = Math.min(size, position + Math.max(wanted, ahead));
        if (size - position <= TAIL && !sequential) {
            start = Math.max(0, size - TAIL); // a footer read: the whole tail, served from memory after
            end = size;
        }
        keep(reader.range(start, end));
    }

    private void keep(ObjectReader.Chunk chunk) {
        buffer = chunk.data();
        bufferStart = chunk.start();
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition + " in " + uri);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return length();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        buffer = new byte[0];
    }

    private void ensureOpen() throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
