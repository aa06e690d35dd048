package io.deltacat.io.orc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.BytesColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.ColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.DoubleColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.LongColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.TimestampColumnVector;
import io.deltacat.io.testkit.ArrowMemory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The column-run copier gives exactly what the row-by-row copier gives: for every flat type it
 * handles and one it leaves to rows, with and without nulls, for a repeating ORC column, and for runs
 * that land at an offset past the vector's first capacity (so the vector must grow).
 */
class OrcColumnRunsTest {
    private static final int ROWS = 3000;

    @RegisterExtension
    final ArrowMemory memory = new ArrowMemory();
    final BufferAllocator allocator = memory.allocator();

    record Case(String name, ArrowType type, Function<SplittableRandom, ColumnVector> orc) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("bigint", new ArrowType.Int(64, true), r -> longs(r, Long.MAX_VALUE)),
                new Case("int", new ArrowType.Int(32, true), r -> longs(r, Integer.MAX_VALUE)),
                new Case("date", new ArrowType.Date(DateUnit.DAY), r -> longs(r, 40_000)),
                new Case("double", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), OrcColumnRunsTest::doubles),
                new Case("timestamp", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), OrcColumnRunsTest::timestamps),
                new Case("string", ArrowType.Utf8.INSTANCE, OrcColumnRunsTest::strings),
                new Case("binary", ArrowType.Binary.INSTANCE, OrcColumnRunsTest::strings),
                new Case("smallint (rows)", new ArrowType.Int(16, true), r -> longs(r, Short.MAX_VALUE)));
    }

    private static LongColumnVector longs(SplittableRandom r, long bound) {
        LongColumnVector v = new LongColumnVector(ROWS);
        for (int i = 0; i < ROWS; i++) {
            v.vector[i] = r.nextLong(-bound, bound);
        }
        return v;
    }

    private static DoubleColumnVector doubles(SplittableRandom r) {
        DoubleColumnVector v = new DoubleColumnVector(ROWS);
        for (int i = 0; i < ROWS; i++) {
            v.vector[i] = r.nextDouble(-1e9, 1e9);
        }
        return v;
    }

    private static TimestampColumnVector timestamps(SplittableRandom r) {
        TimestampColumnVector v = new TimestampColumnVector(ROWS);
        for (int i = 0; i < ROWS; i++) {
            long micros = r.nextLong(-4_000_000_000_000_000L, 4_000_000_000_000_000L);
            v.time[i] = Math.floorDiv(micros, 1000);
            v.nanos[i] = (int) Math.floorMod(micros, 1_000_000L) * 1000;
        }
        return v;
    }

    private static BytesColumnVector strings(SplittableRandom r) {
        BytesColumnVector v = new BytesColumnVector(ROWS);
        v.initBuffer();
        for (int i = 0; i < ROWS; i++) {
            v.setVal(i, ("v-" + r.nextInt(1_000_000) + "-" + "x".repeat(r.nextInt(40))).getBytes(StandardCharsets.UTF_8));
        }
        return v;
    }

    private static void withNulls(ColumnVector v, SplittableRandom r) {
        v.noNulls = false;
        for (int i = 0; i < ROWS; i++) {
            v.isNull[i] = r.nextInt(5) == 0;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void runsCopyWhatRowsCopy(Case c) {
        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        ColumnVector plain = c.orc().apply(random);
        ColumnVector nulls = c.orc().apply(random);
        withNulls(nulls, random);
        ColumnVector repeating = c.orc().apply(random);
        repeating.isRepeating = true;
        ColumnVector repeatingNull = c.orc().apply(random);
        repeatingNull.isRepeating = true;
        repeatingNull.noNulls = false;
        repeatingNull.isNull[0] = true;
        for (ColumnVector source : List.of(plain, nulls, repeating, repeatingNull)) {
            Field field = Field.nullable(c.name(), c.type());
            try (FieldVector byRuns = field.createVector(allocator); FieldVector byRows = field.createVector(allocator)) {
                byRuns.setInitialCapacity(16);
                byRuns.allocateNew();
                byRows.allocateNew();
                OrcColumnRuns.Run runs = OrcColumnRuns.of(byRuns);
                OrcVectors.ToArrow rows = OrcVectors.toArrow(byRows);
                // uneven runs from uneven places, packed one after another from Arrow row 0
                int to = 0;
                for (int from = 7, len = 1; from < ROWS; from += len + 3, len = len * 2 + 1) {
                    int count = Math.min(len, ROWS - from);
                    runs.copy(source, from, to, count);
                    for (int i = 0; i < count; i++) {
                        rows.copy(source, from + i, to + i);
                    }
                    to += count;
                }
                byRuns.setValueCount(to);
                byRows.setValueCount(to);
                assertThat(to).isGreaterThan(ROWS / 2);
                for (int i = 0; i < to; i++) {
                    assertThat(byRuns.getObject(i)).as("row %d", i).isEqualTo(byRows.getObject(i));
                }
                assertThat(byRuns.getNullCount()).isEqualTo(byRows.getNullCount());
                if (source == repeatingNull) {
                    assertThat(byRuns.getNullCount()).isEqualTo(to);
                } else if (source == plain) {
                    assertThat(byRuns.getNullCount()).isZero();
                    if (plain instanceof LongColumnVector l && c.name().equals("bigint")) {
                        assertThat(byRuns.getObject(0)).isEqualTo(l.vector[7]); // the first run starts at ORC row 7
                    }
                }
            }
        }
    }
}
