package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.TableInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables stored in every format, through the real client and server: every type of the formats
 * issue round-trips exactly (nested types where the format holds them), filters and projection work,
 * and a type a format cannot hold fails before anything is written.
 */
class FormatsEndToEndTest {
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

    @ParameterizedTest
    @CsvSource({"parquet,true", "orc,true", "avro,true", "lance,true", "feather,true", "json,true",
            "csv,false", "tsv,false", "psv,false"})
    void everyTypeRoundTripsExactly(String format, boolean nested) {
        java.util.List<String> expected = new java.util.ArrayList<>();
        try (VectorSchemaRoot a = AllTypes.batch(fx.allocator, nested, 40);
             VectorSchemaRoot b = AllTypes.batch(fx.allocator, nested, 17)) {
            catalog.write(a, w -> w.table("t").format(format));
            catalog.write(b, w -> w.table("t"));
            expected.addAll(AllTypes.render(a));
            expected.addAll(AllTypes.render(b));
        }
        TableInfo info = catalog.getTable("default", "t");
        assertThat(info.format()).isEqualTo(format);
        assertThat(Rows.withoutFieldIds(info.schema())).isEqualTo(AllTypes.schema(nested));
        ReadPlan plan = catalog.plan(q -> q.table("t"));
        assertThat(plan.files()).hasSize(2).allMatch(f -> f.format().equals(format));
        try (Table t = catalog.readAll(q -> q.table("t")); VectorSchemaRoot root = t.toVectorSchemaRoot()) {
            assertThat(root.getSchema()).isEqualTo(AllTypes.schema(nested));
            assertThat(AllTypes.render(root)).containsExactlyElementsOf(expected);
        }
        // small batches: the reader's vectors are refilled with the buffers of batches already
        // handed out, in plan order and as files come
        for (boolean ordered : new boolean[] {true, false}) {
            java.util.List<String> rows = new java.util.ArrayList<>();
            try (org.apache.arrow.vector.ipc.ArrowReader r = catalog.read(q -> q.table("t").batchSize(6).ordered(ordered))) {
                while (r.loadNextBatch()) {
                    rows.addAll(AllTypes.render(r.getVectorSchemaRoot()));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (ordered) {
                assertThat(rows).containsExactlyElementsOf(expected);
            } else {
                assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
        assertThat(Rows.of(catalog.readAll(q -> q.table("t").columns("i32", "text")
                .filter(Predicate.and(Predicate.ge("i64", 9_000_000_000_017L * 10), Predicate.isNotNull("text"))))))
                .hasSize(31); // rows 10..39 of the first batch and 10..16 of the second, less the null rows (i % 7 == 3)
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "tsv", "psv"})
    void aTypeTheFormatCannotHoldFailsBeforeAnythingIsWritten(String format) throws Exception {
        try (VectorSchemaRoot nested = AllTypes.batch(fx.allocator, true, 5)) {
            assertThatThrownBy(() -> catalog.write(nested, w -> w.table("t").format(format)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("tags");
        }
        assertThat(catalog.tableExists("default", "t")).isFalse();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".deltacat")).count())
                    .isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"orc", "avro"})
    void unsignedIntegersAreRefusedNamingTheColumn(String format) {
        Schema schema = new Schema(java.util.List.of(new Field("u", FieldType.nullable(new ArrowType.Int(32, false)), null)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, fx.allocator)) {
            root.allocateNew();
            root.setRowCount(0);
            assertThatThrownBy(() -> catalog.write(root, w -> w.table("u").format(format)))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'u'");
        }
        assertThat(catalog.tableExists("default", "u")).isFalse();
    }
}
