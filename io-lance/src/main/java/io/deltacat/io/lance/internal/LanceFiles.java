package io.deltacat.io.lance.internal;

import io.deltacat.api.error.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Local paths of datasets: URI conversion, directory size, recursive delete. */
final class LanceFiles {
    private LanceFiles() {
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
