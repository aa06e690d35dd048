package io.deltacat.server.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.server.internal.catalog.Model.CommitResult;
import io.deltacat.server.internal.catalog.Model.Namespace;
import io.deltacat.server.internal.catalog.Model.Table;
import io.deltacat.server.internal.store.StoredJson;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/** The catalog's database rows as the services pass them around, and the commit answer a write keeps. */
final class Rows {
    private Rows() {
    }

    record NsRow(long id, Namespace ns) {
    }

    record TableRow(long id, String namespace, String name, Schema schema, String format,
                    Map<String, String> properties, long createdAt, Layout layout, int schemaVersion,
                    int lastFieldId) {
        Table toTable(Long latest, long rows, long files) {
            return new Table(namespace, name, schema, format, properties, createdAt, latest, rows, files, layout,
                    schemaVersion);
        }
    }

    /** A staged write; {@code transactionId} is null outside a transaction. */
    record WriteRow(String id, String namespace, String table, String mode, String format, String schemaJson,
                    String tablePropertiesJson, boolean autoCreateNamespace, String stagingUri, String state,
                    long createdAt, long expiresAt, String commitId, Long commitTime, String commitResult,
                    String transactionId, String partitionSpec, String sortSpec) {
        /** The layout a table created by this write gets. */
        Layout layout() {
            return new Layout(Layout.partitionKeys(StoredJson.readTreeOrNull(partitionSpec), "partition_spec"),
                    Layout.sortKeys(StoredJson.readTreeOrNull(sortSpec), "sort_spec"));
        }
    }

    /** The answer of a commit, as kept on its write so that a resent commit gets it again. */
    static String resultJson(CommitResult r) {
        ObjectNode n = StoredJson.MAPPER.createObjectNode();
        n.put("writeId", r.writeId());
        n.put("commitId", r.commitId());
        n.put("commitTime", r.commitTime());
        n.put("namespace", r.namespace());
        n.put("table", r.table());
        n.put("deltaType", r.deltaType());
        n.put("fileCount", r.fileCount());
        n.put("rowCount", r.rowCount());
        n.put("tableCreated", r.tableCreated());
        return n.toString();
    }

    static CommitResult parseResult(String s) {
        JsonNode n = StoredJson.readTree(s);
        return new CommitResult(n.get("writeId").asText(), n.get("commitId").asText(), n.get("commitTime").asLong(),
                n.get("namespace").asText(), n.get("table").asText(), n.get("deltaType").asText(),
                n.get("fileCount").asLong(), n.get("rowCount").asLong(), n.get("tableCreated").asBoolean());
    }
}
