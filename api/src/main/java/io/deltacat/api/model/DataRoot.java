package io.deltacat.api.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A named storage root a catalog writes data under: a POSIX path ({@code file:///...}) or an
 * S3-compatible bucket prefix ({@code s3://...}).
 */
public record DataRoot(String name, String uri, boolean isDefault, String storageType, Optional<String> region,
                       Optional<String> endpoint) {
    /**
     * @param storageType {@code local} or {@code s3} (others from newer servers are kept as sent)
     * @param region      an S3 root's region
     * @param endpoint    an S3 root's custom endpoint (S3-compatible stores)
     */
    public DataRoot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(storageType, "storageType");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** A root whose storage type is told by its URI's scheme ({@code file}: local), without region or endpoint. */
    public DataRoot(String name, String uri, boolean isDefault) {
        this(name, uri, isDefault, uri.startsWith("file:") ? "local" : uri.substring(0, Math.max(0, uri.indexOf(':'))),
                Optional.empty(), Optional.empty());
    }
}
