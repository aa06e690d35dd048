package io.deltacat.io.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.expr.Literals;
import io.deltacat.api.model.ColumnStats;
import io.deltacat.io.spi.ArrowValues;
import io.deltacat.io.spi.FileFacts;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** {@code inspect}: the file's schema, row count and statistics, which must match the data written. */
final class Statistics {
    private Statistics() {
    }

    static final int ROWS = 2500;

    static void check(Harness h) throws Exception {
        List<Kind> kinds = new ArrayList<>(h.caps.types());
        kinds.sort(null);
        Schema schema = ContractData.schema(kinds);
        Path path = h.path("stats");
        h.write(path, schema, Map.of(), ROWS, 1000);
        FileFacts facts = h.provider.inspect(h.input(path), schema, h.allocator);
        assertThat(facts.schema().getFields()).as("inspect(): schema").isEqualTo(schema.getFields());
        assertThat(facts.rowCount()).as("inspect(): row count").isEqualTo(ROWS);
        try (VectorSchemaRoot data = ContractData.batch(schema, 0, ROWS, h.allocator)) {
            for (Map.Entry<String, ColumnStats> e : facts.columnStats().entrySet()) {
                FieldVector v = data.getVector(e.getKey());
                assertThat(v).as("inspect(): statistics of column '%s', which the file does not have", e.getKey())
                        .isNotNull();
                assertMatches(h.provider.name(), v, e.getValue());
            }
        }
        if (h.caps.hasFooterStatistics()) {
            FileFacts full = fullRead(h.provider).inspect(h.input(path), schema, h.allocator);
            facts.columnStats().forEach((column, s) -> assertThat(s.nullCount())
                    .as("null count of '%s' from the footer vs a full read", column)
                    .isEqualTo(full.columnStats().get(column).nullCount()));
            for (Kind k : kinds) {
                if (k == Kind.INT32 || k == Kind.INT64 || k == Kind.DATE32 || k.isTimestamp()) {
                    assertThat(facts.columnStats().get(k.column())).as("footer statistics of '%s'", k.column())
                            .isNotNull().satisfies(s -> assertThat(s.min()).as("min of '%s'", k.column()).isPresent());
                }
            }
        }
    }

    /** Null count exact; bounds, when given, exactly the smallest and largest value (none when a NaN is there). */
    private static void assertMatches(String provider, FieldVector v, ColumnStats s) {
        long nulls = 0;
        boolean nan = false;
        Object min = null;
        Object max = null;
        for (int i = 0; i < v.getValueCount(); i++) {
            if (v.isNull(i)) {
                nulls++;
                continue;
            }
            if (!ArrowValues.supports(v)) {
                continue;
            }
            Object value = ArrowValues.canonical(v, i);
            if (value instanceof Double && ((Double) value).isNaN()) {
                nan = true;
                continue;
            }
            min = min == null || Literals.compare(value, min) < 0 ? value : min;
            max = max == null || Literals.compare(value, max) > 0 ? value : max;
        }
        String column = v.getName();
        assertThat(s.nullCount()).as("%s inspect(): null count of '%s'", provider, column).isEqualTo(nulls);
        if (s.min().isPresent() || s.max().isPresent()) {
            assertThat(nan).as("%s inspect(): '%s' holds a NaN, so its bounds must be unknown, not %s", provider,
                    column, s).isFalse();
            assertThat(min).as("%s inspect(): bounds of '%s', whose values have no order", provider, column).isNotNull();
            Object lo = min;
            Object hi = max;
            assertThat(s.min()).as("%s inspect(): min of '%s'", provider, column)
                    .hasValueSatisfying(m -> assertThat(Literals.compare(m, lo)).as("min %s vs %s", m, lo).isZero());
            assertThat(s.max()).as("%s inspect(): max of '%s'", provider, column)
                    .hasValueSatisfying(m -> assertThat(Literals.compare(m, hi)).as("max %s vs %s",
                            ContractData.show(m), ContractData.show(hi)).isZero());
        }
    }

    /** The provider without its inspect override: the SPI's default full read. */
    private static FormatProvider fullRead(FormatProvider p) {
        return new FormatProvider() {
            @Override
            public String name() {
                return p.name();
            }

            @Override
            public Set<String> extensions() {
                return p.extensions();
            }

            @Override
            public void checkSchema(Schema schema) {
                p.checkSchema(schema);
            }

            @Override
            public FormatWriter openWriter(OutputFile file, Schema schema, Map<String, String> options,
                                           BufferAllocator allocator) {
                return p.openWriter(file, schema, options, allocator);
            }

            @Override
            public FormatReader openReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
                return p.openReader(file, request, allocator);
            }
        };
    }
}
