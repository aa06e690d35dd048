package io.deltacat.mcp.server;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.model.NamespaceRole;
import io.deltacat.api.model.UserRole;
import io.deltacat.server.DeltacatServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A real server with users and the MCP extension on loopback, an admin, a reader of namespace
 * {@code shop} (no more), and a table {@code shop.items} (merge key {@code id}) with three rows.
 */
final class McpFixture implements AutoCloseable {
    static final String ADMIN = "dct_" + "m".repeat(43);
    final DeltacatServer server;
    final DeltacatClient admin;
    final String readerToken;

    McpFixture(Path dir, McpExtension mcp) {
        server = DeltacatServer.builder().root(dir).users(true).bootstrapToken(ADMIN).extension(mcp).build().start();
        admin = client(ADMIN);
        admin.catalog().createNamespace("shop");
        admin.auth().createUser("rita", UserRole.USER);
        admin.auth().grant("shop", "rita", NamespaceRole.READER);
        readerToken = admin.auth().issueToken("rita", "mcp-test", java.time.Duration.ofHours(1)).secret();
        table("items");
    }

    /** Creates {@code shop.<name>} (merge key id) with rows 1 apple 0.5, 2 pear 1.0, 3 plum 1.5. */
    void table(String name) {
        Schema schema = new Schema(List.of(
                new Field("id", new FieldType(false, new ArrowType.Int(64, true), null), null),
                Field.nullable("name", ArrowType.Utf8.INSTANCE),
                Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
        admin.catalog().createTable(t -> t.namespace("shop").table(name).schema(schema).mergeKeys("id"));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, admin.allocator())) {
            root.allocateNew();
            String[] names = {"apple", "pear", "plum"};
            for (int i = 0; i < 3; i++) {
                ((BigIntVector) root.getVector("id")).setSafe(i, i + 1);
                ((VarCharVector) root.getVector("name")).setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
                ((Float8Vector) root.getVector("score")).setSafe(i, 0.5 * (i + 1));
            }
            root.setRowCount(3);
            admin.catalog().write(root, w -> w.namespace("shop").table(name));
        }
    }

    DeltacatClient client(String token) {
        return DeltacatClient.connect(ClientConfig.builder().uri(server.uri())
                .tokenProvider(() -> Optional.of(token)).build());
    }

    /** The table's rows by id, read with the REST client. */
    Map<Long, String> names(String table) {
        Map<Long, String> out = new java.util.TreeMap<>();
        try (org.apache.arrow.vector.ipc.ArrowReader r = admin.catalog().read(o -> o.namespace("shop").table(table))) {
            while (r.loadNextBatch()) {
                VectorSchemaRoot root = r.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++) {
                    Object n = root.getVector("name").getObject(i);
                    out.put(((BigIntVector) root.getVector("id")).get(i), n == null ? null : n.toString());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    static Map<String, Object> row(long id, String name, double score) {
        return Map.of("id", id, "name", name, "score", score);
    }

    @Override
    public void close() {
        admin.close();
        server.close();
    }
}
