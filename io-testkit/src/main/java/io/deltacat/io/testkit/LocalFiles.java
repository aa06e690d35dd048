package io.deltacat.io.testkit;

import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.Storages;
import java.nio.file.Path;
import java.util.Map;

/**
 * Local files for a provider's own tests, through io-spi's local storage (a file appears whole when its
 * stream closes, never after an abort), e.g. {@code provider.openWriter(LocalFiles.output(dir.resolve("a.orc")), ...)}.
 */
public final class LocalFiles {
    private LocalFiles() {
    }

    private static Storage local(Path path) {
        return Storages.forUri(path.toUri().toString(), Map.of());
    }

    /** The file at {@code path}, to read. */
    public static InputFile input(Path path) {
        return local(path).inputFile(path.toUri().toString());
    }

    /** The file at {@code path}, to write. */
    public static OutputFile output(Path path) {
        return local(path).outputFile(path.toUri().toString());
    }
}
