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

    /**
     * A storage using {@code access}: a server root's configuration, or what the server vended to a
     * client (refreshed as it lapses). The default passes {@link StorageAccess#settings()} to
     * {@link #create(Map)}.
     */
    default Storage create(StorageAccess access) {
        return create(access.settings());
    }
}
