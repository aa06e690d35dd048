package io.deltacat.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.TableInfo;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** {@code ALTER TABLE} through the catalog, checked with the Java client; what has no counterpart is refused. */
class SparkAlterTest extends SparkTestBase {
    private static List<String> columns(String ns, String table) {
        return client.catalog().getTable(ns, table).schema().getFields().stream().map(Field::getName).toList();
    }

    @Test
    void columnsAndPropertiesChangeThroughAlterTable() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.alt");
        spark.sql("CREATE TABLE dc.alt.t (id BIGINT, name STRING, score INT) USING parquet");
        spark.sql("INSERT INTO dc.alt.t SELECT id, concat('n', CAST(id AS STRING)), CAST(id AS INT) FROM range(0, 10)");

        spark.sql("ALTER TABLE dc.alt.t ADD COLUMN note STRING");
        assertThat(columns("alt", "t")).containsExactly("id", "name", "score", "note");
        spark.sql("INSERT INTO dc.alt.t VALUES (10, 'n10', 10, 'hello')");
        Row r = spark.sql("SELECT count(*), count(note), max(note) FROM dc.alt.t").first();
        assertThat(r.getLong(0)).isEqualTo(11).isEqualTo(clientCount("alt", "t"));
        assertThat(r.getLong(1)).isEqualTo(1);
        assertThat(r.getString(2)).isEqualTo("hello");

        spark.sql("ALTER TABLE dc.alt.t RENAME COLUMN name TO label");
        spark.sql("ALTER TABLE dc.alt.t ALTER COLUMN score TYPE BIGINT");
        TableInfo info = client.catalog().getTable("alt", "t");
        assertThat(columns("alt", "t")).containsExactly("id", "label", "score", "note");
        assertThat(info.schema().findField("score").getType()).isEqualTo(new ArrowType.Int(64, true));
        // files written before read under the new names and types
        Row renamed = spark.sql("SELECT label, score FROM dc.alt.t WHERE id = 7").first();
        assertThat(renamed.getString(0)).isEqualTo("n7");
        assertThat(renamed.getLong(1)).isEqualTo(7L);
        assertThat(spark.sql("SELECT sum(score) FROM dc.alt.t").first().getLong(0)).isEqualTo(55);

        spark.sql("ALTER TABLE dc.alt.t DROP COLUMN note");
        spark.sql("ALTER TABLE dc.alt.t DROP COLUMN IF EXISTS never_there");
        assertThat(columns("alt", "t")).containsExactly("id", "label", "score");
        assertThat(spark.table("dc.alt.t").columns()).containsExactly("id", "label", "score");

        spark.sql("ALTER TABLE dc.alt.t SET TBLPROPERTIES ('team' = 'robots', 'schema_evolution_mode' = 'manual')");
        assertThat(client.catalog().getTable("alt", "t").properties()).containsEntry("team", "robots")
                .containsEntry("schema_evolution_mode", "manual");
        assertThat(spark.sql("SHOW TBLPROPERTIES dc.alt.t").collectAsList()).extracting(x -> x.getString(0) + "="
                + x.getString(1)).contains("team=robots");
        spark.sql("ALTER TABLE dc.alt.t SET TBLPROPERTIES ('team' = 'arms')");
        assertThat(client.catalog().getTable("alt", "t").properties()).containsEntry("team", "arms");
    }

    @Test
    void changesWithoutACounterpartAreRefusedBeforeAnythingChanges() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.alr");
        spark.sql("CREATE TABLE dc.alr.t (id BIGINT, v STRING) USING parquet TBLPROPERTIES ('team' = 'robots')");
        spark.sql("INSERT INTO dc.alr.t VALUES (1, 'a')");

        assertThatThrownBy(() -> spark.sql("ALTER TABLE dc.alr.t UNSET TBLPROPERTIES ('team')"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("no removal of a table property");
        assertThat(client.catalog().getTable("alr", "t").properties()).containsEntry("team", "robots");
        // two columns, the second at a position: neither is added
        assertThatThrownBy(() -> spark.sql("ALTER TABLE dc.alr.t ADD COLUMNS (a STRING, b INT FIRST)"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("at the end only");
        assertThat(columns("alr", "t")).containsExactly("id", "v");
        assertThatThrownBy(() -> spark.sql("ALTER TABLE dc.alr.t ALTER COLUMN v COMMENT 'why'"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("UpdateColumnComment");
        // a narrowing the server refuses
        assertThatThrownBy(() -> spark.sql("ALTER TABLE dc.alr.t ALTER COLUMN id TYPE INT"))
                .hasMessageContaining("id");
        assertThat(client.catalog().getTable("alr", "t").schema().findField("id").getType())
                .isEqualTo(new ArrowType.Int(64, true));

        // rename: within the namespace only; across namespaces refused, nothing renamed
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.alr2");
        assertThatThrownBy(() -> spark.sql("ALTER TABLE dc.alr.t RENAME TO dc.alr2.u"))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("within its namespace only");
        assertThat(client.catalog().tableExists("alr", "t")).isTrue();
        assertThat(client.catalog().tableExists("alr2", "u")).isFalse();
        assertThat(spark.sql("SELECT v FROM dc.alr.t").first().getString(0)).isEqualTo("a");

        spark.sql("ALTER TABLE dc.alr.t RENAME TO dc.alr.u");
        assertThat(client.catalog().tableExists("alr", "t")).isFalse();
        assertThat(spark.sql("SELECT v FROM dc.alr.u").first().getString(0)).isEqualTo("a");
        spark.sql("ALTER TABLE dc.alr.u RENAME TO alr.t"); // Spark's own spelling: relative to the catalog
        assertThat(spark.sql("SELECT v FROM dc.alr.t").first().getString(0)).isEqualTo("a");
        spark.sql("CREATE TABLE dc.alr.taken (id BIGINT) USING parquet");
        assertThatThrownBy(() -> spark.sql("ALTER TABLE dc.alr.t RENAME TO dc.alr.taken"))
                .hasMessageContaining("taken");
        assertThat(client.catalog().tableExists("alr", "t")).isTrue();
    }

    @Test
    void mergeKeysAreSetOnAnEmptyTable() throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS dc.alm");
        spark.sql("CREATE TABLE dc.alm.t (id BIGINT NOT NULL, v STRING) USING parquet");
        spark.sql("ALTER TABLE dc.alm.t SET TBLPROPERTIES ('merge_keys' = 'id')");
        assertThat(client.catalog().getTable("alm", "t").mergeKeys()).containsExactly("id");
        spark.sql("INSERT INTO dc.alm.t VALUES (1, 'a'), (2, 'b')");
        spark.sql("SELECT 1L AS id, 'z' AS v").writeTo("dc.alm.t").option("mode", "merge").append();
        assertThat(spark.sql("SELECT v FROM dc.alm.t ORDER BY id").collectAsList()).extracting(x -> x.getString(0))
                .containsExactly("z", "b");
    }
}
