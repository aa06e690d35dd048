package io.deltacat.api.model;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Statistics of one column in one file. {@code min} and {@code max} are canonical values (see
 * {@link io.deltacat.api.expr.Literals}); they are absent when unknown.
 */
public record ColumnStats(Optional<Object> min, Optional<Object> max, long nullCount) {
    public ColumnStats {
        min = min == null ? Optional.empty() : min;
        max = max == null ? Optional.empty() : max;
    }

    /**
     * The wire form, {@code {"nullCount": n, "min": v, "max": v}} with absent bounds left out: longs,
     * doubles and booleans as themselves, decimals as plain strings (no digit lost), anything else
     * as its string.
     */
    public Map<String, Object> toWire() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nullCount", nullCount);
        min.ifPresent(v -> out.put("min", wireValue(v)));
        max.ifPresent(v -> out.put("max", wireValue(v)));
        return out;
    }

    private static Object wireValue(Object v) {
        if (v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return v;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return String.valueOf(v);
    }
}
