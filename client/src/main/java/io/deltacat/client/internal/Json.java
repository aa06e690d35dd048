package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.error.ServerException;
import io.deltacat.api.model.CatalogInfo;
import io.deltacat.api.model.ColumnStats;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.DataRoot;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.SortKey;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.ServerInfo;
import io.deltacat.api.model.TableInfo;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Schema;

/** JSON on the wire: Jackson trees to and from the API model. Unknown fields are ignored. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, false);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize request", e);
        }
    }

    static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ServerException("server sent malformed JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode schema(Schema schema) {
        try {
            return MAPPER.readTree(schema.toJson());
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize Arrow schema", e);
        }
    }

    static Schema schema(JsonNode node) {
        try {
            return Schema.fromJSON(MAPPER.writeValueAsString(node));
        } catch (IOException e) {
            throw new ServerException("server sent an unreadable Arrow schema: " + e.getMessage(), e);
        }
    }

    static ObjectNode properties(Map<String, String> props) {
        ObjectNode n = object();
        props.forEach(n::put);
        return n;
    }

    static Map<String, String> properties(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    static DataRoot root(JsonNode n) {
        DataRoot plain = new DataRoot(n.path("name").asText(), n.path("uri").asText(), n.path("default").asBoolean());
        return new DataRoot(plain.name(), plain.uri(), plain.isDefault(),
                n.path("storageType").asText(plain.storageType()),
                n.hasNonNull("region") ? java.util.Optional.of(n.get("region").asText()) : java.util.Optional.empty(),
                n.hasNonNull("endpoint") ? java.util.Optional.of(n.get("endpoint").asText()) : java.util.Optional.empty());
    }

    static List<DataRoot> roots(JsonNode node) {
        List<DataRoot> out = new ArrayList<>();
        node.forEach(n -> out.add(root(n)));
        return out;
    }

    static io.deltacat.api.model.WriteStatus writeStatus(JsonNode n) {
        return new io.deltacat.api.model.WriteStatus(n.path("writeId").asText(),
                io.deltacat.api.model.WriteState.fromWire(n.path("state").asText(null)),
                n.path("namespace").asText(), n.path("table").asText(),
                n.hasNonNull("commitId") ? Optional.of(n.get("commitId").asText()) : Optional.empty(),
                n.hasNonNull("commitTime") ? java.util.OptionalLong.of(n.get("commitTime").asLong())
                        : java.util.OptionalLong.empty());
    }

    static io.deltacat.api.model.TransactionStatus transactionStatus(JsonNode n) {
        return new io.deltacat.api.model.TransactionStatus(n.path("transactionId").asText(),
                n.path("message").asText(""),
                io.deltacat.api.model.TransactionState.fromWire(n.path("state").asText(null)),
                n.path("startTime").asLong(), n.path("expiresAt").asLong(),
                n.hasNonNull("commitTime") ? java.util.OptionalLong.of(n.get("commitTime").asLong())
                        : java.util.OptionalLong.empty(),
                n.hasNonNull("error") ? Optional.of(n.get("error").asText()) : Optional.empty());
    }

    static ServerInfo serverInfo(JsonNode n) {
        return new ServerInfo(n.path("apiVersion").asText(), n.path("serverVersion").asText(),
                n.path("minimumClientVersion").asText("0"), strings(n.get("capabilities")),
                strings(n.get("endpoints")), properties(n.get("defaults")), roots(n.path("roots")));
    }

    static CatalogInfo catalog(JsonNode n) {
        return new CatalogInfo(n.path("name").asText(), roots(n.path("roots")));
    }

    static NamespaceInfo namespace(JsonNode n) {
        return new NamespaceInfo(n.path("name").asText(), properties(n.get("properties")),
                n.path("createdAt").asLong());
    }

    static TableInfo table(JsonNode n) {
        JsonNode latest = n.get("latestCommitTime");
        return new TableInfo(n.path("namespace").asText(), n.path("name").asText(), schema(n.path("schema")),
                n.path("format").asText(), properties(n.get("properties")), n.path("createdAt").asLong(),
                latest == null || latest.isNull() ? OptionalLong.empty() : OptionalLong.of(latest.asLong()),
                n.path("rowCount").asLong(), n.path("fileCount").asLong(), partitionKeys(n.get("partitionKeys")),
                sortKeys(n.get("sortKeys")), n.path("schemaVersion").asInt(1));
    }

    static ArrayNode partitionKeys(List<PartitionKey> keys) {
        ArrayNode a = MAPPER.createArrayNode();
        for (PartitionKey k : keys) {
            ObjectNode o = a.addObject().put("column", k.column()).put("transform", k.transform().wireName());
            if (k.parameter() != 0) {
                o.put("parameter", k.parameter());
            }
        }
        return a;
    }

    static ArrayNode sortKeys(List<SortKey> keys) {
        ArrayNode a = MAPPER.createArrayNode();
        for (SortKey k : keys) {
            a.addObject().put("column", k.column()).put("order", k.order().wireName()).put("nulls", k.nulls().wireName());
        }
        return a;
    }

    /** Partition keys from the wire; a transform this client does not know is refused (it could not lay files out). */
    static List<PartitionKey> partitionKeys(JsonNode node) {
        List<PartitionKey> out = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return out;
        }
        for (JsonNode k : node) {
            String transform = k.path("transform").asText();
            PartitionKey.Transform t = null;
            for (PartitionKey.Transform candidate : PartitionKey.Transform.values()) {
                if (candidate.wireName().equals(transform)) {
                    t = candidate;
                }
            }
            if (t == null) {
                throw new UnsupportedFeatureException("the table uses partition transform '" + transform
                        + "', which this client version does not know");
            }
            out.add(new PartitionKey(k.path("column").asText(), t, k.path("parameter").asInt(0)));
        }
        return out;
    }

    static List<SortKey> sortKeys(JsonNode node) {
        List<SortKey> out = new ArrayList<>();
        if (node == null || !node.isArray()) {
            return out;
        }
        for (JsonNode k : node) {
            out.add(new SortKey(k.path("column").asText(),
                    k.path("order").asText("asc").equals("desc") ? SortKey.Order.DESCENDING : SortKey.Order.ASCENDING,
                    k.path("nulls").asText("last").equals("first") ? SortKey.Nulls.FIRST : SortKey.Nulls.LAST));
        }
        return out;
    }

    /**
     * A JSON scalar (a field's {@code deltacat.default}) as a plain value: Long, Double, Boolean or
     * String, for {@link io.deltacat.io.spi.SchemaAdapter}.
     */
    static Object parseScalar(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n.isIntegralNumber()) {
                return n.asLong();
            }
            if (n.isNumber()) {
                return n.asDouble();
            }
            if (n.isBoolean()) {
                return n.asBoolean();
            }
            return n.asText();
        } catch (IOException e) {
            throw new ServerException("unreadable JSON value " + json + ": " + e.getMessage(), e);
        }
    }

    /** A canonical scalar as a JSON value (decimals as strings, to keep every digit). */
    static JsonNode scalar(Object value) {
        ObjectNode holder = object();
        putScalar(holder, "v", value);
        return holder.get("v");
    }

    static ReadPlan plan(JsonNode n) {
        List<DataFile> files = new ArrayList<>();
        for (JsonNode f : n.path("files")) {
            List<Object> partitionValues = new ArrayList<>();
            f.path("partitionValues").forEach(v -> partitionValues.add(scalar(v).orElse(null)));
            files.add(new DataFile(f.path("uri").asText(), f.path("format").asText(), f.path("rowCount").asLong(),
                    f.path("sizeBytes").asLong(), f.path("deltaType").asText(), f.path("streamPosition").asLong(),
                    columnStats(f.get("columns")), partitionValues, f.path("schemaVersion").asInt(1)));
        }
        Map<Integer, Schema> fileSchemas = new LinkedHashMap<>();
        n.path("fileSchemas").fields().forEachRemaining(e -> fileSchemas.put(Integer.parseInt(e.getKey()),
                schema(e.getValue())));
        return new ReadPlan(n.path("namespace").asText(), n.path("table").asText(), schema(n.path("schema")),
                n.path("snapshotTime").asLong(), files, n.path("totalFiles").asInt(), fileSchemas,
                credentials(n.path("credentials")),
                n.hasNonNull("layoutManifest") ? n.get("layoutManifest").asText() : null);
    }

    /** Vended storage credentials ({@code StorageCredential} objects); entries of unknown shape are skipped. */
    static List<io.deltacat.api.model.StorageCredential> credentials(JsonNode n) {
        List<io.deltacat.api.model.StorageCredential> out = new ArrayList<>();
        for (JsonNode c : n) {
            if (!c.path("prefix").isTextual() || !c.path("provider").isTextual()) {
                continue;
            }
            out.add(new io.deltacat.api.model.StorageCredential(c.get("prefix").asText(), c.get("provider").asText(),
                    properties(c.get("properties")), c.hasNonNull("expiresAt")
                    ? java.util.Optional.of(c.get("expiresAt").asLong()) : java.util.Optional.empty()));
        }
        return out;
    }

    static Map<String, ColumnStats> columnStats(JsonNode node) {
        Map<String, ColumnStats> out = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode s = e.getValue();
            out.put(e.getKey(), new ColumnStats(scalar(s.get("min")), scalar(s.get("max")),
                    s.path("nullCount").asLong()));
        }
        return out;
    }

    private static Optional<Object> scalar(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (n.isIntegralNumber()) {
            return Optional.of(n.asLong());
        }
        if (n.isNumber()) {
            return Optional.of(n.asDouble());
        }
        if (n.isBoolean()) {
            return Optional.of(n.asBoolean());
        }
        return Optional.of(n.asText());
    }

    /** Puts a canonical statistics value: decimals travel as strings to keep every digit. */
    static void putScalar(ObjectNode node, String field, Object value) {
        if (value instanceof Long) {
            node.put(field, (Long) value);
        } else if (value instanceof Double) {
            node.put(field, (Double) value);
        } else if (value instanceof Boolean) {
            node.put(field, (Boolean) value);
        } else if (value instanceof BigDecimal) {
            node.put(field, ((BigDecimal) value).toPlainString());
        } else {
            node.put(field, String.valueOf(value));
        }
    }
}
