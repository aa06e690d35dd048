package io.deltacat.io.spi;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.StorageCredential;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Storage} may use to reach data. On a server it is the root's configuration
 * ({@link #settings()}: endpoint, region, keys); on a client it is what the server vended for one
 * operation ({@link #credentialFor}: temporary keys or presigned URLs, refreshed before they lapse,
 * and {@link #signUpload} for uploads the server signs one by one).
 */
public interface StorageAccess {

    /**
     * The vended access for {@code uri}: the credential with the longest prefix that starts it, renewed
     * by the server when it would lapse soon. Empty when none was vended (local roots need none).
     */
    Optional<StorageCredential> credentialFor(String uri);

    /**
     * Has the server perform or sign one step of an upload under a write's staging prefix (for stores
     * reached by presigned URLs only).
     *
     * @throws UnsupportedFeatureException when this access cannot sign uploads
     */
    default UploadAnswer signUpload(UploadStep step) {
        throw new UnsupportedFeatureException("no upload signer for " + step.uri());
    }

    /** The storage's own configuration (on a server); empty on a client. Never logged. */
    default Map<String, String> settings() {
        return Map.of();
    }

    /** No access at all: enough for local roots. */
    static StorageAccess none() {
        return uri -> Optional.empty();
    }

    /** A server-side storage configured by {@code settings} (its own credentials). */
    static StorageAccess configured(Map<String, String> settings) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(settings, "settings"));
        return new StorageAccess() {
            @Override
            public Optional<StorageCredential> credentialFor(String uri) {
                return Optional.empty();
            }

            @Override
            public Map<String, String> settings() {
                return copy;
            }
        };
    }
}
