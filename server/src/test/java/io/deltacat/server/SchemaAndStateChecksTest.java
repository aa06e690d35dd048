package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Arrow types without their required parameters are refused where a schema enters the catalog
 * (create, alter, begin write) instead of being stored as unusable 0-bit ints or null units, and a
 * transaction past its time to live reads as expired at once (issue 26, items 6 and 7).
 */
class SchemaAndStateChecksTest extends ServerTestSupport {

    @BeforeEach
    void startServer() {
        start(b -> { });
    }

    private static ObjectNode schemaOf(String fieldName, ObjectNode type) {
        ObjectNode schema = obj();
        ArrayNode fields = schema.putArray("fields");
        ObjectNode f = fields.addObject().put("name", fieldName).put("nullable", true);
        f.set("type", type);
        f.putArray("children");
        return schema;
    }

    private Resp create(String table, ObjectNode type) {
        ObjectNode body = obj().put("name", table);
        body.set("schema", schemaOf("c", type));
        return post("/v1/namespaces/default/tables", body);
    }

    @Test
    void typesWithoutTheirParametersAreRefusedNamingFieldAndParameter() {
        assertProblem(create("t1", obj().put("name", "int")), 400, "invalid-request", "'c'", "'int'", "bitWidth");
        assertProblem(create("t2", obj().put("name", "int").put("bitWidth", 64)), 400, "invalid-request", "isSigned");
        assertProblem(create("t3", obj().put("name", "floatingpoint")), 400, "invalid-request", "precision");
        assertProblem(create("t4", obj().put("name", "timestamp")), 400, "invalid-request", "'timestamp'", "unit");
        assertProblem(create("t5", obj().put("name", "decimal").put("scale", 2)), 400, "invalid-request",
                "precision");
        assertProblem(create("t6", obj().put("name", "decimal").put("precision", 40).put("scale", 2)), 400,
                "invalid-request", "128-bit");
        assertProblem(create("t7", obj().put("name", "time").put("unit", "MICROSECOND").put("bitWidth", 32)), 400,
                "invalid-request", "bitWidth");
        assertProblem(create("t8", obj().put("name", "date")), 400, "invalid-request", "unit");
        assertProblem(create("t9", obj().put("name", "int32")), 400, "invalid-request", "unknown Arrow type 'int32'");
        // nested: the child's missing parameter is named with its path
        ObjectNode list = schemaOf("tags", obj().put("name", "list"));
        ((ObjectNode) list.get("fields").get(0)).putArray("children").addObject().put("name", "item")
                .put("nullable", true).set("type", obj().put("name", "int"));
        ObjectNode body = obj().put("name", "t10");
        body.set("schema", list);
        assertProblem(post("/v1/namespaces/default/tables", body), 400, "invalid-request", "'tags'", "'item'",
                "bitWidth");
        assertThat(get("/v1/namespaces/default/tables").raw()).doesNotContain("\"t1\"").doesNotContain("\"t10\"");

        // complete types pass, and a decimal without a width gets Arrow's 128 bits
        assertThat(create("ok", obj().put("name", "decimal").put("precision", 10).put("scale", 2)).status())
                .isEqualTo(201);
        assertThat(get("/v1/namespaces/default/tables/ok").raw()).contains("\"bitWidth\":128");
        assertThat(create("ok2", obj().put("name", "timestamp").put("unit", "NANOSECOND")
                .put("timezone", "America/New_York")).status()).isEqualTo(201);
        // parameters sent as null (as generated clients send the unset ones) are absent
        assertThat(create("ok3", obj().put("name", "int").put("bitWidth", 64).put("isSigned", true).putNull("precision")
                .putNull("unit").putNull("timezone").putNull("typeIds")).status()).isEqualTo(201);
        assertProblem(create("t11", obj().put("name", "int").putNull("bitWidth").put("isSigned", true)), 400,
                "invalid-request", "bitWidth");

        // begin write and alter check the same way
        ObjectNode begin = obj().put("mode", "auto");
        begin.set("schema", schemaOf("c", obj().put("name", "floatingpoint").put("precision", "QUAD")));
        assertProblem(post("/v1/namespaces/default/tables/fresh/writes", begin), 400, "invalid-request",
                "precision", "DOUBLE");
        ObjectNode alter = obj();
        ObjectNode add = alter.putArray("changes").addObject().put("op", "addField");
        ObjectNode field = add.putObject("field").put("name", "extra").put("nullable", true);
        field.set("type", obj().put("name", "int").put("isSigned", true));
        field.putArray("children");
        assertProblem(post("/v1/namespaces/default/tables/ok/alter", alter), 400, "invalid-request", "'extra'",
                "bitWidth");
    }

    @Test
    void aTransactionPastItsTimeToLiveReadsAsExpiredAtOnce() {
        Resp begun = post("/v1/transactions", obj().put("message", "short").put("ttlMs", 2000));
        assertThat(begun.status()).isEqualTo(201);
        String id = begun.text("transactionId");
        assertThat(get("/v1/transactions/" + id).text("state")).isEqualTo("open");
        clock.advance(Duration.ofMillis(2001));
        Resp after = get("/v1/transactions/" + id);
        assertThat(after.text("state")).as("before any maintenance ran").isEqualTo("expired");
        assertProblem(post("/v1/transactions/" + id + "/heartbeat", obj()), 409, "conflict", "expired");
    }
}
