package io.deltacat.io.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.WrittenFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Timestamps where conversions go wrong: before 1970 with a fraction of a second (floor vs truncation),
 * within the second before the epoch (sign of the fraction), and the extremes of the unit (overflow).
 * The first two must round-trip exactly; the extremes must round-trip exactly or be refused while
 * writing, with the column named and no file left.
 */
final class TimestampEdges {
    private TimestampEdges() {
    }

    /** A named set of values in the column's unit; {@code mayRefuse}: refusal at write is allowed. */
    record Edge(String name, List<Long> values, boolean mayRefuse) {
    }

    private static final long SECONDS_1900 = -2_208_988_800L;
    private static final long SECONDS_0001 = -62_135_596_800L;
    private static final long SECONDS_9999_END = 253_402_300_799L;

    static List<Edge> edges(Kind kind) {
        TimeUnit unit = ((ArrowType.Timestamp) kind.field().getType()).getUnit();
        long s = ContractData.perSecond(unit);
        List<Edge> out = new ArrayList<>();
        if (unit == TimeUnit.SECOND) {
            out.add(new Edge("before 1970", values(-1L, -2L, -86_401L, SECONDS_1900, null), false));
        } else {
            out.add(new Edge("before 1970 with fractional seconds", values(-s - s / 2, -2 * s - s / 1000,
                    -86_400 * s - s / 4, SECONDS_1900 * s + s / 2, -s - 1, null, -3 * s + 1), false));
            out.add(new Edge("within the second before 1970", values(-1L, -s / 2, -(s - 1), -s / 1000, null,
                    -s / 1000 * 999), false));
        }
        List<Long> extremes = unit == TimeUnit.NANOSECOND
                ? values(Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE, null)
                : values(SECONDS_0001 * s, SECONDS_9999_END * s + (s - 1), null);
        out.add(new Edge("extremes of the unit", extremes, true));
        return out;
    }

    private static List<Long> values(Long... values) {
        return Arrays.asList(values);
    }

    static void check(Harness h, Kind kind, Edge edge) throws Exception {
        Schema schema = ContractData.schema(List.of(kind));
        Path path = h.path("ts");
        List<List<Object>> expected;
        try (VectorSchemaRoot data = ContractData.ofValues(kind.field(), edge.values(), h.allocator)) {
            expected = ContractData.rows(data);
            try (FormatWriter w = h.provider.openWriter(h.output(path), schema, Map.of(), h.allocator)) {
                WrittenFile f;
                try {
                    w.write(data);
                    f = w.finish();
                } catch (InvalidRequestException refused) {
                    if (!edge.mayRefuse()) {
                        throw refused;
                    }
                    assertThat(refused).as("the refusal of %s", edge.values()).hasMessageContaining(kind.column());
                    w.close();
                    assertThat(h.leftovers()).as("files left by a refused write").isEmpty();
                    return;
                }
                assertThat(f.rowCount()).isEqualTo(edge.values().size());
            }
        }
        Harness.Read read = h.read(path, h.all(schema, 100));
        assertThat(read.schema().getFields()).isEqualTo(schema.getFields());
        h.assertSameRows(edge.name() + (edge.mayRefuse() ? " (accepted by the writer, so they must read back)" : ""),
                schema.getFields(), expected, read.rows());
    }
}
