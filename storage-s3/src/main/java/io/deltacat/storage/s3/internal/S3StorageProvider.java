package io.deltacat.storage.s3.internal;

import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.StorageProvider;
import java.util.Map;

/**
 * The provider of {@code s3://} storage. Given settings (a server root's endpoint, region, keys,
 * access mode) it makes a storage that uses them; given only vended access (a client's), one that
 * uses nothing else.
 */
public final class S3StorageProvider implements StorageProvider {
    @Override
    public boolean supports(String scheme) {
        return "s3".equals(scheme);
    }

    @Override
    public Storage create(Map<String, String> credentials) {
        return credentials.isEmpty() ? S3Storage.client(StorageAccess.none())
                : S3Storage.server(S3Settings.of(credentials));
    }

    @Override
    public Storage create(StorageAccess access) {
        return access.settings().isEmpty() ? S3Storage.client(access) : S3Storage.server(S3Settings.of(access.settings()));
    }
}
