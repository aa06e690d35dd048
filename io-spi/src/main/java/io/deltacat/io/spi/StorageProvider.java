package io.deltacat.io.spi;

import java.util.Map;

/**
 * Makes {@link Storage} for a URI scheme; found with {@link java.util.ServiceLoader}. The local
 * {@code file} scheme is built in.
 */
public interface StorageProvider {
    /** Whether this provider serves URIs of {@code scheme}, e.g. {@code "file"}. */
    boolean supports(String scheme);

    /** A storage using {@code credentials} (server-vended, possibly empty). */
    Storage create(Map<String, String> credentials);
}
