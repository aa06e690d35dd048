package io.deltacat.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.deltacat.wire.auth.CreateUserRequest;
import io.deltacat.wire.auth.UserRole;
import io.deltacat.wire.auth.Whoami;
import io.deltacat.wire.pipelines.TableRef;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The server reads strictly, naming the field at fault; the client reads what a newer server sends. */
class WireJsonTest {
    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String refused(String body, Class<?> type) {
        return assertThrows(WireException.class, () -> WireJson.readStrict(json(body), type)).getMessage();
    }

    @Test
    void theStrictReaderNamesTheFieldAtFault() {
        assertEquals("unknown field 'colour' in TableRef; allowed: namespace, table",
                refused("{\"namespace\":\"a\",\"table\":\"b\",\"colour\":1}", TableRef.class));
        assertEquals("missing required field 'table' in TableRef", refused("{\"namespace\":\"a\"}", TableRef.class));
        assertEquals("missing required field 'table' in TableRef",
                refused("{\"namespace\":\"a\",\"table\":null}", TableRef.class));
        assertEquals("field 'table' in TableRef must be a string",
                refused("{\"namespace\":\"a\",\"table\":5}", TableRef.class));
        assertEquals("field 'role' in CreateUserRequest has unknown value 'root'; allowed: admin, worker, user",
                refused("{\"name\":\"a\",\"role\":\"root\"}", CreateUserRequest.class));
        assertEquals("a JSON TableRef body is required", refused("", TableRef.class));
        assertEquals("TableRef must be a JSON object", refused("[1]", TableRef.class));
        assertEquals("TableRef must be a JSON object", refused("null", TableRef.class));
        refused("{\"namespace\":\"a\",\"namespace\":\"b\",\"table\":\"c\"}", TableRef.class);
        refused("{\"namespace\":\"a\",\"table\":\"c\"} {}", TableRef.class);
    }

    @Test
    void theTolerantReaderKeepsWorkingWithANewerServer() {
        Whoami w = WireJson.readTolerant(json("{\"user\":\"u\",\"role\":\"superuser\",\"usersEnabled\":true,"
                + "\"grants\":[],\"shoeSize\":44}"), Whoami.class);
        assertEquals(UserRole.UNKNOWN, w.role());
        assertEquals("u", w.user());
    }

    @Test
    void absentFieldsAreLeftOutAndEnumsTravelByTheirWireName() {
        assertEquals("{\"name\":\"a\",\"role\":\"worker\"}",
                new String(WireJson.write(new CreateUserRequest("a", UserRole.WORKER)), StandardCharsets.UTF_8));
        assertEquals("{\"name\":\"a\"}",
                new String(WireJson.write(new CreateUserRequest("a", null)), StandardCharsets.UTF_8));
        assertEquals("{}", new String(WireJson.write(new io.deltacat.wire.common.EmptyRequest()), StandardCharsets.UTF_8));
        WireJson.readStrict(new byte[] {'{', '}'}, io.deltacat.wire.common.EmptyRequest.class);
        assertEquals(UserRole.UNKNOWN, UserRole.of("superuser"));
        assertEquals("admin", UserRole.ADMIN.wire());
    }
}
