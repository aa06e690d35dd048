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
        String scheme = URI.create(uri).getScheme();
        for (StorageProvider p : ServiceLoader.load(StorageProvider.class, StorageProvider.class.getClassLoader())) {
            if (p.supports(scheme)) {
                return p.create(credentials);
            }
        }
        throw new UnsupportedFeatureException("no storage provider for scheme '" + scheme + "' (" + uri
                + ") on the module path");
    }
}
