package io.deltacat.io.parquet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parquet files other tools write ({@code fixtures/make_fixtures.py}, pyarrow 25): LZ4_RAW and BROTLI
 * pages, INT96 timestamps (Spark, Impala), time32/time64 columns, and the refusal of a type still not read.
 */
class ParquetForeignInputsTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new ParquetFormatProvider();

    Path fixture(String name) throws IOException {
        Path path = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            Files.copy(in, path);
        }
        return path;
    }

    /** Every value of the file, per column name, as Java objects (or the raw long of time vectors). */
    List<List<Object>> read(Path path, List<String> columns) {
        List<List<Object>> rows = new ArrayList<>();
        try (FormatReader r = provider.openReader(LocalFiles.input(path), new ReadRequest(columns,
                java.util.Optional.empty(), 300), allocator)) {
            while (r.next()) {
                VectorSchemaRoot b = r.batch();
                for (int i = 0; i < b.getRowCount(); i++) {
                    List<Object> row = new ArrayList<>();
                    for (FieldVector v : b.getFieldVectors()) {
                        row.add(v.isNull(i) ? null : v instanceof TimeMilliVector ? (Object) (long) ((TimeMilliVector) v).get(i)
                                : v instanceof BaseFixedWidthVector && v.getField().getType() instanceof ArrowType.Time
                                ? (Object) ((BaseFixedWidthVector) v).getDataBuffer().getLong((long) i * 8)
                                : String.valueOf(v.getObject(i)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    @Test
    void readsLz4RawAndBrotliPages() throws IOException {
        for (String file : List.of("pyarrow-lz4raw.parquet", "pyarrow-brotli.parquet")) {
            List<List<Object>> rows = read(fixture(file), List.of());
            assertThat(rows).as(file).hasSize(1000);
            for (int i = 0; i < 1000; i += 111) {
                assertThat(rows.get(i)).as(file).containsExactly(String.valueOf(i), "name-" + (i % 37));
            }
        }
    }

    @Test
    void readsInt96TimestampsAsNanoseconds() throws IOException {
        Path path = fixture("pyarrow-int96-times-nested.parquet");
        try (FormatReader r = provider.openReader(LocalFiles.input(path),
                new ReadRequest(List.of("spark_ts"), java.util.Optional.empty(), 10), allocator)) {
            assertThat(r.schema().getFields().get(0).getType()).isEqualTo(new ArrowType.Timestamp(TimeUnit.NANOSECOND, null));
        }
        List<List<Object>> rows = read(path, List.of("spark_ts"));
        assertThat(rows).extracting(row -> row.get(0)).containsExactly(
                "1969-12-31T23:59:58.500", "1970-01-01T00:00", "2023-11-14T22:13:20.123456", null, "1970-01-02T00:00");
    }

    @Test
    void readsTime32AndTime64Columns() throws IOException {
        Path path = fixture("pyarrow-int96-times-nested.parquet");
        List<List<Object>> rows = read(path, List.of("t32", "t64", "t64ns"));
        assertThat(rows).containsExactly(
                Arrays.asList(0L, 0L, 0L),
                Arrays.asList(1_000L, 1L, 1L),
                Arrays.asList(86_399_999L, 86_399_999_999L, 86_399_999_999_999L),
                Arrays.asList(null, null, null),
                Arrays.asList(43_200_000L, 43_200_000_000L, 5L));
    }

    @Test
    void storesTimeColumnsAndReadsThemBack() {
        Schema schema = new Schema(List.of(
                new Field("ms", FieldType.nullable(new ArrowType.Time(TimeUnit.MILLISECOND, 32)), null),
                new Field("us", FieldType.nullable(new ArrowType.Time(TimeUnit.MICROSECOND, 64)), null),
                new Field("ns", FieldType.nullable(new ArrowType.Time(TimeUnit.NANOSECOND, 64)), null)));
        Path path = dir.resolve("times.parquet");
        try (FormatWriter w = provider.openWriter(LocalFiles.output(path), schema, Map.of(), allocator);
             VectorSchemaRoot b = VectorSchemaRoot.create(schema, allocator)) {
            ((TimeMilliVector) b.getVector(0)).setSafe(0, 86_399_999);
            ((TimeMicroVector) b.getVector(1)).setSafe(0, 1L);
            ((TimeNanoVector) b.getVector(2)).setSafe(0, 86_399_999_999_999L);
            b.setRowCount(2); // row 1 all null
            w.write(b);
            w.finish();
        }
        try (FormatReader r = provider.openReader(LocalFiles.input(path), ReadRequest.all(10), allocator)) {
            assertThat(r.schema()).isEqualTo(schema);
        }
        assertThat(read(path, List.of())).containsExactly(Arrays.asList(86_399_999L, 1L, 86_399_999_999_999L),
                Arrays.asList(null, null, null));
    }

    @Test
    void aTypeWeCannotReadNamesTheColumnAndItsWholeType() throws IOException {
        // lists of lists are read now (ParquetNestedListsTest); a map inside a list is not
        Path path = fixture("pyarrow-map-in-list.parquet");
        assertThatThrownBy(() -> read(path, List.of("attrs"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'attrs'").hasMessageContaining("list<map>")
                .hasMessageNotContaining("'element'").hasMessageNotContaining("'key_value'");
    }
}
