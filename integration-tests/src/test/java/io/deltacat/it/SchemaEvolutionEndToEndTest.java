package io.deltacat.it;

import static io.deltacat.it.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.SortKey;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alterTable} and {@code schema_evolution_mode} end to end: every change with the files written
 * before it read under the new schema (by field id), time travel across changes, and the refusals.
 */
class SchemaEvolutionEndToEndTest {
    static final ArrowType INT32 = new ArrowType.Int(32, true);
    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;

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

    /** A batch of the given columns; each column's values are given as an array of boxed values. */
    private VectorSchemaRoot batch(List<Field> fields, Object[]... columns) {
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), fx.allocator);
        root.allocateNew();
        int rows = columns[0].length;
        for (int c = 0; c < columns.length; c++) {
            FieldVector v = root.getVector(c);
            for (int r = 0; r < rows; r++) {
                Object o = columns[c][r];
                if (o == null) {
                    v.setNull(r);
                } else if (v instanceof BigIntVector b) {
                    b.setSafe(r, ((Number) o).longValue());
                } else if (v instanceof IntVector i) {
                    i.setSafe(r, ((Number) o).intValue());
                } else if (v instanceof Float4Vector f) {
                    f.setSafe(r, ((Number) o).floatValue());
                } else if (v instanceof Float8Vector f) {
                    f.setSafe(r, ((Number) o).doubleValue());
                } else {
                    ((VarCharVector) v).setSafe(r, o.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        root.setRowCount(rows);
        return root;
    }

    private static Field f(String name, ArrowType type) {
        return Field.nullable(name, type);
    }

    private static final List<Field> V1 = List.of(f("id", INT64), f("name", UTF8), f("age", INT32), f("weight", FLOAT32));

    private WriteResult write(String table, List<Field> fields, Object[]... columns) {
        try (VectorSchemaRoot b = batch(fields, columns)) {
            return catalog.write(b, w -> w.table(table));
        }
    }

    private WriteResult writeV1(String table) {
        return write(table, V1, new Object[] {1L, 2L}, new Object[] {"Cheshire", "Dinah"}, new Object[] {3, 7},
                new Object[] {4.5f, 3.25f});
    }

    private List<List<Object>> read(String table) {
        return Rows.of(catalog.readAll(q -> q.table(table)));
    }

    private static List<String> names(Schema s) {
        List<String> out = new ArrayList<>();
        s.getFields().forEach(x -> out.add(x.getName()));
        return out;
    }

    @Test
    void fieldIdsAreAssignedAndNeverReused() {
        writeV1("cats");
        TableInfo t = catalog.getTable("default", "cats");
        assertThat(t.schemaVersion()).isEqualTo(1);
        assertThat(t.schema().getFields()).extracting(x -> x.getMetadata().get("deltacat.field_id"))
                .containsExactly("1", "2", "3", "4");
        // drop "age", add a new "age": a new id, and the old values do not come back
        catalog.alterTable(a -> a.table("cats").dropField("age"));
        TableInfo t2 = catalog.alterTable(a -> a.table("cats").addField(f("age", INT64)));
        assertThat(t2.schemaVersion()).isEqualTo(3);
        assertThat(t2.schema().findField("age").getMetadata().get("deltacat.field_id")).isEqualTo("5");
        assertThat(names(t2.schema())).containsExactly("id", "name", "weight", "age");
        assertThat(read("cats")).containsExactly(row(1L, "Cheshire", 4.5f, null), row(2L, "Dinah", 3.25f, null));
    }

    @Test
    void addFieldNullableOrWithDefault() {
        writeV1("cats");
        catalog.alterTable(a -> a.table("cats").addField(f("color", UTF8))
                .addField(new Field("lives", FieldType.notNullable(INT64), null), 9L));
        write("cats", List.of(f("id", INT64), f("name", UTF8), f("age", INT32), f("weight", FLOAT32), f("color", UTF8),
                        Field.notNullable("lives", INT64)),
                new Object[] {3L}, new Object[] {"Felix"}, new Object[] {5}, new Object[] {2.0f}, new Object[] {"black"},
                new Object[] {1L});
        assertThat(read("cats")).containsExactly(
                row(1L, "Cheshire", 3, 4.5f, null, 9L),
                row(2L, "Dinah", 7, 3.25f, null, 9L),
                row(3L, "Felix", 5, 2.0f, "black", 1L));
        // filters on added columns see the null / default of old rows
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").columns("id").filter(Predicate.eq("lives", 9L)))))
                .containsExactly(row(1L), row(2L));
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").columns("id").filter(Predicate.isNull("color")))))
                .containsExactly(row(1L), row(2L));
        // only columns the old file lacks: still one row per row of the file
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").columns("color", "lives"))))
                .containsExactly(row(null, 9L), row(null, 9L), row("black", 1L));
    }

    @Test
    void compactionAcrossSchemaVersionsAdaptsTheOlderFiles() {
        // this used to fail the job ("compaction across schema changes is not supported"); issue 13, item 9
        writeV1("cats");
        catalog.alterTable(a -> a.table("cats").addField(f("color", UTF8)));
        write("cats", List.of(f("id", INT64), f("name", UTF8), f("age", INT32), f("weight", FLOAT32), f("color", UTF8)),
                new Object[] {3L}, new Object[] {"Felix"}, new Object[] {5}, new Object[] {2.0f}, new Object[] {"black"});
        io.deltacat.api.model.Job job = fx.client.jobs().waitFor(
                fx.client.jobs().submitCompaction("default", "cats").id(), java.time.Duration.ofSeconds(60));
        assertThat(job.state()).isEqualTo(io.deltacat.api.model.JobState.SUCCEEDED);
        assertThat(catalog.plan(q -> q.table("cats")).files()).extracting(x -> x.deltaType()).containsOnly("compacted");
        assertThat(read("cats")).containsExactly(row(1L, "Cheshire", 3, 4.5f, null), row(2L, "Dinah", 7, 3.25f, null),
                row(3L, "Felix", 5, 2.0f, "black"));
    }

    @Test
    void renameReadsOldFilesByFieldIdAndPrunesWithTheirStatistics() {
        writeV1("cats");
        catalog.alterTable(a -> a.table("cats").renameField("name", "title"));
        // a new field takes the old name: it must not pick up the renamed column's data
        catalog.alterTable(a -> a.table("cats").addField(f("name", UTF8)));
        TableInfo t = catalog.getTable("default", "cats");
        assertThat(names(t.schema())).containsExactly("id", "title", "age", "weight", "name");
        assertThat(read("cats")).containsExactly(row(1L, "Cheshire", 3, 4.5f, null), row(2L, "Dinah", 7, 3.25f, null));
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").columns("id").filter(Predicate.eq("title", "Dinah")))))
                .containsExactly(row(2L));
        // the old file's statistics are those of "title" (id 2), never of the new "name": no wrong pruning
        assertThat(catalog.plan(q -> q.table("cats").filter(Predicate.eq("title", "Dinah"))).files()).hasSize(1);
        assertThat(catalog.plan(q -> q.table("cats").filter(Predicate.eq("title", "Zelda"))).files()).isEmpty();
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").columns("id").filter(Predicate.isNull("name")))))
                .containsExactly(row(1L), row(2L));
    }

    @Test
    void widenCastsOldFiles() {
        writeV1("cats");
        TableInfo t = catalog.alterTable(a -> a.table("cats").widenField("age", INT64).widenField("weight", FLOAT64));
        assertThat(t.schema().findField("age").getType()).isEqualTo(INT64);
        write("cats", List.of(f("id", INT64), f("name", UTF8), f("age", INT64), f("weight", FLOAT64)),
                new Object[] {3L}, new Object[] {"Felix"}, new Object[] {5_000_000_000L}, new Object[] {0.1});
        assertThat(read("cats")).containsExactly(
                row(1L, "Cheshire", 3L, 4.5), row(2L, "Dinah", 7L, 3.25), row(3L, "Felix", 5_000_000_000L, 0.1));
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").columns("id").filter(Predicate.gt("age", 4L)))))
                .containsExactly(row(2L), row(3L));
    }

    @Test
    void dropHidesTheColumn() {
        writeV1("cats");
        catalog.alterTable(a -> a.table("cats").dropField("weight"));
        assertThat(read("cats")).containsExactly(row(1L, "Cheshire", 3), row(2L, "Dinah", 7));
        assertThatThrownBy(() -> catalog.readAll(q -> q.table("cats").columns("weight")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("weight");
        // the old layout of data no longer fits a write
        assertThatThrownBy(() -> writeV1("cats")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void timeTravelAcrossEvolution() {
        WriteResult first = writeV1("cats");
        catalog.alterTable(a -> a.table("cats").renameField("age", "years").addField(f("color", UTF8))
                .widenField("weight", FLOAT64));
        WriteResult second = write("cats", List.of(f("id", INT64), f("name", UTF8), f("years", INT32),
                f("weight", FLOAT64), f("color", UTF8)), new Object[] {3L}, new Object[] {"Felix"}, new Object[] {5},
                new Object[] {2.5}, new Object[] {"black"});
        // as of the first commit: the old schema and rows
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").asOf(first.commitTime())))).containsExactly(
                row(1L, "Cheshire", 3, 4.5f), row(2L, "Dinah", 7, 3.25f));
        assertThat(names(catalog.plan(q -> q.table("cats").asOf(first.commitTime())).schema()))
                .containsExactly("id", "name", "age", "weight");
        // as of the second: the new schema over both files
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").asOf(second.commitTime())))).containsExactly(
                row(1L, "Cheshire", 3, 4.5, null), row(2L, "Dinah", 7, 3.25, null), row(3L, "Felix", 5, 2.5, "black"));
        assertThat(catalog.plan(q -> q.table("cats")).fileSchemas()).containsOnlyKeys(1, 2);
    }

    @Test
    void partitionPruningFollowsRenamesAcrossTime() {
        PartitionKey bucket = PartitionKey.bucket("name", 2);
        catalog.createTable(c -> c.table("cats").schema(new Schema(V1)).partitionBy(bucket));
        String[] names = {"A", "E", "I", "M", "Q", "U"};
        WriteResult first = write("cats", V1, new Object[] {1L, 2L, 3L, 4L, 5L, 6L}, names,
                new Object[] {1, 2, 3, 4, 5, 6}, new Object[] {1f, 2f, 3f, 4f, 5f, 6f});
        catalog.alterTable(a -> a.table("cats").renameField("name", "title"));
        assertThat(catalog.getTable("default", "cats").partitionKeys()).containsExactly(PartitionKey.bucket("title", 2));
        // a probe inside a file's min/max (statistics cannot prune) but of the other bucket: only the
        // partition value can prune that file
        io.deltacat.api.model.ReadPlan all = catalog.plan(q -> q.table("cats"));
        assertThat(all.files()).hasSize(2);
        io.deltacat.api.model.DataFile wide = all.files().stream()
                .filter(x -> !x.columns().get("name").min().equals(x.columns().get("name").max())).findFirst().orElseThrow();
        String lo = (String) wide.columns().get("name").min().orElseThrow();
        String hi = (String) wide.columns().get("name").max().orElseThrow();
        String probe = null;
        for (char ch = 'A'; ch <= 'Z' && probe == null; ch++) {
            String p = ch + "x";
            if (p.compareTo(lo) > 0 && p.compareTo(hi) < 0
                    && !bucket.apply(UTF8, p).equals(wide.partitionValues().get(0))) {
                probe = p;
            }
        }
        assertThat(probe).as("a probe in [%s, %s] outside bucket %s", lo, hi, wide.partitionValues()).isNotNull();
        String p = probe;
        assertThat(catalog.plan(q -> q.table("cats").filter(Predicate.eq("title", p))).files()).doesNotContain(wide);
        // as of before the rename, the key is on "name": still pruned
        assertThat(catalog.plan(q -> q.table("cats").asOf(first.commitTime()).filter(Predicate.eq("name", p)))
                .files()).extracting(io.deltacat.api.model.DataFile::uri).doesNotContain(wide.uri());
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").asOf(first.commitTime()).columns("id")
                .filter(Predicate.eq("name", "M"))))).containsExactly(row(4L));
        // later writes use the renamed column
        write("cats", List.of(f("id", INT64), f("title", UTF8), f("age", INT32), f("weight", FLOAT32)),
                new Object[] {7L}, new Object[] {"M"}, new Object[] {5}, new Object[] {2.0f});
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").columns("id").filter(Predicate.eq("title", "M")))))
                .containsExactlyInAnyOrder(row(4L), row(7L));
    }

    @Test
    void mergeKeysChangeOnlyWhileEmpty() {
        catalog.createTable(c -> c.table("cats").schema(new Schema(V1)));
        TableInfo t = catalog.alterTable(a -> a.table("cats").mergeKeys("id"));
        assertThat(t.schema().findField("id").getMetadata()).containsEntry("deltacat.merge_key", "true");
        assertThat(t.schema().findField("name").getMetadata()).doesNotContainKey("deltacat.merge_key");
        assertThatThrownBy(() -> catalog.alterTable(a -> a.table("cats").dropField("id")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("merge key");
        writeV1("cats");
        assertThatThrownBy(() -> catalog.alterTable(a -> a.table("cats").mergeKeys("name")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("no data");
        assertThat(catalog.getTable("default", "cats").schema().findField("id").getMetadata())
                .containsEntry("deltacat.merge_key", "true");
    }

    @Test
    void invalidChangesAreRefusedAndChangeNothing() {
        catalog.createTable(c -> c.table("cats").schema(new Schema(V1))
                .partitionBy(PartitionKey.bucket("id", 4)).sortBy(SortKey.asc("age")));
        writeV1("cats");
        TableInfo before = catalog.getTable("default", "cats");
        assertRefused(a -> a.table("cats").widenField("age", new ArrowType.Int(16, true)), "only widening");
        assertRefused(a -> a.table("cats").widenField("name", INT64), "only widening");
        assertRefused(a -> a.table("cats").renameField("name", "age"), "already has a field");
        assertRefused(a -> a.table("cats").renameField("nope", "x"), "no such field");
        assertRefused(a -> a.table("cats").dropField("nope"), "no such field");
        assertRefused(a -> a.table("cats").dropField("id"), "partition or sort key");
        assertRefused(a -> a.table("cats").dropField("age"), "partition or sort key");
        assertRefused(a -> a.table("cats").addField(f("name", UTF8)), "already has");
        assertRefused(a -> a.table("cats").addField(Field.notNullable("legs", INT64)), "default");
        assertRefused(a -> a.table("cats").addField(f("legs", INT64), "four"), "legs");
        // a valid change before an invalid one in the same call is not applied either
        assertRefused(a -> a.table("cats").addField(f("color", UTF8)).dropField("nope"), "no such field");
        assertRefused(a -> a.table("cats").property("schema_evolution_mode", "sometimes"), "manual, auto or disabled");
        TableInfo after = catalog.getTable("default", "cats");
        assertThat(after.schemaVersion()).isEqualTo(before.schemaVersion());
        assertThat(after.schema()).isEqualTo(before.schema());
        assertThat(after.properties()).isEqualTo(before.properties());
        // renaming a partition or sort source renames it in the layout too
        TableInfo renamed = catalog.alterTable(a -> a.table("cats").renameField("age", "years"));
        assertThat(renamed.sortKeys()).containsExactly(SortKey.asc("years"));
        assertThat(read("cats")).containsExactly(row(1L, "Cheshire", 3, 4.5f), row(2L, "Dinah", 7, 3.25f));
    }

    private void assertRefused(java.util.function.Consumer<io.deltacat.api.options.AlterTableOptions.Builder> change,
                               String message) {
        assertThatThrownBy(() -> catalog.alterTable(change)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(message);
    }

    @Test
    void manualModeRefusesNewFieldsNamingThem() {
        writeV1("cats");
        List<Field> wider = new ArrayList<>(V1);
        wider.add(f("color", UTF8));
        wider.add(f("toy", UTF8));
        assertThatThrownBy(() -> write("cats", wider, new Object[] {3L}, new Object[] {"Felix"}, new Object[] {5},
                new Object[] {2.0f}, new Object[] {"black"}, new Object[] {"mouse"}))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("[color, toy]")
                .hasMessageContaining("manual");
        assertThat(catalog.getTable("default", "cats").rowCount()).isEqualTo(2);
    }

    @Test
    void autoModeAddsNewFieldsWithTheCommit() {
        try (VectorSchemaRoot b = batch(V1, new Object[] {1L}, new Object[] {"Cheshire"}, new Object[] {3},
                new Object[] {4.5f})) {
            catalog.write(b, w -> w.table("cats").tableProperty("schema_evolution_mode", "auto"));
        }
        List<Field> wider = new ArrayList<>(V1);
        wider.add(f("color", UTF8));
        WriteResult r = write("cats", wider, new Object[] {2L}, new Object[] {"Dinah"}, new Object[] {7},
                new Object[] {3.25f}, new Object[] {"white"});
        TableInfo t = catalog.getTable("default", "cats");
        assertThat(t.schemaVersion()).isEqualTo(2);
        assertThat(names(t.schema())).containsExactly("id", "name", "age", "weight", "color");
        assertThat(t.schema().findField("color").getMetadata()).containsEntry("deltacat.field_id", "5");
        assertThat(read("cats")).containsExactly(row(1L, "Cheshire", 3, 4.5f, null), row(2L, "Dinah", 7, 3.25f, "white"));
        // the schema change is part of the commit: just before it, the old schema
        assertThat(names(catalog.plan(q -> q.table("cats").asOf(r.commitTime() - 1)).schema())).hasSize(4);
        // new fields in the middle are refused even in auto mode (they must come last)
        List<Field> middle = new ArrayList<>(List.of(f("id", INT64), f("toy", UTF8)));
        middle.addAll(t.schema().getFields().subList(1, 5).stream().map(x -> f(x.getName(), x.getType())).toList());
        assertThatThrownBy(() -> write("cats", middle, new Object[] {3L}, new Object[] {"ball"}, new Object[] {"F"},
                new Object[] {1}, new Object[] {1f}, new Object[] {"red"}))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("[toy]");
    }

    @Test
    void disabledModeRefusesAltersAndNewFields() {
        catalog.createTable(c -> c.table("cats").schema(new Schema(V1)).property("schema_evolution_mode", "disabled"));
        writeV1("cats");
        assertThatThrownBy(() -> catalog.alterTable(a -> a.table("cats").addField(f("color", UTF8))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("disabled");
        List<Field> wider = new ArrayList<>(V1);
        wider.add(f("color", UTF8));
        assertThatThrownBy(() -> write("cats", wider, new Object[] {3L}, new Object[] {"Felix"}, new Object[] {5},
                new Object[] {2.0f}, new Object[] {"black"}))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("[color]")
                .hasMessageContaining("disabled");
        // properties still change: back to manual, then the schema may change
        catalog.alterTable(a -> a.table("cats").property("schema_evolution_mode", "manual"));
        assertThat(catalog.alterTable(a -> a.table("cats").addField(f("color", UTF8))).schemaVersion()).isEqualTo(2);
    }
}
