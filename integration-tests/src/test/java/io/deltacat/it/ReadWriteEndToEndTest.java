package io.deltacat.it;

import static io.deltacat.it.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged writes and thin-plan reads through the real client, server and Parquet provider. */
class ReadWriteEndToEndTest {
    @TempDir
    Path dir;
    Fixture fx;
    CatalogClient catalog;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        catalog = fx.client.catalog();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private WriteResult writeFirst() {
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            return catalog.write(cats, w -> w.table("cool_cats"));
        }
    }

    private WriteResult append(long[] ids, String[] names, Long[] ages) {
        try (VectorSchemaRoot more = Cats.of(fx.allocator, ids, names, ages)) {
            return catalog.write(more, w -> w.table("cool_cats"));
        }
    }

    @Test
    void quickStartFlow() {
        WriteResult first = writeFirst();
        assertThat(first.tableCreated()).isTrue();
        assertThat(first.rowCount()).isEqualTo(3);
        assertThat(Rows.of(catalog.readAll(q -> q.table("cool_cats")))).containsExactly(
                row(1L, "Cheshire", 3L), row(2L, "Dinah", 7L), row(3L, "Felix", 5L));

        WriteResult second = append(new long[] {4, 5}, new String[] {"Garfield", null}, new Long[] {9L, null});
        assertThat(second.tableCreated()).isFalse();
        assertThat(second.commitTime()).isGreaterThan(first.commitTime());
        assertThat(Rows.of(catalog.readAll(q -> q.table("cool_cats")))).hasSize(5)
                .contains(row(5L, null, null));
        assertThat(catalog.getTable("cool_cats").rowCount()).isEqualTo(5);
        assertThat(catalog.getTable("cool_cats").latestCommitTime()).hasValue(second.commitTime());

        assertThat(Rows.of(catalog.readAll(q -> q.table("cool_cats").columns("name").filter(Predicate.gt("age", 4)))))
                .containsExactlyInAnyOrder(row("Dinah"), row("Felix"), row("Garfield"));
        assertThat(Rows.of(catalog.readAll(q -> q.table("cool_cats").asOf(first.commitTime())))).hasSize(3);
        assertThat(Rows.of(catalog.readAll(q -> q.table("cool_cats").asOf(second.commitTime())))).hasSize(5);
        assertThatThrownBy(() -> catalog.readAll(q -> q.table("cool_cats").asOf(first.commitTime() - 1)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void everyFilterOperator() {
        writeFirst();
        append(new long[] {4, 5}, new String[] {"Garfield", null}, new Long[] {9L, null});
        assertThat(ids(Predicate.eq("name", "Dinah"))).containsExactly(2L);
        assertThat(ids(Predicate.ne("age", 7))).containsExactly(1L, 3L, 4L);
        assertThat(ids(Predicate.lt("age", 5))).containsExactly(1L);
        assertThat(ids(Predicate.le("age", 5))).containsExactly(1L, 3L);
        assertThat(ids(Predicate.ge("age", 7))).containsExactly(2L, 4L);
        assertThat(ids(Predicate.in("name", "Felix", "Tom", "Cheshire"))).containsExactly(1L, 3L);
        assertThat(ids(Predicate.isNull("name"))).containsExactly(5L);
        assertThat(ids(Predicate.isNotNull("age"))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ids(Predicate.between("age", 4, 8))).containsExactly(2L, 3L);
        assertThat(ids(Predicate.like("name", "%i%"))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ids(Predicate.and(Predicate.gt("age", 3), Predicate.lt("id", 4)))).containsExactly(2L, 3L);
        assertThat(ids(Predicate.or(Predicate.eq("id", 1), Predicate.isNull("age")))).containsExactly(1L, 5L);
        assertThat(ids(Predicate.not(Predicate.eq("id", 1)))).containsExactly(2L, 3L, 4L, 5L);
    }

    private List<Object> ids(Predicate p) {
        return Rows.of(catalog.readAll(q -> q.table("cool_cats").columns("id").filter(p))).stream()
                .map(r -> r.get(0)).sorted().toList();
    }

    @Test
    void projectionOrderAndLimit() {
        writeFirst();
        assertThat(Rows.of(catalog.readAll(q -> q.table("cool_cats").columns("age", "id"))))
                .containsExactly(row(3L, 1L), row(7L, 2L), row(5L, 3L));
        assertThat(Rows.of(catalog.readAll(q -> q.table("cool_cats").limit(2)))).hasSize(2);
        assertThat(Rows.of(catalog.readAll(q -> q.table("cool_cats").limit(0)))).isEmpty();
        assertThatThrownBy(() -> catalog.readAll(q -> q.table("cool_cats").columns("whiskers")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("whiskers");
    }

    @Test
    void streamsManyFilesInBoundedBatches() throws Exception {
        for (int i = 0; i < 6; i++) {
            try (VectorSchemaRoot batch = Cats.generated(fx.allocator, i * 10_000L, 10_000)) {
                catalog.write(batch, w -> w.table("many"));
            }
        }
        ReadPlan plan = catalog.plan(q -> q.table("many"));
        assertThat(plan.files()).hasSize(6);
        long rows = 0;
        long sum = 0;
        try (ArrowReader reader = catalog.read(q -> q.table("many").batchSize(4096).parallelism(3))) {
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                assertThat(root.getRowCount()).isLessThanOrEqualTo(4096);
                rows += root.getRowCount();
                org.apache.arrow.vector.BigIntVector id = (org.apache.arrow.vector.BigIntVector) root.getVector("id");
                for (int i = 0; i < root.getRowCount(); i++) {
                    sum += id.get(i);
                }
            }
        }
        assertThat(rows).isEqualTo(60_000);
        assertThat(sum).isEqualTo(59_999L * 60_000 / 2);
        // unordered: the same rows, handed out as soon as any file has a batch
        java.util.Set<Long> seen = new java.util.HashSet<>();
        try (ArrowReader reader = catalog.read(q -> q.table("many").batchSize(3000).parallelism(3).ordered(false))) {
            while (reader.loadNextBatch()) {
                org.apache.arrow.vector.BigIntVector id =
                        (org.apache.arrow.vector.BigIntVector) reader.getVectorSchemaRoot().getVector("id");
                for (int i = 0; i < reader.getVectorSchemaRoot().getRowCount(); i++) {
                    assertThat(seen.add(id.get(i))).isTrue();
                }
            }
        }
        assertThat(seen).hasSize(60_000);
        assertThat(Rows.of(catalog.readAll(q -> q.table("many").ordered(false).limit(12_345)))).hasSize(12_345);
        // a reader closed early releases everything it had in flight
        try (ArrowReader reader = catalog.read(q -> q.table("many").batchSize(1000))) {
            assertThat(reader.loadNextBatch()).isTrue();
        }
    }

    @Test
    void statisticsPruneFilesFromThePlan() {
        for (int i = 0; i < 4; i++) {
            try (VectorSchemaRoot batch = Cats.generated(fx.allocator, i * 100L, 100)) {
                catalog.write(batch, w -> w.table("pruned"));
            }
        }
        ReadPlan plan = catalog.plan(q -> q.table("pruned").filter(Predicate.between("id", 120, 150)));
        assertThat(plan.totalFiles()).isEqualTo(4);
        assertThat(plan.files()).hasSize(1);
        assertThat(Rows.of(catalog.readAll(q -> q.table("pruned").columns("id")
                .filter(Predicate.between("id", 120, 150))))).hasSize(31);
    }

    @Test
    void writeModes() {
        Schema schema = Cats.SCHEMA;
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            assertThatThrownBy(() -> catalog.write(cats, w -> w.table("t").mode(WriteMode.APPEND)))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> catalog.write(cats, w -> w.table("t").mode(WriteMode.ADD)))
                    .isInstanceOf(NotFoundException.class);
            assertThat(catalog.write(cats, w -> w.table("t").mode(WriteMode.CREATE)).tableCreated()).isTrue();
            assertThatThrownBy(() -> catalog.write(cats, w -> w.table("t").mode(WriteMode.CREATE)))
                    .isInstanceOfAny(AlreadyExistsException.class, ConflictException.class);
            catalog.write(cats, w -> w.table("t").mode(WriteMode.APPEND));
            catalog.write(cats, w -> w.table("t").mode(WriteMode.ADD));
            catalog.write(cats, w -> w.table("t"));
        }
        assertThat(Rows.withoutFieldIds(catalog.getTable("t").schema())).isEqualTo(schema);
        assertThat(catalog.getTable("t").rowCount()).isEqualTo(12);
        assertThat(Rows.of(catalog.readAll(q -> q.table("t")))).hasSize(12);
    }

    @Test
    void writeIntoNewNamespaceCreatesIt() {
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            catalog.write(cats, w -> w.namespace("zoo").table("cats"));
            assertThatThrownBy(() -> catalog.write(cats, w -> w.namespace("nowhere").table("cats")
                    .autoCreateNamespace(false))).isInstanceOf(NotFoundException.class);
        }
        assertThat(catalog.namespaceExists("zoo")).isTrue();
        assertThat(catalog.namespaceExists("nowhere")).isFalse();
        assertThat(Rows.of(catalog.readAll(q -> q.namespace("zoo").table("cats")))).hasSize(3);
    }

    @Test
    void mismatchedSchemaIsRefusedAndChangesNothing() throws Exception {
        WriteResult first = writeFirst();
        Schema other = new Schema(List.of(
                new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("name", FieldType.nullable(new ArrowType.Utf8()), null),
                new Field("age", FieldType.nullable(new ArrowType.Utf8()), null)));
        try (VectorSchemaRoot wrong = VectorSchemaRoot.create(other, fx.allocator)) {
            wrong.allocateNew();
            wrong.setRowCount(0);
            assertThatThrownBy(() -> catalog.write(wrong, w -> w.table("cool_cats")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("age");
        }
        assertThat(catalog.getTable("cool_cats").latestCommitTime()).hasValue(first.commitTime());
        assertThat(catalog.getTable("cool_cats").rowCount()).isEqualTo(3);
        assertThat(fx.dataFiles().stream().filter(u -> u.endsWith(".parquet")).count()).isEqualTo(1);
    }

    @Test
    void badFiltersAreRefusedWithTheReason() {
        writeFirst();
        assertThatThrownBy(() -> catalog.readAll(q -> q.table("cool_cats").filter(Predicate.eq("whiskers", 1))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("whiskers");
        assertThatThrownBy(() -> catalog.readAll(q -> q.table("cool_cats").filter(Predicate.eq("age", "old"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("age");
        assertThatThrownBy(() -> catalog.readAll(q -> q.table("cool_cats").filter(Predicate.like("age", "1%"))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> catalog.readAll(q -> q.table("missing")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("missing");
    }

    /**
     * A caller that keeps each batch by reference (a record batch retains the buffers) finds them
     * intact after reading on: buffers still referenced are never reused for later batches.
     */
    @Test
    void batchesKeptByReferenceAreNotOverwritten() throws Exception {
        int rows = 600;
        long[] ids = new long[rows];
        String[] names = new String[rows];
        Long[] ages = new Long[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = i;
            names[i] = "cat-" + i;
            ages[i] = (long) (i % 20);
        }
        for (int part = 0; part < 3; part++) {
            int from = part * 200;
            try (VectorSchemaRoot cats = Cats.of(fx.allocator, java.util.Arrays.copyOfRange(ids, from, from + 200),
                    java.util.Arrays.copyOfRange(names, from, from + 200), java.util.Arrays.copyOfRange(ages, from, from + 200))) {
                catalog.write(cats, w -> w.table("kept"));
            }
        }
        for (boolean ordered : new boolean[] {true, false}) {
            java.util.List<org.apache.arrow.vector.ipc.message.ArrowRecordBatch> kept = new java.util.ArrayList<>();
            java.util.List<String> seen = new java.util.ArrayList<>();
            // the batches' memory belongs to the read: looked at after reading on, before closing it
            try (org.apache.arrow.vector.ipc.ArrowReader r = catalog.read(q -> q.table("kept").batchSize(16).ordered(ordered))) {
                while (r.loadNextBatch()) {
                    kept.add(new org.apache.arrow.vector.VectorUnloader(r.getVectorSchemaRoot()).getRecordBatch());
                }
                try (VectorSchemaRoot root = VectorSchemaRoot.create(r.getVectorSchemaRoot().getSchema(), fx.allocator)) {
                    org.apache.arrow.vector.VectorLoader loader = new org.apache.arrow.vector.VectorLoader(root);
                    for (org.apache.arrow.vector.ipc.message.ArrowRecordBatch b : kept) {
                        try (b) {
                            loader.load(b);
                            for (int i = 0; i < root.getRowCount(); i++) {
                                seen.add(root.getVector("id").getObject(i) + "/" + root.getVector("name").getObject(i));
                            }
                        }
                    }
                }
            }
            java.util.List<String> expected = new java.util.ArrayList<>();
            for (int i = 0; i < rows; i++) {
                expected.add(i + "/cat-" + i);
            }
            if (ordered) {
                assertThat(seen).containsExactlyElementsOf(expected);
            } else {
                assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }
}
