package io.deltacat.io.orc.internal;

import io.deltacat.io.testkit.LocalFiles;
import static io.deltacat.io.testkit.AllTypesData.ALL_TYPES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.testkit.AllTypesData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import io.deltacat.bundle.orc.shaded.CompressionKind;
import io.deltacat.bundle.orc.shaded.OrcFile;
import io.deltacat.bundle.orc.shaded.Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What is ORC's own: the module path, stripes, the codec in the footer (the rest: {@link OrcContractTest}). */
class OrcFormatProviderTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new OrcFormatProvider();

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

    /** ORC's own reader (no code of ours) over a local file. */
    static Reader orcReader(Path path) throws IOException {
        return OrcFile.createReader(new org.apache.hadoop.fs.Path(path.toString()),
                OrcFile.readerOptions(new org.apache.hadoop.conf.Configuration(false))
                        .filesystem(OrcInteropTest.localFileSystem()));
    }

    @Test
    void describesItself() {
        assertThat(provider.name()).isEqualTo("orc");
        assertThat(provider.extensions()).containsExactly("orc");
        Module module = OrcFormatProvider.class.getModule();
        assertThat(module.getName()).isEqualTo("io.deltacat.io.orc");
        assertThat(module.getDescriptor().provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(FormatProvider.class.getName());
            assertThat(p.providers()).containsExactly(OrcFormatProvider.class.getName());
        });
        assertThat(module.getDescriptor().exports()).isEmpty();
        assertThat(OrcFile.class.getModule().getName()).isEqualTo("io.deltacat.bundle.orc");
        // Hadoop's client API comes from the Parquet bundle: one copy of org.apache.hadoop.* per module path
        assertThat(org.apache.hadoop.conf.Configuration.class.getModule().getName())
                .isEqualTo("io.deltacat.bundle.parquet");
    }

    @Test
    void rollsStripesBySize() throws IOException {
        Path path = write("s.orc", Map.of("stripe_size", "65536"), 20_000, 2000);
        try (Reader r = orcReader(path)) {
            assertThat(r.getStripes().size()).isGreaterThan(1);
            assertThat(r.getNumberOfRows()).isEqualTo(20_000);
        }
        List<List<Object>> rows = new ArrayList<>();
        try (FormatReader r = provider.openReader(LocalFiles.input(path), ReadRequest.all(3333), allocator)) {
            while (r.next()) {
                rows.addAll(AllTypesData.rows(r.batch()));
            }
        }
        assertThat(rows).isEqualTo(AllTypesData.expected(ALL_TYPES, 20_000, allocator));
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "snappy", "zlib", "none", "ZSTD"})
    void theCodecIsRecordedInTheFooter(String codec) throws IOException {
        CompressionKind expected = codec.equals("none") ? CompressionKind.NONE
                : CompressionKind.valueOf(codec.toUpperCase(java.util.Locale.ROOT));
        try (Reader r = orcReader(write("c.orc", Map.of("compression", codec), 500, 500))) {
            assertThat(r.getCompressionKind()).isEqualTo(expected);
        }
    }

    @Test
    void zstdIsTheDefault() throws IOException {
        try (Reader r = orcReader(write("d.orc", Map.of(), 10, 10))) {
            assertThat(r.getCompressionKind()).isEqualTo(CompressionKind.ZSTD);
        }
    }

    @Test
    void aStripeSizeMustBePositive() {
        Path path = dir.resolve("x.orc");
        assertThatThrownBy(() -> provider.openWriter(LocalFiles.output(path), ALL_TYPES, Map.of("stripe_size", "-1"), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("stripe_size");
        assertThat(path).doesNotExist();
    }
}
