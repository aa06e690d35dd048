package io.deltacat.server.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.PartitionKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Partition pruning and the check of declared partition values, as pure logic. */
class PartitioningTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("region", ArrowType.Utf8.INSTANCE),
            Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));
    static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    static {
        SCHEMA.getFields().forEach(f -> FIELDS.put(f.getName(), f));
    }

    private static boolean might(Predicate p, List<PartitionKey> keys, String values) throws Exception {
        return Partitioning.mightMatch(p.bind(SCHEMA), keys, FIELDS, JSON.readTree(values), 100);
    }

    @Test
    void identityPrunesComparisonsNullChecksAndIn() throws Exception {
        List<PartitionKey> k = List.of(PartitionKey.identity("region"));
        assertThat(might(Predicate.eq("region", "eu"), k, "[\"eu\"]")).isTrue();
        assertThat(might(Predicate.eq("region", "us"), k, "[\"eu\"]")).isFalse();
        assertThat(might(Predicate.ne("region", "eu"), k, "[\"eu\"]")).isFalse();
        assertThat(might(Predicate.ne("region", "us"), k, "[\"eu\"]")).isTrue();
        assertThat(might(Predicate.in("region", "us", "ap"), k, "[\"eu\"]")).isFalse();
        assertThat(might(Predicate.in("region", "us", "eu"), k, "[\"eu\"]")).isTrue();
        assertThat(might(Predicate.isNull("region"), k, "[\"eu\"]")).isFalse();
        assertThat(might(Predicate.isNotNull("region"), k, "[\"eu\"]")).isTrue();
        assertThat(might(Predicate.gt("region", "f"), k, "[\"eu\"]")).isFalse();
        // a null partition holds only null values
        assertThat(might(Predicate.eq("region", "eu"), k, "[null]")).isFalse();
        assertThat(might(Predicate.isNull("region"), k, "[null]")).isTrue();
        assertThat(might(Predicate.isNotNull("region"), k, "[null]")).isFalse();
        // what cannot be proven never prunes
        assertThat(might(Predicate.not(Predicate.eq("region", "eu")), k, "[\"eu\"]")).isTrue();
        assertThat(might(Predicate.like("region", "u%"), k, "[\"eu\"]")).isTrue();
        assertThat(might(Predicate.or(Predicate.eq("region", "us"), Predicate.gt("id", 5)), k, "[\"eu\"]")).isTrue();
        assertThat(might(Predicate.and(Predicate.eq("region", "us"), Predicate.gt("id", 5)), k, "[\"eu\"]")).isFalse();
        assertThat(might(Predicate.eq("id", 5), k, "[\"eu\"]")).isTrue();
        // files without values (compacted, or from before partitioning) are never pruned by partition
        assertThat(Partitioning.mightMatch(Predicate.eq("region", "us").bind(SCHEMA), k, FIELDS, null, 100)).isTrue();
    }

    @Test
    void bucketAndStringTruncationPruneEqualityOnly() throws Exception {
        List<PartitionKey> b = List.of(PartitionKey.bucket("id", 16));
        long bucketOf34 = 2017239379 % 16;
        assertThat(might(Predicate.eq("id", 34), b, "[" + bucketOf34 + "]")).isTrue();
        assertThat(might(Predicate.eq("id", 34), b, "[" + (bucketOf34 + 1) + "]")).isFalse();
        assertThat(might(Predicate.gt("id", 34), b, "[" + (bucketOf34 + 1) + "]")).isTrue();
        List<PartitionKey> t = List.of(PartitionKey.truncate("region", 2));
        assertThat(might(Predicate.eq("region", "iceberg"), t, "[\"ic\"]")).isTrue();
        assertThat(might(Predicate.eq("region", "abc"), t, "[\"ic\"]")).isFalse();
        assertThat(might(Predicate.lt("region", "a"), t, "[\"ic\"]")).isTrue();
    }

    @Test
    void timeTransformsPruneRanges() throws Exception {
        List<PartitionKey> day = List.of(PartitionKey.day("ts"));
        String jan2 = "[" + (19_723 + 1) + "]"; // 2024-01-02
        assertThat(might(Predicate.ge("ts", Instant.parse("2024-01-03T00:00:00Z")), day, jan2)).isFalse();
        assertThat(might(Predicate.ge("ts", Instant.parse("2024-01-02T23:59:59Z")), day, jan2)).isTrue();
        assertThat(might(Predicate.lt("ts", Instant.parse("2024-01-02T00:00:00Z")), day, jan2)).isFalse();
        assertThat(might(Predicate.between("ts", Instant.parse("2024-01-01T12:00:00Z"),
                Instant.parse("2024-01-02T00:00:00Z")), day, jan2)).isTrue();
        // two keys on one column: both must allow
        List<PartitionKey> two = List.of(PartitionKey.day("ts"), PartitionKey.hour("ts"));
        long hour = (19_723 + 1) * 24L + 5;
        assertThat(might(Predicate.eq("ts", Instant.parse("2024-01-02T05:30:00Z")), two,
                "[" + (19_723 + 1) + "," + hour + "]")).isTrue();
        assertThat(might(Predicate.eq("ts", Instant.parse("2024-01-02T06:30:00Z")), two,
                "[" + (19_723 + 1) + "," + hour + "]")).isFalse();
    }

    @Test
    void declaredValuesAreCheckedAgainstStatistics() throws Exception {
        List<PartitionKey> k = List.of(PartitionKey.identity("region"), PartitionKey.day("ts"));
        ObjectNode stats = (ObjectNode) JSON.readTree("{\"region\":{\"min\":\"eu\",\"max\":\"eu\",\"nullCount\":0},"
                + "\"ts\":{\"min\":1704153600000000,\"max\":1704239999999999,\"nullCount\":0}}");
        JsonNode ok = JSON.readTree("[\"eu\", 19724]");
        assertThat(Partitioning.checkValues("f", k, SCHEMA, ok, stats, 10)).containsExactly("eu", 19724L);
        assertThatThrownBy(() -> Partitioning.checkValues("f", k, SCHEMA, JSON.readTree("[\"eu\", 19725]"), stats, 10))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("day(ts)");
        assertThatThrownBy(() -> Partitioning.checkValues("f", k, SCHEMA, JSON.readTree("[null, 19724]"), stats, 10))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("non-null");
        assertThatThrownBy(() -> Partitioning.checkValues("f", k, SCHEMA, JSON.readTree("[\"eu\"]"), stats, 10))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("one value per partition key");
        assertThatThrownBy(() -> Partitioning.checkValues("f", k, SCHEMA, JSON.readTree("[\"eu\", \"x\"]"), stats, 10))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("day(ts)");
        assertThatThrownBy(() -> Partitioning.checkValues("f", List.of(), SCHEMA, ok, stats, 10))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not partitioned");
    }
}
