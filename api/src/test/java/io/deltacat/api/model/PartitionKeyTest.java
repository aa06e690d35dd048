package io.deltacat.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/** The partition transforms on canonical values, with Iceberg's published hash values. */
class PartitionKeyTest {
    static final ArrowType INT32 = new ArrowType.Int(32, true);
    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
    static final ArrowType TS_MICROS = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
    static final ArrowType TS_MILLIS = new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
    static final ArrowType TS_NANOS = new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
    static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;

    static final long DAY_2017_11_16 = LocalDate.of(2017, 11, 16).toEpochDay();
    static final long MICROS_2017_11_16T22_31_08 = Instant.parse("2017-11-16T22:31:08Z").getEpochSecond() * 1_000_000L;

    @Test
    void murmur3MatchesIcebergSpecAppendixB() {
        // Iceberg table spec, "Appendix B: 32-bit Hash Requirements"
        assertThat(Murmur3.hashLong(34L)).isEqualTo(2017239379);
        assertThat(Murmur3.hashLong(DAY_2017_11_16)).isEqualTo(-653330422);
        assertThat(Murmur3.hashLong(MICROS_2017_11_16T22_31_08)).isEqualTo(-2047944441);
        assertThat(Murmur3.hashBytes("iceberg".getBytes(StandardCharsets.UTF_8))).isEqualTo(1210000089);
        assertThat(Murmur3.hashBytes(new byte[] {0, 1, 2, 3})).isEqualTo(-188683207);
    }

    @Test
    void bucketIsPositiveHashModN() {
        PartitionKey k = PartitionKey.bucket("id", 16);
        assertThat(k.apply(INT32, 34L)).isEqualTo((long) (2017239379 % 16));
        assertThat(k.apply(INT64, 34L)).isEqualTo(k.apply(INT32, 34L)); // ints hash as longs
        assertThat(PartitionKey.bucket("s", 100).apply(UTF8, "iceberg")).isEqualTo((long) (1210000089 % 100));
        assertThat(PartitionKey.bucket("d", 1000).apply(DATE, DAY_2017_11_16))
                .isEqualTo((long) ((-653330422 & Integer.MAX_VALUE) % 1000));
        // timestamps hash as micros whatever the unit
        assertThat(PartitionKey.bucket("t", 7).apply(TS_NANOS, MICROS_2017_11_16T22_31_08 * 1000))
                .isEqualTo(PartitionKey.bucket("t", 7).apply(TS_MICROS, MICROS_2017_11_16T22_31_08))
                .isEqualTo((long) ((-2047944441 & Integer.MAX_VALUE) % 7));
        for (long v = -500; v < 500; v++) {
            assertThat((Long) k.apply(INT64, v)).isBetween(0L, 15L);
        }
        assertThat(k.apply(INT64, null)).isNull();
    }

    @Test
    void truncate() {
        PartitionKey t = PartitionKey.truncate("v", 10);
        assertThat(t.apply(INT32, 1L)).isEqualTo(0L);
        assertThat(t.apply(INT32, 10L)).isEqualTo(10L);
        assertThat(t.apply(INT32, 19L)).isEqualTo(10L);
        assertThat(t.apply(INT32, -1L)).isEqualTo(-10L); // floor, as Iceberg
        assertThat(t.apply(INT32, -10L)).isEqualTo(-10L);
        PartitionKey s = PartitionKey.truncate("s", 3);
        assertThat(s.apply(UTF8, "iceberg")).isEqualTo("ice");
        assertThat(s.apply(UTF8, "ab")).isEqualTo("ab");
        assertThat(PartitionKey.truncate("s", 2).apply(UTF8, "\uD83D\uDE00\uD83D\uDE00abc"))
                .isEqualTo("\uD83D\uDE00\uD83D\uDE00"); // code points, not chars
        assertThat(t.sourceRange(INT32, 10L)).containsExactly(10L, 19L);
        assertThat(s.sourceRange(UTF8, "ice")).isNull();
    }

    @Test
    void timeOrdinalsSince1970() {
        assertThat(PartitionKey.year("d").apply(DATE, DAY_2017_11_16)).isEqualTo(47L);
        assertThat(PartitionKey.month("d").apply(DATE, DAY_2017_11_16)).isEqualTo(47L * 12 + 10);
        assertThat(PartitionKey.day("d").apply(DATE, DAY_2017_11_16)).isEqualTo(DAY_2017_11_16);
        assertThat(PartitionKey.day("t").apply(TS_MICROS, MICROS_2017_11_16T22_31_08)).isEqualTo(DAY_2017_11_16);
        assertThat(PartitionKey.hour("t").apply(TS_MICROS, MICROS_2017_11_16T22_31_08))
                .isEqualTo(DAY_2017_11_16 * 24 + 22);
        assertThat(PartitionKey.hour("t").apply(TS_MILLIS, MICROS_2017_11_16T22_31_08 / 1000))
                .isEqualTo(DAY_2017_11_16 * 24 + 22);
        // before 1970: negative ordinals, floored
        assertThat(PartitionKey.year("d").apply(DATE, -1L)).isEqualTo(-1L);
        assertThat(PartitionKey.month("d").apply(DATE, -1L)).isEqualTo(-1L);
        assertThat(PartitionKey.day("t").apply(TS_MICROS, -1L)).isEqualTo(-1L);
        assertThat(PartitionKey.hour("t").apply(TS_NANOS, -1L)).isEqualTo(-1L);
    }

    @Test
    void sourceRangesInvertOrderPreservingTransforms() {
        long nov1 = LocalDate.of(2017, 11, 1).toEpochDay();
        long nov30 = LocalDate.of(2017, 11, 30).toEpochDay();
        assertThat(PartitionKey.month("d").sourceRange(DATE, 574L)).containsExactly(nov1, nov30);
        assertThat(PartitionKey.year("d").sourceRange(DATE, 47L)).containsExactly(
                LocalDate.of(2017, 1, 1).toEpochDay(), LocalDate.of(2017, 12, 31).toEpochDay());
        long hour = DAY_2017_11_16 * 24 + 22;
        assertThat(PartitionKey.hour("t").sourceRange(TS_MILLIS, hour))
                .containsExactly(hour * 3_600_000L, (hour + 1) * 3_600_000L - 1);
        assertThat(PartitionKey.day("t").sourceRange(TS_MICROS, DAY_2017_11_16))
                .containsExactly(DAY_2017_11_16 * 86_400_000_000L, (DAY_2017_11_16 + 1) * 86_400_000_000L - 1);
        assertThat(PartitionKey.bucket("i", 4).sourceRange(INT64, 1L)).isNull();
        assertThat(PartitionKey.identity("i").sourceRange(INT64, 5L)).containsExactly(5L, 5L);
        // every value of a range transforms back into its partition
        for (long d = nov1 - 40; d < nov30 + 40; d++) {
            Object m = PartitionKey.month("d").apply(DATE, d);
            Object[] r = PartitionKey.month("d").sourceRange(DATE, m);
            assertThat(d).isBetween((Long) r[0], (Long) r[1]);
        }
    }

    @Test
    void transformsCheckTheirColumnType() {
        assertThat(PartitionKey.hour("d").supports(DATE)).isFalse();
        assertThat(PartitionKey.day("d").supports(DATE)).isTrue();
        assertThat(PartitionKey.truncate("d", 3).supports(DATE)).isFalse();
        assertThat(PartitionKey.bucket("s", 3).supports(UTF8)).isTrue();
        assertThat(PartitionKey.year("s").supports(UTF8)).isFalse();
        assertThatThrownBy(() -> PartitionKey.year("name").check(UTF8)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("year").hasMessageContaining("'name'").hasMessageContaining("utf8");
        assertThatThrownBy(() -> PartitionKey.bucket("id", 0)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> PartitionKey.Transform.fromWire("weekly")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("weekly");
        assertThat(PartitionKey.bucket("id", 16).toString()).isEqualTo("bucket[16](id)");
        assertThat(SortKey.desc("ts").nullsFirst()).isEqualTo(new SortKey("ts", SortKey.Order.DESCENDING,
                SortKey.Nulls.FIRST));
    }
}
