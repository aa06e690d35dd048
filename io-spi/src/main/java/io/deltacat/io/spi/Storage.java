package io.deltacat.io.spi;

import java.io.IOException;
import java.util.List;

/**
 * A place data files live: a local directory tree, an object store. URIs are absolute
 * ({@code file:///...}, {@code s3://...}).
 */
public interface Storage {

    InputFile inputFile(String uri);

    OutputFile outputFile(String uri);

    boolean exists(String uri) throws IOException;

    /** Size of a file in bytes. */
    long size(String uri) throws IOException;

    /** URIs of the files under a prefix (recursively), sorted. */
    List<String> list(String prefixUri) throws IOException;

    /** Deletes every file under a prefix; a missing prefix is not an error. */
    void deletePrefix(String prefixUri) throws IOException;
}
