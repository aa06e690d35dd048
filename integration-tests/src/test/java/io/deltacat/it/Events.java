package io.deltacat.it;

import io.deltacat.api.model.DataFile;
import io.deltacat.io.spi.ArrowValues;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.ReadRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Generated event rows for the layout tests: {@code id} int64 = i, {@code region} utf8 (eu/us/ap by
 * i % 3, null when i % 11 == 10), {@code ts} timestamp[us, UTC] = 2024-01-01T00:00Z + i hours,
 * {@code day} date = 2024-01-01 + 9 i days,
 * {@code score} float64 = i * 1.5 (null when i % 7 == 0), {@code n} int32 = i % 50 - 20.
 */
final class Events {
    static final long BASE_MICROS = 1_704_067_200_000_000L; // 2024-01-01T00:00:00Z
    static final long BASE_DAY = 19_723; // 2024-01-01
    static final ArrowType TS = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
    static final Schema SCHEMA = new Schema(List.of(
            Field.notNullable("id", new ArrowType.Int(64, true)),
            Field.nullable("region", ArrowType.Utf8.INSTANCE),
            Field.nullable("ts", TS),
            Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
            Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("n", new ArrowType.Int(32, true))));
    private static final String[] REGIONS = {"eu", "us", "ap"};

    private Events() {
    }

    static String region(long i) {
        return i % 11 == 10 ? null : REGIONS[(int) (i % 3)];
    }

    static long ts(long i) {
        return BASE_MICROS + i * 3_600_000_000L;
    }

    static long day(long i) {
        return BASE_DAY + i * 9;
    }

    static Double score(long i) {
        return i % 7 == 0 ? null : i * 1.5;
    }

    static int n(long i) {
        return (int) (i % 50 - 20);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive); the caller closes the root. */
    static VectorSchemaRoot rows(BufferAllocator allocator, long from, long to) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        root.allocateNew();
        int count = (int) (to - from);
        for (int r = 0; r < count; r++) {
            long i = from + r;
            ((BigIntVector) root.getVector("id")).setSafe(r, i);
            String region = region(i);
            if (region == null) {
                ((VarCharVector) root.getVector("region")).setNull(r);
            } else {
                ((VarCharVector) root.getVector("region")).setSafe(r, region.getBytes(StandardCharsets.UTF_8));
            }
            ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(r, ts(i));
            ((DateDayVector) root.getVector("day")).setSafe(r, (int) day(i));
            Double score = score(i);
            if (score == null) {
                ((Float8Vector) root.getVector("score")).setNull(r);
            } else {
                ((Float8Vector) root.getVector("score")).setSafe(r, score);
            }
            ((IntVector) root.getVector("n")).setSafe(r, n(i));
        }
        root.setRowCount(count);
        return root;
    }

    /** Every row of one data file, each as column name -> canonical value, in file order. */
    static List<Map<String, Object>> readFile(DataFile file, BufferAllocator allocator) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (FormatReader r = Formats.require(file.format()).openReader(
                Fixture.storage(file.uri()).inputFile(file.uri()), ReadRequest.all(1000), allocator)) {
            while (r.next()) {
                VectorSchemaRoot b = r.batch();
                for (int i = 0; i < b.getRowCount(); i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (FieldVector v : b.getFieldVectors()) {
                        row.put(v.getName(), ArrowValues.canonical(v, i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }
}
