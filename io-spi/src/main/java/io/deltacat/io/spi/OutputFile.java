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

    /**
     * Settings for a library that reaches the object store itself rather than through this file's
     * streams (Lance's native object store): endpoint, region and keys in that library's option names
     * ({@code aws_access_key_id}, ...). Empty for local files.
     */
    default java.util.Map<String, String> objectStoreOptions() {
        return java.util.Map.of();
    }
}
