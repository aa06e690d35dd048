package io.deltacat.io.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.io.spi.FileSplit;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.ReadRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code splits} and split reads: row groups cut by stored bytes, each read by one reader alone. */
class SplitReadTest {
    @TempDir
    Path dir;

    private static InputFile input(Path path) {
        return io.deltacat.io.spi.Storages.forUri(path.toUri().toString(), Map.of()).inputFile(path.toUri().toString());
    }

    /** Ids 0..9999 in chunks of 500, in row groups of about 4 KiB (uncompressed: sizes stay predictable). */
    static Path write(Path file, ParquetFormatProvider provider, BufferAllocator a) {
        Schema schema = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));
        try (FormatWriter w = provider.openWriter(io.deltacat.io.spi.Storages.forUri(file.toUri().toString(), Map.of())
                        .outputFile(file.toUri().toString()), schema,
                Map.of("row_group_size", "4096", "page_size", "1024", "compression", "none"), a);
             VectorSchemaRoot b = VectorSchemaRoot.create(schema, a)) {
            for (int chunk = 0; chunk < 20; chunk++) {
                b.allocateNew();
                BigIntVector id = (BigIntVector) b.getVector(0);
                for (int i = 0; i < 500; i++) {
                    id.setSafe(i, chunk * 500L + i);
                }
                b.setRowCount(500);
                w.write(b);
            }
            w.finish();
        }
        return file;
    }

    private static List<Long> read(FormatReader r) {
        List<Long> out = new ArrayList<>();
        try (r) {
            while (r.next()) {
                BigIntVector v = (BigIntVector) r.batch().getVector(0);
                for (int i = 0; i < r.batch().getRowCount(); i++) {
                    out.add(v.get(i));
                }
            }
        }
        return out;
    }

    @Test
    void splitsCoverEveryRowGroupOnceAndReadOnlyTheirRows() {
        ParquetFormatProvider provider = new ParquetFormatProvider();
        try (BufferAllocator a = new RootAllocator()) {
            Path file = write(dir.resolve("f.parquet"), provider, a);
            List<FileSplit> one = provider.splits(input(file), Long.MAX_VALUE);
            assertThat(one).hasSize(1);
            int groups = one.get(0).groups();
            assertThat(groups).as("the writer rolled row groups").isGreaterThan(4);
            long fileBytes = one.get(0).bytes();

            List<FileSplit> splits = provider.splits(input(file), fileBytes / 4);
            assertThat(splits.size()).isBetween(3, 5);
            int next = 0;
            long rows = 0;
            List<Long> all = new ArrayList<>();
            for (FileSplit s : splits) {
                assertThat(s.firstGroup()).isEqualTo(next);
                next = s.endGroup();
                rows += s.rows();
                List<Long> part = read(provider.openReader(input(file), ReadRequest.all(300), s, a));
                assertThat(part).hasSize((int) s.rows());
                all.addAll(part);
            }
            assertThat(next).isEqualTo(groups);
            assertThat(rows).isEqualTo(10_000);
            // file order, every row exactly once
            assertThat(all).hasSize(10_000);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i)).isEqualTo(i);
            }

            // the advisory filter still skips row groups of the split by their statistics
            FileSplit last = splits.get(splits.size() - 1);
            List<Long> none = read(provider.openReader(input(file),
                    new ReadRequest(List.of(), Optional.of(Predicate.lt("id", 0L).bind(
                            new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true)))))), 300), last, a));
            assertThat(none).isEmpty();

            assertThatThrownBy(() -> provider.openReader(input(file), ReadRequest.all(10),
                    new FileSplit(groups - 1, 2, 1, 1), a)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("not a split");
            assertThatThrownBy(() -> provider.splits(input(file), 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
