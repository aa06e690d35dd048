package io.deltacat.it;

import static io.deltacat.it.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.WriteMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
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
 * Issue 13, item 9: after {@code alterTable} adds a nullable column ({@code confidence}) and a column
 * with a default ({@code lives}), writers that do not know them keep working (plain, in a transaction,
 * a merge, a partitioned write, local files): the files get the columns, null or default. Compaction
 * then reads the older files adapted to the current schema, so rows read the same before and after.
 */
class FillMissingColumnsEndToEndTest {
    static final ArrowType INT32 = new ArrowType.Int(32, true);
    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
    static final List<Field> ID_NAME = List.of(Field.nullable("id", INT64), Field.nullable("name", UTF8));

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

    /** A batch of {@code fields} with rows {@code ids}, name "cat &lt;id&gt;" (and any other column id * 10). */
    private VectorSchemaRoot batch(List<Field> fields, long... ids) {
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), fx.allocator);
        root.allocateNew();
        for (int r = 0; r < ids.length; r++) {
            for (FieldVector v : root.getFieldVectors()) {
                if (v instanceof BigIntVector b) {
                    b.setSafe(r, v.getName().equals("id") ? ids[r] : ids[r] * 10);
                } else if (v instanceof IntVector i) {
                    i.setSafe(r, (int) ids[r] * 10);
                } else if (v instanceof Float8Vector f) {
                    f.setSafe(r, ids[r] / 10.0);
                } else {
                    ((VarCharVector) v).setSafe(r, ("cat " + ids[r]).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        root.setRowCount(ids.length);
        return root;
    }

    private void write(CatalogClient c, String table, List<Field> fields, long... ids) {
        write(c, table, WriteMode.AUTO, fields, ids);
    }

    private void write(CatalogClient c, String table, WriteMode mode, List<Field> fields, long... ids) {
        try (VectorSchemaRoot b = batch(fields, ids)) {
            c.write(b, w -> w.table(table).mode(mode));
            // the caller's batch is left as it was: same rows, same values
            assertThat(b.getRowCount()).isEqualTo(ids.length);
            assertThat(b.getSchema().getFields()).isEqualTo(fields);
            assertThat(((BigIntVector) b.getVector("id")).get(0)).isEqualTo(ids[0]);
            assertThat(b.getVector(1).getObject(ids.length - 1).toString()).isEqualTo("cat " + ids[ids.length - 1]);
        }
    }

    /** Adds nullable {@code confidence} (float64) and {@code lives} (int64, not null, default 9). */
    private void addColumns(String table) {
        catalog.alterTable(a -> a.table(table).addField(Field.nullable("confidence", FLOAT64))
                .addField(new Field("lives", FieldType.notNullable(INT64), null), 9L));
    }

    private List<List<Object>> read(String table) {
        List<List<Object>> rows = Rows.of(catalog.readAll(q -> q.table(table)));
        rows.sort(Comparator.comparing(r -> (Long) r.get(0)));
        return rows;
    }

    private Job compact(String table) {
        return fx.client.jobs().waitFor(fx.client.jobs().submitCompaction("default", table).id(),
                Duration.ofSeconds(60));
    }

    @Test
    void aPlainWriteWithoutTheNewColumnsGetsNullAndDefault() {
        write(catalog, "cats", ID_NAME, 1, 2);
        addColumns("cats");
        write(catalog, "cats", ID_NAME, 3);
        // the data has one of them: only the other is filled
        write(catalog, "cats", List.of(Field.nullable("id", INT64), Field.nullable("name", UTF8),
                Field.nullable("confidence", FLOAT64)), 4);
        assertThat(read("cats")).containsExactly(
                row(1L, "cat 1", null, 9L), row(2L, "cat 2", null, 9L),
                row(3L, "cat 3", null, 9L), row(4L, "cat 4", 0.4, 9L));
        // the data's own columns must still be in table order
        assertThatThrownBy(() -> write(catalog, "cats", List.of(Field.nullable("name", UTF8),
                Field.nullable("id", INT64)), 5))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("schema mismatch");
    }

    @Test
    void aMissingColumnThatIsNotNullableAndHasNoDefaultIsStillRefusedNamingIt() {
        catalog.createTable(t -> t.table("scored").schema(new Schema(List.of(Field.nullable("id", INT64),
                Field.nullable("name", UTF8), new Field("score", FieldType.notNullable(INT64), null)))));
        assertThatThrownBy(() -> write(catalog, "scored", ID_NAME, 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("lacks table column 'score'");
        assertThat(catalog.getTable("default", "scored").rowCount()).isZero();
    }

    @Test
    void aWriteInsideATransactionGetsThemToo() {
        write(catalog, "cats", ID_NAME, 1);
        addColumns("cats");
        try (Transaction tx = fx.client.transaction("fill")) {
            write(tx.catalog(), "cats", ID_NAME, 2);
            tx.commit();
        }
        // and an alter made inside the transaction is filled by the transaction's own writes
        try (Transaction tx = fx.client.transaction("alter and fill")) {
            tx.catalog().alterTable(a -> a.table("cats").addField(Field.nullable("color", UTF8)));
            write(tx.catalog(), "cats", ID_NAME, 3);
            tx.commit();
        }
        assertThat(read("cats")).containsExactly(row(1L, "cat 1", null, 9L, null), row(2L, "cat 2", null, 9L, null),
                row(3L, "cat 3", null, 9L, null));
    }

    @Test
    void aMergeIntoAMergeKeyedTableAndAPartitionedWriteAndLocalFilesGetThem() throws Exception {
        catalog.createTable(t -> t.table("keyed").schema(new Schema(ID_NAME)).mergeKeys("id"));
        write(catalog, "keyed", ID_NAME, 1, 2);
        addColumns("keyed");
        write(catalog, "keyed", WriteMode.MERGE, ID_NAME, 2, 3);
        assertThat(read("keyed")).containsExactly(row(1L, "cat 1", null, 9L), row(2L, "cat 2", null, 9L),
                row(3L, "cat 3", null, 9L));

        catalog.createTable(t -> t.table("parts").schema(new Schema(ID_NAME)).partitionBy(PartitionKey.bucket("id", 2)));
        write(catalog, "parts", ID_NAME, 1, 2);
        addColumns("parts");
        write(catalog, "parts", ID_NAME, 3, 4, 5);
        Path csv = dir.resolve("more.csv");
        Files.writeString(csv, "id,name\n6,cat 6\n");
        catalog.write(w -> w.table("parts"), csv);
        assertThat(read("parts")).containsExactly(row(1L, "cat 1", null, 9L), row(2L, "cat 2", null, 9L),
                row(3L, "cat 3", null, 9L), row(4L, "cat 4", null, 9L), row(5L, "cat 5", null, 9L),
                row(6L, "cat 6", null, 9L));
        assertThat(catalog.plan(q -> q.table("parts")).files()).hasSizeGreaterThan(3);
    }

    @Test
    void compactionReadsOlderFilesByFieldIdRenamedWidenedAndFilled() throws Exception {
        List<Field> v1 = List.of(Field.nullable("id", INT64), Field.nullable("name", UTF8), Field.nullable("age", INT32));
        write(catalog, "cats", v1, 1, 2);
        catalog.alterTable(a -> a.table("cats").renameField("name", "title").widenField("age", INT64));
        addColumns("cats");
        write(catalog, "cats", List.of(Field.nullable("id", INT64), Field.nullable("title", UTF8),
                Field.nullable("age", INT64), Field.nullable("confidence", FLOAT64)), 3);
        write(catalog, "cats", List.of(Field.nullable("id", INT64), Field.nullable("title", UTF8)), 4);
        List<List<Object>> before = read("cats");
        assertThat(before).containsExactly(row(1L, "cat 1", 10L, null, 9L), row(2L, "cat 2", 20L, null, 9L),
                row(3L, "cat 3", 30L, 0.3, 9L), row(4L, "cat 4", null, null, 9L));

        Job job = compact("cats");
        assertThat(job.state()).as(job.error().orElse("")).isEqualTo(JobState.SUCCEEDED);
        List<DataFile> files = catalog.plan(q -> q.table("cats")).files();
        assertThat(files).extracting(DataFile::deltaType).containsOnly("compacted");
        assertThat(read("cats")).isEqualTo(before);

        // an independent reader sees the compacted files with the current columns and values
        List<String> paths = new ArrayList<>();
        for (DataFile f : files) {
            paths.add("'" + Fixture.localCopy(f.uri(), dir).toString().replace("'", "''") + "'");
        }
        String uris = String.join(", ", paths);
        List<List<Object>> duck = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, title, age, confidence, lives FROM read_parquet([" + uris
                     + "]) ORDER BY id")) {
            while (rs.next()) {
                duck.add(row(rs.getLong(1), rs.getString(2), (Long) rs.getObject(3), rs.getObject(4), rs.getLong(5)));
            }
        }
        assertThat(duck).isEqualTo(before);
    }

    @Test
    void compactionOfAMergeKeyedTableAndCompactionOnWriteWorkAfterAnAddedColumn() {
        catalog.createTable(t -> t.table("keyed").schema(new Schema(ID_NAME)).mergeKeys("id"));
        write(catalog, "keyed", ID_NAME, 1, 2, 3);
        addColumns("keyed");
        write(catalog, "keyed", List.of(Field.nullable("id", INT64), Field.nullable("name", UTF8),
                Field.nullable("confidence", FLOAT64)), 2);
        try (VectorSchemaRoot keys = batch(List.of(Field.nullable("id", INT64)), 3)) {
            catalog.write(keys, w -> w.table("keyed").mode(WriteMode.DELETE));
        }
        List<List<Object>> before = read("keyed");
        assertThat(before).containsExactly(row(1L, "cat 1", null, 9L), row(2L, "cat 2", 0.2, 9L));
        Job job = compact("keyed");
        assertThat(job.state()).as(job.error().orElse("")).isEqualTo(JobState.SUCCEEDED);
        assertThat(catalog.plan(q -> q.table("keyed")).files()).extracting(DataFile::deltaType).containsOnly("compacted");
        assertThat(read("keyed")).isEqualTo(before);

        // read_optimization_level=max: every write compacts, across the schema change too
        catalog.createTable(t -> t.table("fast").schema(new Schema(ID_NAME)).mergeKeys("id")
                .property("read_optimization_level", "max"));
        write(catalog, "fast", ID_NAME, 1, 2);
        addColumns("fast");
        write(catalog, "fast", WriteMode.MERGE, ID_NAME, 2, 3);
        assertThat(catalog.plan(q -> q.table("fast")).files()).extracting(DataFile::deltaType).containsOnly("compacted");
        assertThat(read("fast")).containsExactly(row(1L, "cat 1", null, 9L), row(2L, "cat 2", null, 9L),
                row(3L, "cat 3", null, 9L));
    }
}
