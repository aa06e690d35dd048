package io.deltacat.mcp.server.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * JSON rows (objects keyed by column name) as one Arrow batch of a table's schema: integers, floats,
 * booleans, text, binary (base64), dates and timestamps (ISO-8601 text) and decimals (text or number).
 * A row naming a column the schema lacks, a value of the wrong kind, a null in a non-nullable column or
 * a column of another type is refused, naming the row and the column.
 */
final class JsonRows {
    private JsonRows() {
    }

    static VectorSchemaRoot toArrow(Schema schema, List<Map<String, Object>> rows, BufferAllocator allocator) {
        Set<String> names = schema.getFields().stream().map(Field::getName).collect(Collectors.toSet());
        for (int r = 0; r < rows.size(); r++) {
            for (String k : rows.get(r).keySet()) {
                if (!names.contains(k)) {
                    throw new IllegalArgumentException("row " + r + " names column '" + k + "', which the table"
                            + " (or this mode) does not have; columns: " + names.stream().sorted().toList());
                }
            }
        }
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            root.allocateNew();
            for (FieldVector v : root.getFieldVectors()) {
                for (int r = 0; r < rows.size(); r++) {
                    Object value = rows.get(r).get(v.getName());
                    if (value == null) {
                        if (!v.getField().isNullable()) {
                            throw new IllegalArgumentException("row " + r + ": column '" + v.getName()
                                    + "' is not nullable and has no value");
                        }
                        v.setNull(r);
                    } else {
                        try {
                            set(v, r, value);
                        } catch (RuntimeException e) {
                            throw new IllegalArgumentException("row " + r + ": column '" + v.getName() + "' ("
                                    + v.getField().getType() + ") cannot hold " + abbreviate(value) + ": "
                                    + e.getMessage(), e);
                        }
                    }
                }
                v.setValueCount(rows.size());
            }
            root.setRowCount(rows.size());
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static void set(FieldVector v, int r, Object value) {
        if (v instanceof BaseIntVector i && v.getField().getType() instanceof ArrowType.Int) {
            i.setWithPossibleTruncate(r, integral(value));
            if (i.getValueAsLong(r) != integral(value)) {
                throw new IllegalArgumentException("out of range");
            }
        } else if (v instanceof Float8Vector f) {
            f.setSafe(r, number(value).doubleValue());
        } else if (v instanceof Float4Vector f) {
            f.setSafe(r, number(value).floatValue());
        } else if (v instanceof BitVector b) {
            if (!(value instanceof Boolean x)) {
                throw new IllegalArgumentException("not a boolean");
            }
            b.setSafe(r, x ? 1 : 0);
        } else if (v instanceof VarCharVector s) {
            s.setSafe(r, text(value).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof LargeVarCharVector s) {
            s.setSafe(r, text(value).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof VarBinaryVector b) {
            b.setSafe(r, Base64.getDecoder().decode(text(value)));
        } else if (v instanceof DateDayVector d) {
            d.setSafe(r, Math.toIntExact(LocalDate.parse(text(value)).toEpochDay()));
        } else if (v instanceof TimeStampVector t) {
            ArrowType.Timestamp type = (ArrowType.Timestamp) v.getField().getType();
            Instant at = type.getTimezone() == null && !text(value).endsWith("Z") && !text(value).contains("+")
                    ? LocalDateTime.parse(text(value)).toInstant(ZoneOffset.UTC) : Instant.parse(text(value));
            long nanos = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
            long raw = switch (type.getUnit()) {
                case SECOND -> Math.floorDiv(nanos, 1_000_000_000L);
                case MILLISECOND -> Math.floorDiv(nanos, 1_000_000L);
                case MICROSECOND -> Math.floorDiv(nanos, 1_000L);
                case NANOSECOND -> nanos;
            };
            t.setSafe(r, raw);
        } else if (v instanceof DecimalVector d) {
            BigDecimal b = value instanceof String s ? new BigDecimal(s) : new BigDecimal(number(value).toString());
            d.setSafe(r, b.setScale(d.getScale(), RoundingMode.UNNECESSARY));
        } else {
            throw new IllegalArgumentException("stage_write cannot fill this column type from JSON; write it with a"
                    + " client");
        }
    }

    private static long integral(Object value) {
        Number n = number(value);
        if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
            BigDecimal b = new BigDecimal(n.toString());
            return b.longValueExact();
        }
        return n.longValue();
    }

    private static Number number(Object value) {
        if (value instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("not a number");
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("not a string");
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
