package io.deltacat.io.text.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.Storages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Timestamps and dates at the ends of their Arrow range in the text formats: what is written reads
 * back exactly (1677-09-21 as timestamp[ns] once failed every read with "long overflow"), and what
 * text cannot hold is refused while writing, naming the column.
 */
class TextTimestampsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    static FormatProvider provider(String name) {
        switch (name) {
            case "csv": return new CsvFormatProvider();
            case "tsv": return new TsvFormatProvider();
            case "psv": return new PsvFormatProvider();
            default: return new JsonLinesFormatProvider();
        }
    }

    private static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    static final long[] EXTREMES = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
    static final int[] DAYS = {Integer.MIN_VALUE, -719_529, -1, 0, 2_932_896, Integer.MAX_VALUE};

    @ParameterizedTest
    @ValueSource(strings = {"csv", "tsv", "psv", "json"})
    void timestampsAndDatesAtTheEndsOfTheirRangeReadBackExactly(String format) {
        Schema schema = new Schema(List.of(
                field("ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
                field("ns_tz", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "America/New_York")),
                field("us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                field("ms_tz", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
                field("day", new ArrowType.Date(DateUnit.DAY))));
        Path path = dir.resolve("extremes." + format);
        FormatProvider p = provider(format);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int c = 0; c < 4; c++) {
                TimeStampVector v = (TimeStampVector) root.getVector(c);
                for (int i = 0; i < EXTREMES.length; i++) {
                    v.setSafe(i, EXTREMES[i]);
                }
            }
            DateDayVector day = (DateDayVector) root.getVector("day");
            for (int i = 0; i < EXTREMES.length; i++) {
                day.setSafe(i, DAYS[i % DAYS.length]);
            }
            root.setRowCount(EXTREMES.length);
            List<List<Object>> expected = rows(root);
            write(p, path, root);
            assertThat(read(p, path, schema)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "tsv", "psv", "json"})
    void secondTimestampsBeyondWhatTextCanSayAreRefusedWhileWritingNamingTheColumn(String format) {
        Schema schema = new Schema(List.of(field("id", new ArrowType.Int(32, true)),
                field("seen", new ArrowType.Timestamp(TimeUnit.SECOND, null))));
        Path path = dir.resolve("far." + format);
        FormatProvider p = provider(format);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            ((org.apache.arrow.vector.IntVector) root.getVector("id")).setSafe(0, 1);
            ((TimeStampVector) root.getVector("seen")).setSafe(0, Long.MAX_VALUE);
            root.setRowCount(1);
            assertThatThrownBy(() -> write(p, path, root)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("'seen'").hasMessageContaining("Timestamp(SECOND, null)")
                    .hasMessageContaining(String.valueOf(Long.MAX_VALUE));
        }
        assertThat(Files.exists(path)).isFalse();
    }

    private static Storage local(Path path) {
        return Storages.forUri(path.toUri().toString(), Map.of());
    }

    private void write(FormatProvider p, Path path, VectorSchemaRoot root) {
        try (FormatWriter w = p.openWriter(local(path).outputFile(path.toUri().toString()), root.getSchema(),
                Map.of(), allocator)) {
            w.write(root);
            w.finish();
        }
    }

    private List<List<Object>> read(FormatProvider p, Path path, Schema schema) {
        try (FormatReader r = p.openReader(local(path).inputFile(path.toUri().toString()),
                ReadRequest.all(100).withExpectedSchema(schema), allocator)) {
            List<List<Object>> rows = new ArrayList<>();
            while (r.next()) {
                rows.addAll(rows(r.batch()));
            }
            return rows;
        }
    }

    private static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> out = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : root.getFieldVectors()) {
                row.add(v instanceof TimeStampVector ? (Object) ((TimeStampVector) v).get(r)
                        : ((DateDayVector) v).get(r));
            }
            out.add(row);
        }
        return out;
    }
}
