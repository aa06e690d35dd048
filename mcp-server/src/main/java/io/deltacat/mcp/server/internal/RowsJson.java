package io.deltacat.mcp.server.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Arrow rows as JSON-ready values: numbers and booleans as they are, text as strings, decimals,
 * dates and times as ISO-8601 text, instants of zoned timestamps as ISO-8601 UTC, binaries as base64,
 * lists and structs recursively.
 */
final class RowsJson {
    private RowsJson() {
    }

    static Map<String, Object> row(VectorSchemaRoot root, int i) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (FieldVector v : root.getFieldVectors()) {
            row.put(v.getName(), value(v, i));
        }
        return row;
    }

    private static Object value(FieldVector v, int i) {
        if (v.isNull(i)) {
            return null;
        }
        if (v instanceof DateDayVector d) {
            return LocalDate.ofEpochDay(d.get(i)).toString();
        }
        if (v instanceof TimeStampVector t && ((ArrowType.Timestamp) v.getField().getType()).getTimezone() != null) {
            long raw = t.get(i);
            TimeUnit unit = switch (((ArrowType.Timestamp) v.getField().getType()).getUnit()) {
                case SECOND -> TimeUnit.SECONDS;
                case MILLISECOND -> TimeUnit.MILLISECONDS;
                case MICROSECOND -> TimeUnit.MICROSECONDS;
                case NANOSECOND -> TimeUnit.NANOSECONDS;
            };
            long nanos = unit.toNanos(raw);
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                    .toString();
        }
        return plain(v.getObject(i));
    }

    private static Object plain(Object o) {
        if (o == null || o instanceof Boolean || o instanceof String) {
            return o;
        }
        if (o instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (o instanceof Number) {
            return o;
        }
        if (o instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        return o.toString(); // Text, LocalDateTime, LocalTime, Duration, Period...
    }
}
