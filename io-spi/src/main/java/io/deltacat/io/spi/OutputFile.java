package io.deltacat.io.spi;

import java.io.IOException;

/** A file to be written in some storage. */
public interface OutputFile {
    String uri();

    /**
     * A new stream to the file. The file becomes visible, whole, when the stream is closed; after
     * {@link AtomicOutputStream#abort()} it never appears. Fails if the file exists.
     */
    AtomicOutputStream create() throws IOException;
}
