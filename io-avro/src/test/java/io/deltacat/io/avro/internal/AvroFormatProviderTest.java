package io.deltacat.io.avro.internal;

import io.deltacat.io.testkit.LocalFiles;
import static io.deltacat.io.testkit.AllTypesData.ALL_TYPES;
import static io.deltacat.io.testkit.AllTypesData.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.testkit.AllTypesData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What is Avro's own: the module, the codec in the file header, Avro's naming rules (the rest: {@link AvroContractTest}). */
class AvroFormatProviderTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    final FormatProvider provider = new AvroFormatProvider();

    Path write(String name, Map<String, String> options) {
        Path path = dir.resolve(name);
        try (FormatWriter w = provider.openWriter(LocalFiles.output(path), ALL_TYPES, options, allocator);
             VectorSchemaRoot b = AllTypesData.batch(ALL_TYPES, 0, 100, allocator)) {
            w.write(b);
            w.finish();
        }
        return path;
    }

    /** The codec recorded in the file header, read with Avro's own reader. */
    static String codecOf(Path path) throws IOException {
        try (DataFileReader<GenericRecord> r = new DataFileReader<>(path.toFile(), new GenericDatumReader<>())) {
            return r.getMetaString("avro.codec");
        }
    }

    @Test
    void describesItself() {
        assertThat(provider.name()).isEqualTo("avro");
        assertThat(provider.extensions()).containsExactly("avro");
        Module module = AvroFormatProvider.class.getModule();
        assertThat(module.getName()).isEqualTo("io.deltacat.io.avro");
        assertThat(module.getDescriptor().provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(FormatProvider.class.getName());
            assertThat(p.providers()).containsExactly(AvroFormatProvider.class.getName());
        });
        assertThat(module.getDescriptor().exports()).isEmpty();
        assertThat(DataFileReader.class.getModule().getName()).isEqualTo("org.apache.avro");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zstd", "snappy", "deflate", "none", "ZSTD"})
    void theCodecIsRecordedInTheHeader(String codec) throws IOException {
        String expected = codec.equals("none") ? "null" : codec.equalsIgnoreCase("zstd") ? "zstandard" : codec;
        assertThat(codecOf(write("c.avro", Map.of("compression", codec)))).isEqualTo(expected);
    }

    @Test
    void zstdIsTheDefault() throws IOException {
        assertThat(codecOf(write("d.avro", Map.of()))).isEqualTo("zstandard");
    }

    @Test
    void namesAvroCannotHoldAndEmptyOptionsAreRefused() {
        assertThatThrownBy(() -> provider.checkSchema(new Schema(List.of(field("my col", true, ArrowType.Utf8.INSTANCE)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'my col'");
        Path path = dir.resolve("x.avro");
        assertThatThrownBy(() -> provider.openWriter(LocalFiles.output(path), ALL_TYPES, Map.of("compression", ""), allocator))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("compression");
        assertThat(path).doesNotExist();
    }
}
