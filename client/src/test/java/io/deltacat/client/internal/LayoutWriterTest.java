package io.deltacat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.SortKey;
import io.deltacat.io.spi.ArrowValues;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.WrittenFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * The layout writer against a recording format: rows grouped by partition value, each file sorted,
 * buffers flushed at the target and early when all partitions together hold too much, nothing leaked,
 * and the caller's batch untouched.
 */
class LayoutWriterTest {
    static final Schema SCHEMA = new Schema(List.of(Field.nullable("k", new ArrowType.Int(64, true)),
            Field.nullable("v", new ArrowType.Int(64, true))));

    /** Every file "written": its name and the (k, v) rows in write order. */
    final Map<String, List<long[]>> files = new HashMap<>();

    final FormatProvider recording = new FormatProvider() {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Set<String> extensions() {
            return Set.of("rec");
        }

        @Override
        public void checkSchema(Schema schema) {
        }

        @Override
        public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                       BufferAllocator allocator) {
            String uri = file.toString();
            List<long[]> rows = new ArrayList<>();
            return new FormatWriter() {
                @Override
                public void write(VectorSchemaRoot batch) {
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        Object k = ArrowValues.canonical(batch.getVector("k"), i);
                        Object v = ArrowValues.canonical(batch.getVector("v"), i);
                        rows.add(new long[] {k == null ? Long.MIN_VALUE : (Long) k, (Long) v});
                    }
                }

                @Override
                public long estimatedSize() {
                    return rows.size() * 16L;
                }

                @Override
                public WrittenFile finish() {
                    files.put(uri + "#" + files.size(), rows);
                    return new WrittenFile(uri, rows.size(), rows.size() * 16L);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
            throw new UnsupportedOperationException("write-only test format");
        }
    };

    /** A storage whose output files are only names. */
    static final Storage NAMES = (Storage) java.lang.reflect.Proxy.newProxyInstance(Storage.class.getClassLoader(),
            new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                if (method.getName().equals("outputFile")) {
                    String uri = (String) args[0];
                    return java.lang.reflect.Proxy.newProxyInstance(OutputFile.class.getClassLoader(),
                            new Class<?>[] {OutputFile.class}, (p, m, a) -> m.getName().equals("toString") ? uri : null);
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private static VectorSchemaRoot batch(BufferAllocator allocator, long from, long to) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        int n = (int) (to - from);
        for (int r = 0; r < n; r++) {
            long i = from + r;
            if (i % 13 == 0) {
                ((BigIntVector) root.getVector("k")).setNull(r);
            } else {
                ((BigIntVector) root.getVector("k")).setSafe(r, i % 10);
            }
            ((BigIntVector) root.getVector("v")).setSafe(r, (i * 7919) % 1000);
        }
        root.setRowCount(n);
        return root;
    }

    @Test
    void groupsSortsAndFlushesEarlyWithoutLeaks() {
        try (RootAllocator allocator = new RootAllocator()) {
            List<LayoutWriter.Written> written;
            // 11 partitions (0..9 and null) of ~8-byte rows; a 4 KiB target: flushes by size and early
            try (LayoutWriter w = new LayoutWriter(SCHEMA, List.of(PartitionKey.identity("k")),
                    List.of(SortKey.desc("v")), recording, NAMES, "mem://t/", "part-", 0, Map.of(), 4096, allocator)) {
                for (long from = 0; from < 20_000; from += 1000) {
                    try (VectorSchemaRoot b = batch(allocator, from, from + 1000)) {
                        w.add(b);
                        assertThat(b.getRowCount()).isEqualTo(1000);
                        assertThat(b.getVector("k").getValueCount()).isEqualTo(1000); // copied, not moved
                    }
                }
                written = w.finish();
                assertThat(allocator.getAllocatedMemory()).isZero(); // every buffer flushed and closed
            }
            assertThat(written.size()).isGreaterThan(11).isEqualTo(files.size());
            long rows = 0;
            for (LayoutWriter.Written f : written) {
                Object value = f.partitionValues().get(0);
                assertThat(f.name()).startsWith("part-").endsWith(".rec");
                rows += f.file().rowCount();
                assertThat(f.stats().get("k").nullCount()).isEqualTo(value == null ? f.file().rowCount() : 0);
            }
            assertThat(rows).isEqualTo(20_000);
            for (List<long[]> file : files.values()) {
                for (int i = 1; i < file.size(); i++) {
                    assertThat(file.get(i)[0]).isEqualTo(file.get(0)[0]);          // one partition per file
                    assertThat(file.get(i)[1]).isLessThanOrEqualTo(file.get(i - 1)[1]); // sorted desc by v
                }
            }
        }
    }
}
