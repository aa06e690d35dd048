package io.deltacat.io.text.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storages;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.deltacat.io.testkit.ArrowMemory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Feather file with a dictionary-encoded column (pandas categoricals, pyarrow's
 * {@code dictionary_encode}), written here by Arrow Java's own IPC writer: it reads as its values.
 */
class FeatherDictionaryInputTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    @Test
    void dictionaryEncodedColumnsReadAsTheirValues() throws Exception {
        Path path = dir.resolve("cities.feather");
        DictionaryEncoding encoding = new DictionaryEncoding(7L, false, new ArrowType.Int(32, true));
        Schema schema = new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("city", new FieldType(true, new ArrowType.Int(32, true), encoding), null)));
        String[] words = {"paris", "oslo", "rome"};
        int[] codes = {0, 1, 0, -1, 2, 2, 1};
        try (VarCharVector values = new VarCharVector("dict", allocator);
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (int i = 0; i < words.length; i++) {
                values.setSafe(i, words[i].getBytes(StandardCharsets.UTF_8));
            }
            values.setValueCount(words.length);
            DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
            provider.put(new Dictionary(values, encoding));
            for (int i = 0; i < codes.length; i++) {
                ((BigIntVector) root.getVector("id")).setSafe(i, i);
                if (codes[i] >= 0) {
                    ((IntVector) root.getVector("city")).setSafe(i, codes[i]);
                }
            }
            root.setRowCount(codes.length);
            try (FileOutputStream out = new FileOutputStream(path.toFile());
                 ArrowFileWriter w = new ArrowFileWriter(root, provider, out.getChannel())) {
                w.start();
                w.writeBatch();
                w.writeBatch();
                w.end();
            }
        }
        String uri = path.toUri().toString();
        List<String> cities = new ArrayList<>();
        try (FormatReader r = new FeatherFormatProvider().openReader(Storages.forUri(uri, Map.of()).inputFile(uri),
                ReadRequest.all(3), allocator)) {
            assertThat(r.schema().findField("city").getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
            assertThat(r.schema().findField("city").getDictionary()).isNull();
            while (r.next()) {
                FieldVector city = r.batch().getVector("city");
                assertThat(city).isInstanceOf(VarCharVector.class);
                for (int i = 0; i < r.batch().getRowCount(); i++) {
                    cities.add(city.isNull(i) ? null : city.getObject(i).toString());
                }
            }
        }
        List<String> once = java.util.Arrays.asList("paris", "oslo", "paris", null, "rome", "rome", "oslo");
        List<String> twice = new ArrayList<>(once);
        twice.addAll(once);
        assertThat(cities).isEqualTo(twice);
    }
}
