package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.model.WriteProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write's progress listener ({@code WriteOptions.Builder#progress}) against the embedded server:
 * counts only grow, end at the rows, files and bytes of the input, also when files are copied as they
 * are, and a listener that throws fails the write with nothing committed.
 */
class WriteProgressTest {
    @TempDir
    Path dir;
    Fixture fx;

    @BeforeEach
    void start() {
        fx = new Fixture(dir.resolve("root"));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private Path csv(String name, int from, int rows) throws Exception {
        StringBuilder b = new StringBuilder("id,name\n");
        for (int i = from; i < from + rows; i++) {
            b.append(i).append(",cat").append(i).append('\n');
        }
        return Files.writeString(dir.resolve(name), b);
    }

    private static void assertGrowing(List<WriteProgress> seen) {
        for (int i = 1; i < seen.size(); i++) {
            WriteProgress a = seen.get(i - 1);
            WriteProgress b = seen.get(i);
            assertThat(b.rows()).isGreaterThanOrEqualTo(a.rows());
            assertThat(b.filesRead()).isGreaterThanOrEqualTo(a.filesRead());
            assertThat(b.bytesRead()).isGreaterThanOrEqualTo(a.bytesRead());
        }
    }

    @Test
    void filesEndAtTheirRowsFilesAndBytes() throws Exception {
        Path a = csv("a.csv", 0, 100_000);
        Path b = csv("b.csv", 100_000, 5);
        List<WriteProgress> seen = new CopyOnWriteArrayList<>();
        fx.client.catalog().write(List.of(a, b), w -> w.namespace("zoo").table("cats").progress(seen::add));
        assertThat(seen).hasSizeGreaterThan(3); // 100,000 rows come in more than one batch
        assertGrowing(seen);
        long bytes = Files.size(a) + Files.size(b);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(new WriteProgress(100_005, 2, 2, bytes, bytes));
        assertThat(seen.get(0).bytesTotal()).isEqualTo(bytes);

        // the table's own Parquet file, written again: same format and schema, so it may be copied as it is
        Path parquet = Fixture.localCopy(fx.client.catalog().plan(q -> q.namespace("zoo").table("cats")).files()
                .get(0).uri(), dir);
        Path again = Files.copy(parquet, dir.resolve("again.parquet"));
        List<WriteProgress> copied = new CopyOnWriteArrayList<>();
        fx.client.catalog().write(List.of(again), w -> w.namespace("zoo").table("cats")
                .mode(io.deltacat.api.model.WriteMode.APPEND).progress(copied::add));
        assertGrowing(copied);
        long size = Files.size(again);
        assertThat(copied.get(copied.size() - 1)).isEqualTo(new WriteProgress(100_005, 1, 1, size, size));
        assertThat(fx.client.catalog().getTable("zoo", "cats").rowCount()).isEqualTo(200_010);
    }

    @Test
    void arrowDataCountsRowsOnly() {
        Schema schema = new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, fx.allocator)) {
            BigIntVector id = (BigIntVector) root.getVector("id");
            for (int i = 0; i < 7; i++) {
                id.setSafe(i, i);
            }
            root.setRowCount(7);
            List<WriteProgress> seen = new CopyOnWriteArrayList<>();
            fx.client.catalog().write(root, w -> w.table("ids").progress(seen::add));
            assertThat(seen).containsExactly(new WriteProgress(7, 0, 0, 0, 0));
        }
    }

    @Test
    void aListenerThatThrowsFailsTheWriteAndNothingIsCommitted() throws Exception {
        Path a = csv("a.csv", 0, 10);
        fx.client.catalog().write(List.of(a), w -> w.namespace("zoo").table("cats"));
        Path b = csv("b.csv", 10, 10);
        assertThatThrownBy(() -> fx.client.catalog().write(List.of(b), w -> w.namespace("zoo").table("cats")
                .mode(io.deltacat.api.model.WriteMode.APPEND).progress(p -> {
                    throw new IllegalStateException("stop the write");
                }))).hasMessageContaining("stop the write");
        assertThat(fx.client.catalog().getTable("zoo", "cats").rowCount()).isEqualTo(10);
        assertThat(Rows.of(fx.client.catalog().readAll(q -> q.namespace("zoo").table("cats")))).hasSize(10);
    }
}
