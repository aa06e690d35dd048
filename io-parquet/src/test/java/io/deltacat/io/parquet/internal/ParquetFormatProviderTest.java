package io.deltacat.io.parquet.internal;

import io.deltacat.io.testkit.LocalFiles;
import static io.deltacat.io.testkit.AllTypesData.ALL_TYPES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.model.ColumnStats;
import io.deltacat.io.spi.FileFacts;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.testkit.AllTypesData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What is Parquet's own: the module path, row groups, the codec and statistics in the footer (the
 * rest: {@link ParquetContractTest}).
 */
class ParquetFormatProviderTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new ParquetFormatProvider();

    Path write(String name, Map<String, String> options, int rows, int batchRows) {
        Path path = dir.resolve(name);
        try (FormatWriter w = provider.openWriter(LocalFiles.output(path), ALL_TYPES, options, allocator)) {
            for (int from = 0; from < rows; from += batchRows) {
                try (VectorSchemaRoot b = AllTypesData.batch(ALL_TYPES, from, Math.min(batchRows, rows - from), allocator)) {
                    w.write(b);
                }
            }
            w.finish();
        }
        return path;
    }

    static ParquetMetadata footer(Path path) throws IOException {
        try (ParquetFileReader r = ParquetFileReader.open(ParquetFiles.input(LocalFiles.input(path)),
                ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(ParquetCodecs.INSTANCE).build())) {
            return r.getFooter();
        }
    }

    @Test
    void describesItself() {
        assertThat(provider.name()).isEqualTo("parquet");
        assertThat(provider.extensions()).containsExactly("parquet");
        // runs on the module path: the provider is a named module, Parquet-Java its bundle
        Module module = ParquetFormatProvider.class.getModule();
        assertThat(module.getName()).isEqualTo("io.deltacat.io.parquet");
        assertThat(module.getDescriptor().provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(FormatProvider.class.getName());
            assertThat(p.providers()).containsExactly(ParquetFormatProvider.class.getName());
        });
        assertThat(module.getDescriptor().exports()).isEmpty();
        assertThat(ParquetFileReader.class.getModule().getName()).isEqualTo("io.deltacat.bundle.parquet");
    }

    @Test
    void rollsRowGroupsBySize() throws IOException {
        Path path = write("rg.parquet", Map.of("row_group_size", "16384", "page_size", "4096"), 5000, 700);
        List<BlockMetaData> groups = footer(path).getBlocks();
        assertThat(groups.size()).isGreaterThan(3);
        assertThat(groups.stream().mapToLong(BlockMetaData::getRowCount).sum()).isEqualTo(5000);
        List<List<Object>> rows = new ArrayList<>();
        try (FormatReader r = provider.openReader(LocalFiles.input(path), ReadRequest.all(777), allocator)) {
            while (r.next()) {
                rows.addAll(AllTypesData.rows(r.batch()));
            }
        }
        assertThat(rows).isEqualTo(AllTypesData.expected(ALL_TYPES, 5000, allocator));
    }

    @Test
    void inspectCombinesTheRowGroupsOfTheFooterAndAgreesWithAFullRead() throws IOException {
        Path path = write("facts.parquet", Map.of("row_group_size", "16384", "page_size", "4096"), 5000, 700);
        assertThat(footer(path).getBlocks().size()).as("several row groups to combine").isGreaterThan(3);
        FileFacts fromFooter = provider.inspect(LocalFiles.input(path), ALL_TYPES, allocator);
        // the same provider without its override: the SPI's default reads every row
        FormatProvider fullRead = new FormatProvider() {
            public String name() {
                return provider.name();
            }

            public Set<String> extensions() {
                return provider.extensions();
            }

            public void checkSchema(Schema schema) {
                provider.checkSchema(schema);
            }

            public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                           BufferAllocator a) {
                return provider.openWriter(file, schema, options, a);
            }

            public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator a) {
                return provider.openReader(file, request, a);
            }
        };
        FileFacts fromRows = fullRead.inspect(LocalFiles.input(path), ALL_TYPES, allocator);
        assertThat(fromFooter.schema()).isEqualTo(fromRows.schema()).isEqualTo(ALL_TYPES);
        assertThat(fromFooter.rowCount()).isEqualTo(fromRows.rowCount()).isEqualTo(5000);
        // the footer may know less (binaries, strings beyond the BMP), never something else
        fromFooter.columnStats().forEach((column, s) -> {
            ColumnStats rows = fromRows.columnStats().get(column);
            assertThat(s.nullCount()).as(column).isEqualTo(rows.nullCount());
            if (s.min().isPresent()) {
                assertThat(s.min()).as(column).isEqualTo(rows.min());
                assertThat(s.max()).as(column).isEqualTo(rows.max());
            }
        });
        for (String column : List.of("id", "i32", "f32", "flag", "day", "ts_ns_tz", "dec30")) {
            assertThat(fromFooter.columnStats().get(column).min()).as(column).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "snappy", "gzip", "none", "ZSTD"})
    void theCodecIsRecordedInTheFooter(String codec) throws IOException {
        Path path = write("c.parquet", Map.of("compression", codec), 500, 500);
        CompressionCodecName expected = codec.equals("none") ? CompressionCodecName.UNCOMPRESSED
                : CompressionCodecName.valueOf(codec.toUpperCase(java.util.Locale.ROOT));
        assertThat(footer(path).getBlocks().get(0).getColumns()).allMatch(c -> c.getCodec() == expected);
    }

    @Test
    void zstdIsTheDefault() throws IOException {
        Path path = write("d.parquet", Map.of(), 10, 10);
        assertThat(footer(path).getBlocks().get(0).getColumns()).allMatch(c -> c.getCodec() == CompressionCodecName.ZSTD);
    }

    @Test
    void aRowGroupSizeMustBePositive() {
        Path path = dir.resolve("x.parquet");
        assertThatThrownBy(() -> provider.openWriter(LocalFiles.output(path), ALL_TYPES, Map.of("row_group_size", "-1"),
                allocator)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("row_group_size");
        assertThat(path).doesNotExist();
    }
}
