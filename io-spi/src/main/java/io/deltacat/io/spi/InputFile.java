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

    /**
     * Settings for a library that reaches the object store itself rather than through this file's
     * streams (Lance's native object store): endpoint, region and keys in that library's option names
     * ({@code aws_access_key_id}, ...). Empty for local files.
     */
    default java.util.Map<String, String> objectStoreOptions() {
        return java.util.Map.of();
    }
}
