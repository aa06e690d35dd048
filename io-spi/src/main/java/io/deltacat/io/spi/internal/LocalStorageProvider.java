package io.deltacat.io.spi.internal;

import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageProvider;
import java.util.Map;

/** The built-in provider of {@code file://} storage. */
public final class LocalStorageProvider implements StorageProvider {
    @Override
    public boolean supports(String scheme) {
        return "file".equals(scheme);
    }

    @Override
    public Storage create(Map<String, String> credentials) {
        return LocalStorage.INSTANCE;
    }
}
