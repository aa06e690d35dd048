package io.deltacat.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.TableInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringStartsWith;
import org.junit.jupiter.api.Test;

/** The overwrite filter decided per file: SQL's three-valued logic over partition values; inexact filters refused. */
class SparkPartitionFilterTest {
    private static final TableInfo TABLE = new TableInfo("ns", "t", new Schema(List.of(
            Field.nullable("task", new ArrowType.Utf8()), Field.nullable("shard", new ArrowType.Int(32, true)),
            Field.nullable("id", new ArrowType.Int(64, true)))), "parquet", Map.of(), 0, OptionalLong.empty(), 0, 0,
            List.of(PartitionKey.identity("task"), PartitionKey.identity("shard"), PartitionKey.bucket("id", 4)),
            List.of(), 1);

    private static boolean replaces(Filter f, Object task, Object shard) {
        return PartitionFilter.of(TABLE, new Filter[] {f}).replaces(Arrays.asList(task, shard, 0));
    }

    @Test
    void nullPartitionValuesFollowThreeValuedLogic() {
        assertThat(replaces(new EqualTo("task", "a"), "a", 1)).isTrue();
        assertThat(replaces(new EqualTo("task", "a"), null, 1)).isFalse();
        // NOT (task = 'a') is unknown for a null task: those rows stay
        assertThat(replaces(new Not(new EqualTo("task", "a")), null, 1)).isFalse();
        assertThat(replaces(new Not(new EqualTo("task", "a")), "b", 1)).isTrue();
        assertThat(replaces(new IsNull("task"), null, 1)).isTrue();
        assertThat(replaces(new EqualNullSafe("task", null), null, 1)).isTrue();
        assertThat(replaces(new In("task", new Object[] {"x", null}), "a", 1)).isFalse();
        assertThat(replaces(new Not(new In("task", new Object[] {"x", null})), "a", 1)).as("unknown").isFalse();
        assertThat(replaces(new Or(new EqualTo("task", "a"), new GreaterThan("shard", 5)), null, 9)).isTrue();
        // numbers compare as numbers whatever their Java types (JSON partition values, Spark literals)
        assertThat(replaces(new GreaterThan("shard", 5L), "a", 6)).isTrue();
        assertThat(replaces(new EqualTo("shard", 6L), "a", 6.0)).isTrue();
        // every filter of the array must hold
        assertThat(PartitionFilter.of(TABLE, new Filter[] {new EqualTo("task", "a"), new EqualTo("shard", 1)})
                .replaces(Arrays.asList("a", 2, 0))).isFalse();
        assertThat(PartitionFilter.key(Arrays.asList("a", 1L, null)))
                .isEqualTo(PartitionFilter.key(Arrays.asList("a", 1, null)));
    }

    @Test
    void filtersThatCannotBeDecidedPerFileAreRefused() {
        assertThatThrownBy(() -> PartitionFilter.of(TABLE, new Filter[] {new EqualTo("id", 3L)}))
                .isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("'id' is not an identity partition column");
        assertThatThrownBy(() -> PartitionFilter.of(TABLE, new Filter[] {new StringStartsWith("task", "a")}))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("decided exactly");
        PartitionFilter mixed = PartitionFilter.of(TABLE, new Filter[] {new EqualTo("task", 3L)});
        assertThatThrownBy(() -> mixed.replaces(Arrays.asList("a", 1, 0)))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("cannot be compared exactly");
    }
}
