package io.deltacat.io.spi;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;

/** A readable file in some storage. */
public interface InputFile {
    String uri();

    /** Length in bytes. */
    long length() throws IOException;

    /** A new channel positioned at 0; the caller closes it. */
    SeekableByteChannel open() throws IOException;
}
