package io.deltacat.server.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.ColumnRange;
import io.deltacat.api.expr.Literals;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.server.internal.store.StoredJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Partition values on the server: checking those a commit declares for each file, and pruning planned
 * files whose partition values prove that no row can match a predicate.
 */
public final class Partitioning {
    private static final ArrowType INT64 = new ArrowType.Int(64, true);

    private Partitioning() {
    }

    /** The type of a key's partition values for a source column of {@code source} type. */
    static ArrowType valueType(PartitionKey k, ArrowType source) {
        switch (k.transform()) {
            case IDENTITY:
                return source;
            case TRUNCATE:
                return source instanceof ArrowType.Int ? INT64 : source;
            default:
                return INT64;
        }
    }

    /**
     * Checks the partition values a commit declares for one file and returns them canonical: one per
     * key, each of its key's value type, and consistent with the file's statistics where they are
     * known (the transform of the column's min and max must both be the declared value).
     *
     * @param values the wire array, or null when the file declares none
     * @param stats  the file's column statistics as sent, or null
     */
    static List<Object> checkValues(String file, List<PartitionKey> keys, Schema schema, JsonNode values,
                                    ObjectNode stats, long rowCount) {
        if (keys.isEmpty()) {
            if (values != null && !values.isNull() && values.size() > 0) {
                throw new InvalidRequestException("file '" + file + "' declares partition values but the table is"
                        + " not partitioned");
            }
            return List.of();
        }
        if (values == null || values.isNull() || !values.isArray() || values.size() != keys.size()) {
            throw new InvalidRequestException("file '" + file + "' must declare partitionValues: one value per"
                    + " partition key " + keys);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            PartitionKey k = keys.get(i);
            Field f = schema.findField(k.column());
            Object v = values.get(i).isNull() ? null
                    : Literals.normalize(k.toString(), valueType(k, f.getType()), StoredJson.plain(values.get(i)));
            JsonNode s = stats == null ? null : stats.get(k.column());
            if (s != null && s.isObject()) {
                long nulls = s.path("nullCount").asLong(-1);
                if (v == null && nulls >= 0 && nulls != rowCount) {
                    throw mismatch(file, k, null, "it has non-null values");
                }
                if (v != null && nulls == rowCount) {
                    throw mismatch(file, k, v, "all its values are null");
                }
                for (String end : new String[] {"min", "max"}) {
                    if (v != null && s.hasNonNull(end) && k.sourceRange(f.getType(), v) != null) {
                        Object bound = Literals.normalize(k.column(), f.getType(), StoredJson.plain(s.get(end)));
                        if (!Objects.equals(k.apply(f.getType(), bound), v)) {
                            throw mismatch(file, k, v, "its " + end + " value " + bound + " is in partition "
                                    + k.apply(f.getType(), bound));
                        }
                    }
                }
            }
            out.add(v);
        }
        return out;
    }

    private static InvalidRequestException mismatch(String file, PartitionKey k, Object v, String why) {
        return new InvalidRequestException("file '" + file + "' declares partition value " + v + " for " + k
                + " but " + why);
    }

    /** Canonical partition values as a JSON array (decimals as strings, to keep every digit). */
    static ArrayNode toJson(List<Object> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Object v : values) {
            if (v == null) {
                a.addNull();
            } else if (v instanceof Long) {
                a.add((Long) v);
            } else if (v instanceof Double) {
                a.add((Double) v);
            } else if (v instanceof Boolean) {
                a.add((Boolean) v);
            } else if (v instanceof BigDecimal) {
                a.add(((BigDecimal) v).toPlainString());
            } else {
                a.add(v.toString());
            }
        }
        return a;
    }

    /**
     * Whether any row of a file with these partition values might match the bound predicate. False
     * only when the values prove no row can: a range predicate outside the source range of an
     * order-preserving transform, an equality or {@code in} whose literals all transform to other
     * values (this covers bucket and string truncation), a null check against a null or non-null
     * partition.
     *
     * @param values canonical values as stored (JSON array), one per key
     */
    static boolean mightMatch(Predicate bound, List<PartitionKey> keys, Map<String, Field> fields, JsonNode values,
                              long rowCount) {
        if (keys.isEmpty() || values == null || !values.isArray() || values.size() != keys.size()) {
            return true;
        }
        Map<String, List<Object[]>> keyValues = new HashMap<>(); // column -> [key, value]
        Map<String, ColumnRange> ranges = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            PartitionKey k = keys.get(i);
            Field f = fields.get(k.column());
            if (f == null) {
                continue; // not in the schema being read (never the case for a checked layout)
            }
            Object v;
            try {
                v = values.get(i).isNull() ? null
                        : Literals.normalize(k.toString(), valueType(k, f.getType()), StoredJson.plain(values.get(i)));
            } catch (RuntimeException e) {
                continue;
            }
            keyValues.computeIfAbsent(k.column(), c -> new ArrayList<>()).add(new Object[] {k, v, f.getType()});
            ColumnRange r;
            if (v == null) {
                r = new ColumnRange(null, null, rowCount, rowCount);
            } else {
                Object[] src = k.sourceRange(f.getType(), v);
                r = src == null ? new ColumnRange(null, null, 0, rowCount) : new ColumnRange(src[0], src[1], 0, rowCount);
            }
            ranges.merge(k.column(), r, Partitioning::intersect);
        }
        Function<String, ColumnRange> byColumn = c -> ranges.getOrDefault(c, ColumnRange.UNKNOWN);
        return bound.mightMatch(byColumn) && equalityMightMatch(bound, keyValues);
    }

    private static ColumnRange intersect(ColumnRange a, ColumnRange b) {
        Object min = a.min() == null ? b.min() : b.min() == null ? a.min()
                : Literals.compare(a.min(), b.min()) >= 0 ? a.min() : b.min();
        Object max = a.max() == null ? b.max() : b.max() == null ? a.max()
                : Literals.compare(a.max(), b.max()) <= 0 ? a.max() : b.max();
        return new ColumnRange(min, max, Math.max(a.nullCount(), b.nullCount()), a.rowCount());
    }

    private static boolean equalityMightMatch(Predicate p, Map<String, List<Object[]>> keyValues) {
        if (p instanceof Predicate.Compare c && c.op() == Predicate.Op.EQ) {
            return valueMightMatch(c.column(), c.value(), keyValues);
        }
        if (p instanceof Predicate.In in) {
            for (Object v : in.values()) {
                if (v != null && valueMightMatch(in.column(), v, keyValues)) {
                    return true;
                }
            }
            return false;
        }
        if (p instanceof Predicate.And and) {
            return and.operands().stream().allMatch(o -> equalityMightMatch(o, keyValues));
        }
        if (p instanceof Predicate.Or or) {
            return or.operands().stream().anyMatch(o -> equalityMightMatch(o, keyValues));
        }
        return true;
    }

    private static boolean valueMightMatch(String column, Object value, Map<String, List<Object[]>> keyValues) {
        List<Object[]> kvs = keyValues.get(column);
        if (kvs == null) {
            return true;
        }
        for (Object[] kv : kvs) {
            PartitionKey k = (PartitionKey) kv[0];
            Object expected = kv[1];
            Object actual;
            try {
                actual = k.apply((ArrowType) kv[2], value);
            } catch (RuntimeException e) {
                continue; // a literal the transform cannot take: no proof
            }
            if (expected == null || !Objects.equals(actual, expected)) {
                return false;
            }
        }
        return true;
    }
}
