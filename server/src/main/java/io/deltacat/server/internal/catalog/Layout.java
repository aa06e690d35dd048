package io.deltacat.server.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.SortKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table's layout: its partition scheme and sort scheme, their JSON form (the same on the wire and
 * in the metadata database) and their validation against a schema.
 */
public record Layout(List<PartitionKey> partitionKeys, List<SortKey> sortKeys) {
    public static final Layout NONE = new Layout(List.of(), List.of());

    public Layout {
        partitionKeys = List.copyOf(partitionKeys);
        sortKeys = List.copyOf(sortKeys);
    }

    /** Whether a column is the source of a partition or sort key. */
    public boolean uses(String column) {
        return partitionKeys.stream().anyMatch(k -> k.column().equals(column))
                || sortKeys.stream().anyMatch(k -> k.column().equals(column));
    }

    /** This layout with a column renamed in every key. */
    public Layout rename(String from, String to) {
        List<PartitionKey> pk = new ArrayList<>();
        partitionKeys.forEach(k -> pk.add(k.column().equals(from) ? new PartitionKey(to, k.transform(), k.parameter()) : k));
        List<SortKey> sk = new ArrayList<>();
        sortKeys.forEach(k -> sk.add(k.column().equals(from) ? new SortKey(to, k.order(), k.nulls()) : k));
        return new Layout(pk, sk);
    }

    /**
     * Checks every key against {@code schema}: a known top-level column, a transform that fits its
     * type, no key twice.
     *
     * @throws InvalidRequestException naming the key at fault
     */
    public void check(Schema schema) {
        Set<String> seen = new HashSet<>();
        for (PartitionKey k : partitionKeys) {
            Field f = field(schema, k.column(), "partition key " + k);
            k.check(f.getType());
            if (!seen.add(k.toString())) {
                throw new InvalidRequestException("partition key " + k + " is listed more than once");
            }
        }
        Set<String> sorted = new HashSet<>();
        for (SortKey k : sortKeys) {
            Field f = field(schema, k.column(), "sort key '" + k + "'");
            if (!Literals.isComparable(f.getType())) {
                throw new InvalidRequestException("sort key '" + k + "': column '" + k.column() + "' of type "
                        + Literals.typeName(f.getType()) + " cannot be sorted");
            }
            if (!sorted.add(k.column())) {
                throw new InvalidRequestException("sort key column '" + k.column() + "' is listed more than once");
            }
        }
    }

    private static Field field(Schema schema, String column, String what) {
        for (Field f : schema.getFields()) {
            if (f.getName().equals(column)) {
                return f;
            }
        }
        List<String> names = schema.getFields().stream().map(Field::getName).toList();
        throw new InvalidRequestException(what + " names unknown column '" + column + "'; the columns are " + names);
    }

    // ---------------------------------------------------------------- JSON

    public static ArrayNode partitionJson(List<PartitionKey> keys) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (PartitionKey k : keys) {
            ObjectNode n = a.addObject().put("column", k.column()).put("transform", k.transform().wireName());
            if (k.parameter() != 0) {
                n.put("parameter", k.parameter());
            }
        }
        return a;
    }

    public static ArrayNode sortJson(List<SortKey> keys) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (SortKey k : keys) {
            a.addObject().put("column", k.column()).put("order", k.order().wireName()).put("nulls", k.nulls().wireName());
        }
        return a;
    }

    /** Partition keys from their JSON form (null or missing: none). */
    public static List<PartitionKey> partitionKeys(JsonNode a, String what) {
        List<PartitionKey> out = new ArrayList<>();
        if (a == null || a.isNull()) {
            return out;
        }
        if (!a.isArray()) {
            throw new InvalidRequestException("'" + what + "' must be an array of partition keys");
        }
        int i = 0;
        for (JsonNode n : a) {
            String at = what + "[" + i++ + "]";
            checkObject(n, at, Set.of("column", "transform", "parameter"));
            String column = text(n, "column", at);
            PartitionKey.Transform t = PartitionKey.Transform.fromWire(text(n, "transform", at));
            JsonNode p = n.get("parameter");
            if (p != null && !p.isNull() && (!p.isIntegralNumber() || !p.canConvertToInt())) {
                throw new InvalidRequestException("field 'parameter' in " + at + " must be an integer");
            }
            out.add(new PartitionKey(column, t, p == null || p.isNull() ? 0 : p.intValue()));
        }
        return out;
    }

    /** Sort keys from their JSON form (null or missing: none). */
    public static List<SortKey> sortKeys(JsonNode a, String what) {
        List<SortKey> out = new ArrayList<>();
        if (a == null || a.isNull()) {
            return out;
        }
        if (!a.isArray()) {
            throw new InvalidRequestException("'" + what + "' must be an array of sort keys");
        }
        int i = 0;
        for (JsonNode n : a) {
            String at = what + "[" + i++ + "]";
            checkObject(n, at, Set.of("column", "order", "nulls"));
            String column = text(n, "column", at);
            String order = n.hasNonNull("order") ? text(n, "order", at) : "asc";
            String nulls = n.hasNonNull("nulls") ? text(n, "nulls", at) : "last";
            SortKey.Order o = switch (order) {
                case "asc" -> SortKey.Order.ASCENDING;
                case "desc" -> SortKey.Order.DESCENDING;
                default -> throw new InvalidRequestException("field 'order' in " + at + " must be asc or desc, got '"
                        + order + "'");
            };
            SortKey.Nulls nl = switch (nulls) {
                case "first" -> SortKey.Nulls.FIRST;
                case "last" -> SortKey.Nulls.LAST;
                default -> throw new InvalidRequestException("field 'nulls' in " + at + " must be first or last, got '"
                        + nulls + "'");
            };
            out.add(new SortKey(column, o, nl));
        }
        return out;
    }

    private static void checkObject(JsonNode n, String at, Set<String> allowed) {
        if (!n.isObject()) {
            throw new InvalidRequestException(at + " must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!allowed.contains(e.getKey())) {
                throw new InvalidRequestException("unknown field '" + e.getKey() + "' in " + at + "; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidRequestException("field '" + field + "' in " + at + " must be a string");
        }
        return v.textValue();
    }
}
