package io.deltacat.mcp.tools;

import io.deltacat.api.model.TableRef;
import java.io.IOException;
import org.apache.arrow.vector.types.pojo.Schema;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON binding of tool arguments and results (Jackson 3, as the MCP SDK uses): records as objects,
 * {@code Optional} empty as absent, instants as ISO-8601 text, Arrow schemas in Arrow's JSON form.
 */
public final class ToolJson {
    private static final JsonMapper PLAIN = JsonMapper.builder().build();
    private static final JsonMapper STRICT = base().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final JsonMapper LENIENT = base().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private ToolJson() {
    }

    /** Binds tool arguments: an unknown property or a wrong type is an error. */
    public static JsonMapper strict() {
        return STRICT;
    }

    /** Reads results: properties a newer server adds are ignored. */
    public static JsonMapper lenient() {
        return LENIENT;
    }

    private static JsonMapper.Builder base() {
        SimpleModule arrow = new SimpleModule("deltacat-arrow");
        arrow.addSerializer(Schema.class, new ValueSerializer<Schema>() {
            @Override
            public void serialize(Schema value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeTree(PLAIN.readTree(value.toJson()));
            }
        });
        arrow.addDeserializer(Schema.class, new ValueDeserializer<Schema>() {
            @Override
            public Schema deserialize(JsonParser p, DeserializationContext ctxt) {
                JsonNode tree = ctxt.readTree(p);
                try {
                    return Schema.fromJSON(PLAIN.writeValueAsString(tree));
                } catch (IOException e) {
                    throw new IllegalArgumentException("not an Arrow schema: " + e.getMessage(), e);
                }
            }
        });
        // map keys that are tables (a node's sources, a watermark): "namespace.table"
        arrow.addKeySerializer(TableRef.class, new ValueSerializer<TableRef>() {
            @Override
            public void serialize(TableRef value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeName(value.namespace() + "." + value.table());
            }
        });
        arrow.addKeyDeserializer(TableRef.class, new KeyDeserializer() {
            @Override
            public Object deserializeKey(String key, DeserializationContext ctxt) {
                int dot = key.indexOf('.');
                if (dot <= 0) {
                    throw new IllegalArgumentException("not a table key (namespace.table): " + key);
                }
                return TableRef.of(key.substring(0, dot), key.substring(dot + 1));
            }
        });
        return JsonMapper.builder().addModule(arrow)
                .changeDefaultPropertyInclusion(v -> v.withValueInclusion(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT));
    }
}
