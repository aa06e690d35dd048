package io.deltacat.io.orc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.io.spi.FileSplit;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.testkit.ArrowMemory;
import io.deltacat.io.testkit.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import io.deltacat.bundle.orc.shaded.Reader;
import io.deltacat.bundle.orc.shaded.StripeInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code splits} and split reads of ORC files: runs of whole stripes cut by stored bytes from the footer,
 * each read alone, every row exactly once across the splits of a file, with projection and the advisory
 * filter as in a whole-file read.
 */
class OrcSplitReadTest {
    static final Schema SCHEMA = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true)),
            Field.nullable("name", ArrowType.Utf8.INSTANCE)));
    static final int ROWS = 100_000;

    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();
    final OrcFormatProvider provider = new OrcFormatProvider();

    /** Ids {@code 0..rows-1} (name {@code "n" + id}) written in batches of 1000, uncompressed. */
    Path write(String name, int rows, Map<String, String> options) {
        Path path = dir.resolve(name);
        try (FormatWriter w = provider.openWriter(LocalFiles.output(path), SCHEMA, options, allocator);
             VectorSchemaRoot b = VectorSchemaRoot.create(SCHEMA, allocator)) {
            for (int from = 0; from < rows; from += 1000) {
                int n = Math.min(1000, rows - from);
                b.allocateNew();
                BigIntVector id = (BigIntVector) b.getVector("id");
                VarCharVector nm = (VarCharVector) b.getVector("name");
                for (int i = 0; i < n; i++) {
                    id.setSafe(i, from + i);
                    nm.setSafe(i, ("n" + (from + i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                b.setRowCount(n);
                w.write(b);
            }
            w.finish();
        }
        return path;
    }

    /** A file of many small stripes (ORC checks the stripe size every few thousand rows). */
    Path manyStripes() {
        return write("many.orc", ROWS, Map.of("stripe_size", "16384", "compression", "none"));
    }

    /** The ids (and names, checked against them) a reader returns, in order. */
    static List<Long> ids(FormatReader r) {
        List<Long> out = new ArrayList<>();
        try (r) {
            while (r.next()) {
                VectorSchemaRoot b = r.batch();
                BigIntVector id = (BigIntVector) b.getVector("id");
                VarCharVector name = (VarCharVector) b.getVector("name");
                for (int i = 0; i < b.getRowCount(); i++) {
                    out.add(id.get(i));
                    if (name != null) {
                        assertThat(new String(name.get(i), java.nio.charset.StandardCharsets.UTF_8))
                                .isEqualTo("n" + id.get(i));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void splitsCoverEveryStripeOnceAndReadOnlyTheirRows() throws IOException {
        Path file = manyStripes();
        List<StripeInformation> stripes;
        try (Reader r = OrcFormatProviderTest.orcReader(file)) {
            stripes = r.getStripes();
        }
        assertThat(stripes.size()).as("the writer rolled stripes").isGreaterThan(8);

        List<FileSplit> one = provider.splits(LocalFiles.input(file), Long.MAX_VALUE);
        assertThat(one).containsExactly(new FileSplit(0, stripes.size(), ROWS,
                stripes.stream().mapToLong(StripeInformation::getLength).sum()));

        for (long target : new long[] {one.get(0).bytes() / 4, one.get(0).bytes() / 7, 1}) {
            List<FileSplit> splits = provider.splits(LocalFiles.input(file), target);
            assertThat(splits.size()).as("splits of about %d bytes", target).isGreaterThan(1);
            int next = 0;
            List<Long> all = new ArrayList<>();
            for (FileSplit s : splits) {
                assertThat(s.firstGroup()).as("adjacent splits").isEqualTo(next);
                next = s.endGroup();
                long stripeRows = 0;
                long stripeBytes = 0;
                for (int i = s.firstGroup(); i < s.endGroup(); i++) {
                    stripeRows += stripes.get(i).getNumberOfRows();
                    stripeBytes += stripes.get(i).getLength();
                }
                assertThat(s.rows()).isEqualTo(stripeRows);
                assertThat(s.bytes()).isEqualTo(stripeBytes);
                if (target > 1 && s.endGroup() < stripes.size()) {
                    // a split ends as soon as it holds the target (a stripe alone may exceed it)
                    assertThat(s.bytes()).isGreaterThanOrEqualTo(target);
                    assertThat(s.bytes() - stripes.get(s.endGroup() - 1).getLength()).isLessThan(target);
                }
                List<Long> part = ids(provider.openReader(LocalFiles.input(file), ReadRequest.all(777), s,
                        allocator));
                assertThat(part).as("rows of split %s", s).hasSize((int) s.rows());
                all.addAll(part);
            }
            assertThat(next).isEqualTo(stripes.size());
            if (target == 1) {
                assertThat(splits).hasSize(stripes.size());
            }
            // every row once, in file order: no stripe read twice or skipped between adjacent splits
            assertThat(all).hasSize(ROWS);
            assertThat(all.stream().mapToLong(Long::longValue).sum()).isEqualTo((long) ROWS * (ROWS - 1) / 2);
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void aSplitReadProjectsColumns() {
        Path file = manyStripes();
        List<FileSplit> splits = provider.splits(LocalFiles.input(file), 1);
        FileSplit middle = splits.get(splits.size() / 2);
        long firstId = 0;
        for (FileSplit s : splits.subList(0, splits.size() / 2)) {
            firstId += s.rows();
        }
        ReadRequest names = new ReadRequest(List.of("name"), Optional.empty(), 500);
        List<String> read = new ArrayList<>();
        try (FormatReader r = provider.openReader(LocalFiles.input(file), names, middle, allocator)) {
            assertThat(r.schema().getFields()).extracting(Field::getName).containsExactly("name");
            while (r.next()) {
                assertThat(r.batch().getFieldVectors()).hasSize(1);
                VarCharVector v = (VarCharVector) r.batch().getVector(0);
                for (int i = 0; i < r.batch().getRowCount(); i++) {
                    read.add(new String(v.get(i), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(read).hasSize((int) middle.rows());
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i)).isEqualTo("n" + (firstId + i));
        }
        // columns in the requested order
        ReadRequest swapped = new ReadRequest(List.of("name", "id"), Optional.empty(), 500);
        try (FormatReader r = provider.openReader(LocalFiles.input(file), swapped, middle, allocator)) {
            assertThat(r.schema().getFields()).extracting(Field::getName).containsExactly("name", "id");
        }
        assertThat(ids(provider.openReader(LocalFiles.input(file), swapped, middle, allocator)))
                .hasSize((int) middle.rows()).first().isEqualTo(firstId);
        assertThatThrownBy(() -> provider.openReader(LocalFiles.input(file),
                new ReadRequest(List.of("nope"), Optional.empty(), 10), middle, allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("nope");
    }

    @Test
    void theAdvisoryFilterSkipsStripesOfTheSplitOnly() {
        Path file = manyStripes();
        List<FileSplit> splits = provider.splits(LocalFiles.input(file), 3 * provider.splits(
                LocalFiles.input(file), 1).get(0).bytes());
        assertThat(splits.size()).isGreaterThan(2);
        FileSplit split = splits.get(1);
        assertThat(split.groups()).isGreaterThan(1);
        long first = splits.get(0).rows();
        long end = first + split.rows();
        // nothing can match: every stripe of the split skipped
        assertThat(ids(provider.openReader(LocalFiles.input(file), filtered(Predicate.lt("id", 0L)), split,
                allocator))).isEmpty();
        // the split's last rows only: its earlier stripes are skipped, and no row past the split is read
        List<Long> tail = ids(provider.openReader(LocalFiles.input(file), filtered(Predicate.ge("id", end - 1)),
                split, allocator));
        assertThat(tail).isNotEmpty().contains(end - 1).allMatch(id -> id >= first && id < end);
        assertThat(tail.size()).isLessThan((int) split.rows());
        // a filter every stripe might match reads the whole split
        List<Long> every = ids(provider.openReader(LocalFiles.input(file), filtered(Predicate.ge("id", 0L)),
                split, allocator));
        assertThat(every).hasSize((int) split.rows()).first().isEqualTo(first);
        // a split after the matching rows reads nothing
        assertThat(ids(provider.openReader(LocalFiles.input(file), filtered(Predicate.eq("id", 5L)),
                splits.get(2), allocator))).isEmpty();
    }

    private static ReadRequest filtered(Predicate p) {
        return new ReadRequest(List.of(), Optional.of(p.bind(SCHEMA)), 1000);
    }

    @Test
    void aFileOfOneStripeIsOneSplit() {
        Path file = write("one.orc", 3000, Map.of());
        for (long target : new long[] {1, 1024, Long.MAX_VALUE}) {
            List<FileSplit> splits = provider.splits(LocalFiles.input(file), target);
            assertThat(splits).hasSize(1);
            assertThat(splits.get(0).firstGroup()).isZero();
            assertThat(splits.get(0).groups()).isEqualTo(1);
            assertThat(splits.get(0).rows()).isEqualTo(3000);
        }
        List<Long> read = ids(provider.openReader(LocalFiles.input(file), ReadRequest.all(1024),
                provider.splits(LocalFiles.input(file), 1).get(0), allocator));
        assertThat(read).hasSize(3000);
        assertThat(read.stream().mapToLong(Long::longValue).sum()).isEqualTo(2999L * 3000 / 2);
    }

    @Test
    void anEmptyFileHasNoSplits() {
        Path file = write("empty.orc", 0, Map.of());
        assertThat(provider.splits(LocalFiles.input(file), 1)).isEmpty();
        assertThat(ids(provider.openReader(LocalFiles.input(file), ReadRequest.all(10), allocator))).isEmpty();
        assertThatThrownBy(() -> provider.openReader(LocalFiles.input(file), ReadRequest.all(10),
                new FileSplit(0, 1, 0, 0), allocator)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not a split").hasMessageContaining("0 stripes");
    }

    @Test
    void refusesWhatIsNotASplitOfTheFile() throws IOException {
        Path file = manyStripes();
        int stripes = provider.splits(LocalFiles.input(file), 1).size();
        assertThatThrownBy(() -> provider.openReader(LocalFiles.input(file), ReadRequest.all(10),
                new FileSplit(stripes - 1, 2, 1, 1), allocator)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not a split");
        assertThatThrownBy(() -> provider.splits(LocalFiles.input(file), 0))
                .isInstanceOf(IllegalArgumentException.class);
        Path garbage = dir.resolve("garbage.orc");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThatThrownBy(() -> provider.splits(LocalFiles.input(garbage), 1024))
                .isInstanceOf(RuntimeException.class).hasMessageContaining("orc footer read");
    }
}
