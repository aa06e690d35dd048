package io.deltacat.api.model;

import java.util.Objects;

/**
 * A named storage root a catalog writes data under: a POSIX path ({@code file:///...}) or an
 * S3-compatible bucket prefix ({@code s3://...}).
 */
public record DataRoot(String name, String uri, boolean isDefault) {
    public DataRoot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
    }
}
