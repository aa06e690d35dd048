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

    /**
     * Bytes stored under this file's URI now, for a file a library wrote itself through
     * {@link #objectStoreOptions()} as a directory of objects (a Lance dataset on an object store): the
     * total of those objects, what {@code sizeBytes} of the file means.
     *
     * @throws java.nio.file.NoSuchFileException when nothing is stored under the URI
     * @throws io.deltacat.api.error.UnsupportedFeatureException when this storage does not tell (local
     *         files are measured on the file system)
     */
    default long storedBytes() throws IOException {
        throw new io.deltacat.api.error.UnsupportedFeatureException("storage of " + uri()
                + " does not measure what a library stored under a URI");
    }
}
