package io.deltacat.io.lance.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageAccessException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where datasets live: local paths (URI conversion, directory size, recursive delete) or an object
 * store that Lance's native object store reaches itself with the options the storage gives.
 */
final class LanceFiles {
    private LanceFiles() {
    }

    /** Whether {@code uri} is a local ({@code file:}) dataset; otherwise it must be an {@code s3:} one. */
    static boolean isLocal(String uri) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("lance provider: not a valid URI: " + uri, e);
        }
        if ("file".equals(u.getScheme())) {
            return true;
        }
        if (!"s3".equals(u.getScheme())) {
            throw new InvalidRequestException("lance provider supports file: and s3: URIs, not " + uri);
        }
        return false;
    }

    /**
     * The options Lance's object store needs for the dataset at {@code uri} on an object store: what
     * its storage gave ({@code aws_access_key_id}, {@code aws_endpoint}, ...). Lance signs its own
     * requests, so presigned access (which gives no options) cannot reach a dataset.
     *
     * @throws StorageAccessException when the storage gave none
     */
    static Map<String, String> storeOptions(String uri, Map<String, String> options) {
        if (options.isEmpty()) {
            throw new StorageAccessException("lance dataset " + uri + " is on an object store reached through presigned"
                    + " URLs only; Lance signs its own requests and needs keys: the S3 root must vend scoped keys"
                    + " (access=sts) or its own (access=keys, or keysForDirectoryFormats=true)", null);
        }
        return options;
    }

    /** The local path of a {@code file:} URI; other schemes are not supported by this provider. */
    static Path toPath(String uri) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("lance provider: not a valid URI: " + uri, e);
        }
        if (!"file".equals(u.getScheme())) {
            throw new InvalidRequestException("lance provider supports only file: URIs, not " + uri);
        }
        return Path.of(u);
    }

    /** Total bytes of the regular files under {@code dir} (recursively); what {@code sizeBytes} means. */
    static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Deletes {@code dir} and everything under it; a missing directory is not an error. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
