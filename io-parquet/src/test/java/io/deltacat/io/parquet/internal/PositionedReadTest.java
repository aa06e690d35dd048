package io.deltacat.io.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.expr.Predicate;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.PositionedReader;
import io.deltacat.io.spi.ReadRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code openReaderAt}: row groups before the wanted row are skipped unread, and the first row is reported. */
class PositionedReadTest {
    @TempDir
    Path dir;

    private static io.deltacat.io.spi.Storage local(Path path) {
        return io.deltacat.io.spi.Storages.forUri(path.toUri().toString(), Map.of());
    }

    @Test
    void startsAtTheRowGroupHoldingTheOffset() {
        ParquetFormatProvider provider = new ParquetFormatProvider();
        Path file = dir.resolve("f.parquet");
        try (BufferAllocator a = new RootAllocator()) {
            SplitReadTest.write(file, provider, a);
            PositionedReader at = provider.openReaderAt(local(file).inputFile(file.toUri().toString()), ReadRequest.all(100), 7_321, 10, a);
            try (FormatReader r = at.reader()) {
                assertThat(at.firstRow()).isGreaterThan(0).isLessThanOrEqualTo(7_321);
                assertThat(r.next()).isTrue();
                // the first row read is the row the reader said it starts at
                assertThat(((BigIntVector) r.batch().getVector(0)).get(0)).isEqualTo(at.firstRow());
            }
            PositionedReader start = provider.openReaderAt(local(file).inputFile(file.toUri().toString()), ReadRequest.all(100), 0, 10, a);
            try (FormatReader r = start.reader()) {
                assertThat(start.firstRow()).isZero();
            }
            assertThatThrownBy(() -> provider.openReaderAt(local(file).inputFile(file.toUri().toString()),
                    new ReadRequest(List.of(), Optional.of(Predicate.eq("id", 1L)), 10), 0, 1, a))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
