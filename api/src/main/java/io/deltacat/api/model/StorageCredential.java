package io.deltacat.api.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Storage access the server vended for one path prefix, with its expiry: the longest prefix that
 * matches a URI gives the access used for it. Local roots need none.
 *
 * <p>Providers this version knows: {@code s3} (temporary keys: {@code accessKeyId},
 * {@code secretAccessKey}, {@code sessionToken}, {@code region}, {@code endpoint},
 * {@code pathStyle}), {@code s3-presigned} (one object: {@code url}, a presigned GET that takes a
 * {@code Range} header) and {@code s3-signed-uploads} (the client asks the server to sign each upload
 * under the prefix; see {@code POST /v1/writes/{writeId}/uploads}).
 *
 * @param prefix     the URI prefix this access is for (an object's full URI for a presigned URL)
 * @param provider   the kind of access, see above
 * @param properties what the provider needs (keys, URL, endpoint); never logged
 * @param expiresAt  when it lapses, in nanoseconds since the epoch; empty when it does not
 */
public record StorageCredential(String prefix, String provider, Map<String, String> properties,
                                Optional<Long> expiresAt) {
    public StorageCredential {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(provider, "provider");
        properties = Map.copyOf(properties);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether this access applies to {@code uri} (its prefix starts it). */
    public boolean covers(String uri) {
        return uri.startsWith(prefix);
    }

    /** The credential without its secrets, for messages and logs. */
    @Override
    public String toString() {
        return "StorageCredential[prefix=" + prefix + ", provider=" + provider + ", properties="
                + new TreeMap<>(properties).keySet() + ", expiresAt=" + expiresAt.map(String::valueOf).orElse("never") + "]";
    }
}
