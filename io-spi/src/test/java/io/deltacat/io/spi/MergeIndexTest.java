package io.deltacat.io.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MergeIndexTest {
    static final Schema KEYS = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("region", ArrowType.Utf8.INSTANCE)));
    final RootAllocator allocator = new RootAllocator();
    final AtomicInteger open = new AtomicInteger();

    @AfterEach
    void leaks() {
        assertThat(open).hasValue(0);
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    /** A reader over batches of (id, region) rows; {@code null} id or region is a null slot. */
    private FormatReader reader(List<List<Object[]>> batches) {
        open.incrementAndGet();
        return new FormatReader() {
            int next;
            VectorSchemaRoot current;

            @Override
            public Schema schema() {
                return KEYS;
            }

            @Override
            public boolean next() {
                if (current != null) {
                    current.close();
                    current = null;
                }
                if (next >= batches.size()) {
                    return false;
                }
                List<Object[]> rows = batches.get(next++);
                current = VectorSchemaRoot.create(KEYS, allocator);
                current.allocateNew();
                BigIntVector id = (BigIntVector) current.getVector("id");
                VarCharVector region = (VarCharVector) current.getVector("region");
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.get(i)[0] == null) {
                        id.setNull(i);
                    } else {
                        id.setSafe(i, (Long) rows.get(i)[0]);
                    }
                    if (rows.get(i)[1] == null) {
                        region.setNull(i);
                    } else {
                        region.setSafe(i, ((String) rows.get(i)[1]).getBytes(StandardCharsets.UTF_8));
                    }
                }
                current.setRowCount(rows.size());
                return true;
            }

            @Override
            public VectorSchemaRoot batch() {
                return current;
            }

            @Override
            public void close() {
                if (current != null) {
                    current.close();
                }
                open.decrementAndGet();
            }
        };
    }

    private static List<Object[]> batch(Object[]... rows) {
        return List.of(rows);
    }

    private static Object[] r(Long id, String region) {
        return new Object[] {id, region};
    }

    private static List<Integer> rows(MergeIndex index, int file, long offset, int count) {
        List<Integer> out = new ArrayList<>();
        for (int i : index.select(file, offset, count)) {
            out.add(i);
        }
        return out;
    }

    @Test
    void newestVersionOfEachKeyWinsAndDeletesRemoveKeys() {
        List<List<List<Object[]>>> files = List.of(
                // file 0: two batches
                List.of(batch(r(1L, "eu"), r(2L, "eu"), r(3L, "eu")), batch(r(1L, "us"), r(null, "eu"))),
                // file 1: upsert of (1, eu) twice (the later row wins) and (4, eu)
                List.of(batch(r(1L, "eu"), r(4L, "eu"), r(1L, "eu"))),
                // file 2: delete (2, eu) and a null-region key nobody has
                List.of(batch(r(2L, "eu"), r(5L, null))));
        MergeIndex index = MergeIndex.build(new boolean[] {false, false, true}, List.of("id", "region"),
                i -> reader(files.get(i)));
        // file 0: (1,eu) superseded, (2,eu) deleted, (3,eu) live; batch 2: (1,us) and (null,eu) live
        assertThat(rows(index, 0, 0, 3)).containsExactly(2);
        assertThat(rows(index, 0, 3, 2)).containsExactly(0, 1);
        assertThat(rows(index, 1, 0, 3)).containsExactly(1, 2);
        assertThat(index.hasLiveRows(2)).isFalse();
        assertThat(index.liveRows()).isEqualTo(5);
        assertThat(index.distinctKeys()).isEqualTo(7);
    }

    @Test
    void aKeyDeletedThenWrittenAgainIsLive() {
        List<List<List<Object[]>>> files = List.of(List.of(batch(r(1L, "a"))), List.of(batch(r(1L, "a"))),
                List.of(batch(r(1L, "a"))));
        MergeIndex index = MergeIndex.build(new boolean[] {false, true, false}, List.of("id", "region"),
                i -> reader(files.get(i)));
        assertThat(index.hasLiveRows(0)).isFalse();
        assertThat(rows(index, 2, 0, 1)).containsExactly(0);
        assertThat(index.liveRows()).isEqualTo(1);
    }

    @Test
    void missingKeyColumnIsAnErrorAndReadersAreClosed() {
        assertThatThrownBy(() -> MergeIndex.build(new boolean[] {false}, List.of("nope"),
                i -> reader(List.of(batch(r(1L, "a")))))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> MergeIndex.build(new boolean[] {false}, List.of(), i -> reader(List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void singleIntegerKeysTakeThePrimitivePathWithNullsAndExtremes() {
        // file 0: 10,000 keys (the set grows), plus Long.MIN_VALUE and null; file 1 deletes some; file 2 re-adds
        List<Object[]> base = new ArrayList<>();
        for (long i = 0; i < 10_000; i++) {
            base.add(r(i, "x"));
        }
        base.add(r(Long.MIN_VALUE, "x"));
        base.add(r(null, "x"));
        List<List<List<Object[]>>> files = List.of(List.of(base),
                List.of(batch(r(5L, null), r(Long.MIN_VALUE, null), r(null, null), r(7L, null))),
                List.of(batch(r(7L, "y"), r(7L, "z"))));
        MergeIndex index = MergeIndex.build(new boolean[] {false, true, false}, List.of("id"), i -> reader(files.get(i)));
        assertThat(index.distinctKeys()).isEqualTo(10_002);
        assertThat(index.liveRows()).isEqualTo(10_002 - 4 + 1);
        List<Integer> live0 = rows(index, 0, 0, base.size());
        assertThat(live0).hasSize(10_002 - 4).doesNotContain(5, 7, 10_000, 10_001).contains(0, 6, 9_999);
        assertThat(rows(index, 2, 0, 2)).as("the later row of key 7").containsExactly(1);
    }
}
