package io.deltacat.io.spi;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.StorageCredential;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A place data files live: a local directory tree, an object store. URIs are absolute
 * ({@code file:///...}, {@code s3://...}).
 */
public interface Storage {

    InputFile inputFile(String uri);

    OutputFile outputFile(String uri);

    boolean exists(String uri) throws IOException;

    /** Size of a file in bytes. */
    long size(String uri) throws IOException;

    /**
     * When a file was last written, if the storage knows; empty when it does not (then the file is
     * never taken for a leftover by age).
     */
    default Optional<Instant> lastModified(String uri) throws IOException {
        return Optional.empty();
    }

    /** URIs of the files under a prefix (recursively), sorted. */
    List<String> list(String prefixUri) throws IOException;

    /** Deletes every file under a prefix; a missing prefix is not an error. */
    void deletePrefix(String prefixUri) throws IOException;

    /**
     * Opens an object that an untrusted party placed under {@code prefixUri}, for checks before it is
     * committed. Only a regular file strictly inside the prefix is opened (or, for directory-shaped
     * formats, a directory holding only such files): a storage with links refuses a symbolic link
     * anywhere under the prefix, a file with more than one hard link and any special file, and checks
     * again once the file is open that it is still the object it checked. This default suits object
     * stores, which have no links: it checks only that the object is inside the prefix.
     *
     * @throws io.deltacat.api.error.InvalidRequestException when the object must not be committed
     *         (the message names the object, never its content)
     * @throws IOException when the storage cannot be read
     */
    default InputFile stagedFile(String prefixUri, String uri) throws IOException {
        if (!prefixUri.endsWith("/") || !uri.startsWith(prefixUri) || uri.length() == prefixUri.length()) {
            throw new InvalidRequestException("'" + uri + "' is not inside the staging prefix " + prefixUri);
        }
        return inputFile(uri);
    }

    /** The kind of store, as {@code describeCatalog} reports it: {@code local}, {@code s3}, ... */
    default String type() {
        return "local";
    }

    /**
     * Checks that the storage can be reached with its configuration (e.g. that a bucket exists and
     * the keys are accepted), so a server fails at start rather than at the first write.
     *
     * @throws IOException with a message saying what is wrong
     */
    default void checkReachable(String rootUri) throws IOException {
    }

    /**
     * Access for a client to read exactly {@code uris} (data files under {@code scopePrefix}, a
     * table's folder) for at least {@code ttl}. A storage a client reaches without credentials (local
     * files) answers none.
     *
     * @param directoryShaped whether the files are directory trees read by a library that needs keys
     *                        of its own (Lance), which presigned URLs cannot serve
     */
    default List<StorageCredential> grantRead(String scopePrefix, Collection<String> uris, Duration ttl,
                                              boolean directoryShaped) throws IOException {
        return List.of();
    }

    /**
     * Access for a client to write new objects under {@code stagingPrefix} only, and to read back what
     * it wrote there, for at least {@code ttl}.
     *
     * @param directoryShaped whether the format's files are directory trees written by a library that
     *                        needs keys of its own (Lance), which presigned uploads cannot serve
     */
    default List<StorageCredential> grantWrite(String stagingPrefix, Duration ttl, boolean directoryShaped)
            throws IOException {
        return List.of();
    }

    /**
     * Performs or signs one step of a client's upload (see {@link UploadStep}); the caller has checked
     * that the write is open and the object inside its staging prefix.
     *
     * @throws UnsupportedFeatureException when this storage has no such uploads
     */
    default UploadAnswer upload(UploadStep step, Duration ttl) throws IOException {
        throw new UnsupportedFeatureException("storage of " + step.uri() + " takes no signed uploads");
    }
}
