package io.deltacat.io.spi;

import io.deltacat.api.error.UnsupportedFeatureException;
import java.net.URI;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds the {@link Storage} for a URI by its scheme. */
public final class Storages {
    private Storages() {
    }

    /**
     * A storage for {@code uri} using {@code credentials} (server-vended; empty for local paths).
     *
     * @throws UnsupportedFeatureException when no provider serves the URI's scheme
     */
    public static Storage forUri(String uri, Map<String, String> credentials) {
        return provider(uri).create(credentials);
    }

    /**
     * A storage for {@code uri} using {@code access} (a server root's configuration, or the access a
     * server vended to a client).
     *
     * @throws UnsupportedFeatureException when no provider serves the URI's scheme
     */
    public static Storage forUri(String uri, StorageAccess access) {
        return provider(uri).create(access);
    }

    private static StorageProvider provider(String uri) {
        String scheme = URI.create(uri).getScheme();
        for (StorageProvider p : ServiceLoader.load(StorageProvider.class, StorageProvider.class.getClassLoader())) {
            if (p.supports(scheme)) {
                return p;
            }
        }
        throw new UnsupportedFeatureException("no storage provider for scheme '" + scheme + "' (" + uri
                + ") on the module path" + ("s3".equals(scheme) ? " (add the io.deltacat.storage.s3 module)" : ""));
    }
}
