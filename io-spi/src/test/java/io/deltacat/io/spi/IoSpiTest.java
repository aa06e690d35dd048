package io.deltacat.io.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.ColumnStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoSpiTest {
    static final Schema SCHEMA = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("name", new ArrowType.Utf8()),
            Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

    @TempDir
    Path dir;
    final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void leakCheck() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    private VectorSchemaRoot batch() {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        Float8Vector score = (Float8Vector) root.getVector("score");
        String[] names = {"b", null, "a", "c"};
        for (int i = 0; i < 4; i++) {
            id.setSafe(i, 10 - i);
            if (names[i] != null) {
                name.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
            }
            if (i != 3) {
                score.setSafe(i, i * 0.5);
            }
        }
        root.setRowCount(4);
        return root;
    }

    @Test
    void localFilesAppearWholeOnCloseAndNeverAfterAbort() throws IOException {
        Storage storage = Storages.forUri(dir.toUri().toString(), Map.of());
        String uri = dir.resolve("a/b/file.bin").toUri().toString();
        AtomicOutputStream out = storage.outputFile(uri).create();
        out.write("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(out.position()).isEqualTo(5);
        assertThat(storage.exists(uri)).isFalse();
        out.close();
        assertThat(storage.exists(uri)).isTrue();
        assertThat(storage.size(uri)).isEqualTo(5);
        try (SeekableByteChannel ch = storage.inputFile(uri).open()) {
            ByteBuffer buf = ByteBuffer.allocate(5);
            ch.position(1);
            ch.read(buf);
            assertThat(new String(buf.array(), 0, 4, StandardCharsets.UTF_8)).isEqualTo("ello");
        }
        assertThatThrownBy(() -> storage.outputFile(uri).create()).isInstanceOf(IOException.class);

        String aborted = dir.resolve("a/aborted.bin").toUri().toString();
        AtomicOutputStream gone = storage.outputFile(aborted).create();
        gone.write(1);
        gone.abort();
        gone.close();
        assertThat(storage.exists(aborted)).isFalse();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).count()).as("no temporary files left").isEqualTo(1);
        }
        assertThat(storage.list(dir.resolve("a").toUri().toString())).containsExactly(uri);
        storage.deletePrefix(dir.resolve("a").toUri().toString());
        assertThat(storage.exists(uri)).isFalse();
        storage.deletePrefix(dir.resolve("missing").toUri().toString());
    }

    @Test
    void aDirectoryShapedFileExistsAndWeighsItsContents() throws IOException {
        Storage storage = Storages.forUri(dir.toUri().toString(), Map.of());
        Path dataset = dir.resolve("part-0.lance");
        Files.createDirectories(dataset.resolve("data"));
        Files.write(dataset.resolve("data/a.bin"), new byte[10]);
        Files.write(dataset.resolve("manifest"), new byte[5]);
        assertThat(storage.exists(dataset.toUri().toString())).isTrue();
        assertThat(storage.size(dataset.toUri().toString())).isEqualTo(15);
        assertThat(storage.exists(dir.resolve("absent").toUri().toString())).isFalse();
    }

    @Test
    void unknownSchemesAndFormatsNameWhatIsMissing() {
        assertThatThrownBy(() -> Storages.forUri("gopher://x/y", Map.of()))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("gopher");
        assertThatThrownBy(() -> Formats.require("orc"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("io.deltacat.io.orc");
        assertThatThrownBy(() -> Formats.require("csv"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("io.deltacat.io.text");
    }

    @Test
    void statisticsCoverMinMaxAndNulls() {
        try (VectorSchemaRoot b = batch()) {
            ColumnStatsCollector stats = new ColumnStatsCollector();
            stats.add(b);
            Map<String, ColumnStats> r = stats.result();
            assertThat(r.get("id")).isEqualTo(new ColumnStats(Optional.of(7L), Optional.of(10L), 0));
            assertThat(r.get("name")).isEqualTo(new ColumnStats(Optional.of("a"), Optional.of("c"), 1));
            assertThat(r.get("score")).isEqualTo(new ColumnStats(Optional.of(0.0), Optional.of(1.0), 1));
        }
    }

    @Test
    void fastLoopsAgreeWithTheGenericDefinition() {
        java.util.Random random = new java.util.Random(7);
        // short words, and long ones sharing eight-byte prefixes (the fast compare goes by words)
        String[] words = {"", "a", "ab", "b", "\uFFFF", "\uD83D\uDE00", "é", "zz", "pick_screwdriver-1",
            "pick_screwdriver-10", "pick_screwdrivez", "pick_scré", "aaaaaaaa", "aaaaaaaab", "aaaaaaa\u00ff",
            "\u00ff\u00ff\u00ff\u00ff\u00ffzzzzzz", "\u00ff\u00ff\u00ff\u00ff\u00ff"};
        for (int round = 0; round < 20; round++) {
            try (VectorSchemaRoot b = VectorSchemaRoot.create(SCHEMA, allocator)) {
                int n = 1 + random.nextInt(50);
                for (int i = 0; i < n; i++) {
                    if (random.nextInt(5) > 0) {
                        ((BigIntVector) b.getVector("id")).setSafe(i, random.nextLong() % 1000);
                        ((VarCharVector) b.getVector("name")).setSafe(i,
                                words[random.nextInt(words.length)].getBytes(StandardCharsets.UTF_8));
                        ((Float8Vector) b.getVector("score")).setSafe(i, random.nextBoolean() ? -0.0 : random.nextGaussian());
                    }
                }
                b.setRowCount(n);
                ColumnStatsCollector stats = new ColumnStatsCollector();
                stats.add(b);
                for (var v : b.getFieldVectors()) {
                    Object min = null;
                    Object max = null;
                    long nulls = 0;
                    for (int i = 0; i < n; i++) {
                        Object x = ArrowValues.canonical(v, i);
                        if (x == null) {
                            nulls++;
                        } else {
                            min = min == null || io.deltacat.api.expr.Literals.compare(x, min) < 0 ? x : min;
                            max = max == null || io.deltacat.api.expr.Literals.compare(x, max) > 0 ? x : max;
                        }
                    }
                    assertThat(stats.result().get(v.getName()))
                            .isEqualTo(new ColumnStats(Optional.ofNullable(min), Optional.ofNullable(max), nulls));
                }
            }
        }
        assertThat(io.deltacat.api.expr.Literals.compare("\uFFFF", "\uD83D\uDE00")).isNegative();
    }

    @Test
    void nanMakesFloatBoundsUnknown() {
        try (VectorSchemaRoot b = batch()) {
            ((Float8Vector) b.getVector("score")).set(0, Double.NaN);
            ColumnStatsCollector stats = new ColumnStatsCollector();
            stats.add(b);
            assertThat(stats.result().get("score").min()).isEmpty();
        }
    }

    @Test
    void selectsAndTakesRows() {
        try (VectorSchemaRoot b = batch()) {
            Predicate p = Predicate.or(Predicate.isNull("name"), Predicate.gt("id", 9)).bind(SCHEMA);
            int[] rows = Batches.select(b, p);
            assertThat(rows).containsExactly(0, 1);
            try (VectorSchemaRoot taken = Batches.take(b, List.of("name", "id"), rows, allocator)) {
                assertThat(taken.getSchema().getFields()).extracting(Field::getName).containsExactly("name", "id");
                assertThat(taken.getRowCount()).isEqualTo(2);
                assertThat(taken.getVector("name").getObject(0).toString()).isEqualTo("b");
                assertThat(taken.getVector("name").isNull(1)).isTrue();
                assertThat(taken.getVector("id").getObject(1)).isEqualTo(9L);
            }
            try (VectorSchemaRoot all = Batches.take(b, List.of("id"), new int[] {0, 1, 2, 3}, allocator)) {
                assertThat(all.getRowCount()).isEqualTo(4);
                assertThat(all.getVector("id").getObject(3)).isEqualTo(7L);
            }
        }
    }
}
