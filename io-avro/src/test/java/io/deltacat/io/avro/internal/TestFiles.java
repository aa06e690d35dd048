package io.deltacat.io.avro.internal;

import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.Storages;
import java.nio.file.Path;
import java.util.Map;

/** Local files for the tests, through io-spi's own local storage (whole on close, gone on abort). */
final class TestFiles {
    private TestFiles() {
    }

    private static Storage local(Path path) {
        return Storages.forUri(path.toUri().toString(), Map.of());
    }

    static InputFile input(Path path) {
        return local(path).inputFile(path.toUri().toString());
    }

    static OutputFile output(Path path) {
        return local(path).outputFile(path.toUri().toString());
    }
}
