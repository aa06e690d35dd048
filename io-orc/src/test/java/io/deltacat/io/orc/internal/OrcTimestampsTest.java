package io.deltacat.io.orc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.testkit.LocalFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import io.deltacat.bundle.orc.shaded.OrcFile;
import io.deltacat.bundle.orc.shaded.Reader;
import io.deltacat.bundle.orc.shaded.RecordReader;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.TimestampColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.VectorizedRowBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Timestamps before 1970 with a fractional second, in files of ORC's C++ writer (pyarrow) and in
 * files we write. The fixture {@code fixtures/pyarrow-timestamps.orc} was made by
 * {@code fixtures/make_fixtures.py} with pyarrow 25; it carries its expected values as int64.
 */
class OrcTimestampsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new OrcFormatProvider();

    @Test
    void readsTimestampsBefore1970FromPyarrowFilesExactly() throws IOException {
        Path file = dir.resolve("pyarrow-timestamps.orc");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/pyarrow-timestamps.orc")) {
            Files.copy(in, file);
        }
        List<long[]> wrong = new ArrayList<>();
        int rows = 0;
        try (FormatReader r = provider.openReader(LocalFiles.input(file), ReadRequest.all(1000), allocator)) {
            while (r.next()) {
                VectorSchemaRoot b = r.batch();
                BigIntVector expected = (BigIntVector) b.getVector("expected_ns");
                TimeStampVector ts = (TimeStampVector) b.getVector("ts");
                for (int i = 0; i < b.getRowCount(); i++) {
                    if (ts.get(i) != expected.get(i)) {
                        wrong.add(new long[] {expected.get(i), ts.get(i)});
                    }
                }
                rows += b.getRowCount();
            }
        }
        assertThat(rows).isEqualTo(5012);
        assertThat(wrong).as("(expected, read) pairs").isEmpty();
    }

    static final long[] NEAR_ZERO_NS = {
        -1_000_000L, -999_000_000L, -500_000L, -1L, -999_999_999L, -1_500_000_000L, -2_500_000_000L,
        -1_000_000_000L, 500_000_000L, 0L, -86_400_000_000_001L, -1_000_000_500L, -999_999_500L,
    };

    @Test
    void storesTimestampsBetweenMinusOneSecondAndZeroAsTheyAre() throws IOException {
        List<Field> fields = new ArrayList<>();
        long[] perSecond = {1_000, 1_000_000, 1_000_000_000, 1_000_000_000};
        TimeUnit[] units = {TimeUnit.MILLISECOND, TimeUnit.MICROSECOND, TimeUnit.NANOSECOND, TimeUnit.NANOSECOND};
        String[] zones = {null, "UTC", null, "America/New_York"};
        for (int c = 0; c < units.length; c++) {
            fields.add(new Field("ts" + c, FieldType.nullable(new ArrowType.Timestamp(units[c], zones[c])), null));
        }
        Schema schema = new Schema(fields);
        long[][] written = new long[units.length][NEAR_ZERO_NS.length];
        Path file = dir.resolve("near-zero.orc");
        try (FormatWriter w = provider.openWriter(LocalFiles.output(file), schema, Map.of(), allocator);
             VectorSchemaRoot b = VectorSchemaRoot.create(schema, allocator)) {
            for (int c = 0; c < units.length; c++) {
                TimeStampVector v = (TimeStampVector) b.getVector(c);
                v.allocateNew(NEAR_ZERO_NS.length);
                for (int i = 0; i < NEAR_ZERO_NS.length; i++) {
                    written[c][i] = Math.floorDiv(NEAR_ZERO_NS[i], 1_000_000_000L / perSecond[c]);
                    v.set(i, written[c][i]);
                }
            }
            b.setRowCount(NEAR_ZERO_NS.length);
            w.write(b);
            w.finish();
        }
        // our reader
        try (FormatReader r = provider.openReader(LocalFiles.input(file), ReadRequest.all(100), allocator)) {
            assertThat(r.next()).isTrue();
            for (int c = 0; c < units.length; c++) {
                TimeStampVector v = (TimeStampVector) r.batch().getVector(c);
                long[] read = new long[NEAR_ZERO_NS.length];
                for (int i = 0; i < read.length; i++) {
                    read[i] = v.get(i);
                }
                assertThat(read).as("column ts%d", c).containsExactly(written[c]);
            }
        }
        // ORC's own reader: the milliseconds it hands over lie within one millisecond of the value
        // (before the fix, -1 ms came back as +999 ms)
        try (Reader reader = OrcFile.createReader(new org.apache.hadoop.fs.Path(file.toString()),
                OrcFile.readerOptions(new org.apache.hadoop.conf.Configuration(false))
                        .filesystem(OrcInteropTest.localFileSystem()).useUTCTimestamp(true)
                        .convertToProlepticGregorian(true));
             RecordReader rows = reader.rows()) {
            VectorizedRowBatch batch = reader.getSchema().createRowBatch();
            assertThat(rows.nextBatch(batch)).isTrue();
            for (int c = 0; c < units.length; c++) {
                TimestampColumnVector ts = (TimestampColumnVector) batch.cols[c];
                for (int i = 0; i < NEAR_ZERO_NS.length; i++) {
                    double millis = written[c][i] * (1000.0 / perSecond[c]);
                    assertThat((double) ts.time[i]).as("column ts%d row %d (%d ns)", c, i, NEAR_ZERO_NS[i])
                            .isBetween(millis - 1, millis + 1);
                }
            }
        }
    }
}
