package io.deltacat.io.spi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output stream whose file appears only on {@link #close()}, whole; {@link #abort()} discards it.
 * Tracks its position for formats that need offsets.
 */
public abstract class AtomicOutputStream extends OutputStream {

    /** Bytes written so far. */
    public abstract long position();

    /** Discards everything written; the file never appears. Closing afterwards does nothing. */
    public abstract void abort() throws IOException;
}
