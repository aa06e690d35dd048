package io.deltacat.server.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.server.internal.catalog.Model.PlannedFile;
import io.deltacat.server.internal.store.StoredJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What one open transaction has done so far, as its operations in order: the tables it creates and
 * drops and the writes it has prepared. Reads inside the transaction lay this over the committed
 * catalog, so they see the transaction's own changes and nobody else sees them.
 */
final class TransactionView {
    static final String CREATE_TABLE = "create_table";
    static final String DROP_TABLE = "drop_table";
    static final String WRITE = "write";
    static final String ALTER_TABLE = "alter_table";
    /** Delta types that supersede every earlier file of their table. */
    static final Set<String> SUPERSEDING = Set.of("replace");

    /** One operation; {@code payload} is its JSON (written by {@link TransactionOps}, read here and by {@link TransactionCommit}). */
    record Op(int seq, String op, String namespace, String table, JsonNode payload) {
    }

    /** How the transaction changed one table name. */
    enum Change {
        /** Not created or dropped: the committed table, if any, plus prepared writes. */
        NONE,
        /** Created inside the transaction (by createTable or by a write that creates it). */
        CREATED,
        /** Dropped inside the transaction (and not created again). */
        DROPPED
    }

    /**
     * One table name as the transaction sees it.
     *
     * @param schema the schema of a table created or altered in the transaction, else null
     * @param alters the payloads of the alters of a committed table made in the transaction, in order
     * @param writes the prepared write operations that apply on top, in order
     * @param hidesCommitted whether the committed files are out of sight (a replacing write, or a
     *                       table dropped and created again)
     */
    record TableChange(Change change, Schema schema, String format, Map<String, String> properties,
                       Layout layout, List<Op> writes, List<JsonNode> alters, boolean hidesCommitted) {
        /** The schema version the transaction sees: its last alter's, else {@code committed}. */
        int schemaVersion(int committed) {
            return alters.isEmpty() ? committed : alters.get(alters.size() - 1).path("version").asInt();
        }

        /** Rows the prepared writes add. */
        long rows() {
            return writes.stream().mapToLong(w -> w.payload().path("rows").asLong()).sum();
        }

        long files() {
            return writes.stream().mapToLong(w -> w.payload().path("files").size()).sum();
        }

        /**
         * The files of the prepared writes as planned files, positioned after {@code lastPosition} in
         * the order they were prepared, each with the schema version it was prepared against (default
         * {@code schemaVersion}).
         */
        List<PlannedFile> plannedFiles(long lastPosition, int schemaVersion) {
            List<PlannedFile> out = new ArrayList<>();
            long position = lastPosition;
            for (Op w : writes) {
                String deltaType = w.payload().path("deltaType").asText("append");
                for (JsonNode f : w.payload().path("files")) {
                    JsonNode columns = f.get("columns");
                    JsonNode partition = f.get("partitionValues");
                    out.add(new PlannedFile(f.path("uri").asText(), f.path("format").asText(),
                            f.path("rowCount").asLong(), f.path("sizeBytes").asLong(), deltaType, ++position,
                            columns instanceof ObjectNode o ? o : null,
                            partition == null || partition.isNull() ? null : partition,
                            w.payload().path("schemaVersion").asInt(schemaVersion)));
                }
            }
            return out;
        }
    }

    private final String transactionId;
    private final long startTime;
    private final List<Op> ops;

    TransactionView(String transactionId, long startTime, List<Op> ops) {
        this.transactionId = transactionId;
        this.startTime = startTime;
        this.ops = List.copyOf(ops);
    }

    String transactionId() {
        return transactionId;
    }

    /** The catalog time the transaction began at. */
    long startTime() {
        return startTime;
    }

    List<Op> ops() {
        return ops;
    }

    int nextSeq() {
        return ops.isEmpty() ? 1 : ops.get(ops.size() - 1).seq() + 1;
    }

    /** The transaction's changes to {@code namespace.table}, replayed in order. */
    TableChange table(String namespace, String table) {
        Change change = Change.NONE;
        Schema schema = null;
        String format = null;
        Map<String, String> properties = Map.of();
        Layout layout = Layout.NONE;
        List<Op> writes = new ArrayList<>();
        List<JsonNode> alters = new ArrayList<>();
        boolean hidesCommitted = false;
        for (Op op : ops) {
            if (!op.namespace().equals(namespace) || !op.table().equals(table)) {
                continue;
            }
            JsonNode p = op.payload();
            switch (op.op()) {
                case CREATE_TABLE -> {
                    change = Change.CREATED;
                    schema = StoredJson.readSchema(p.path("schema").asText());
                    format = p.path("format").asText();
                    properties = properties(p.path("properties"));
                    layout = layout(p);
                    writes.clear();
                    alters.clear();
                    hidesCommitted = true;
                }
                case DROP_TABLE -> {
                    change = Change.DROPPED;
                    schema = null;
                    writes.clear();
                    alters.clear();
                    hidesCommitted = true;
                }
                case WRITE -> {
                    if (p.path("createsTable").asBoolean()) {
                        change = Change.CREATED;
                        schema = StoredJson.readSchema(p.path("schema").asText());
                        format = p.path("format").asText();
                        properties = properties(p.path("tableProperties"));
                        layout = layout(p);
                        writes.clear();
                        alters.clear();
                        hidesCommitted = true;
                    }
                    if (SUPERSEDING.contains(p.path("deltaType").asText())) {
                        writes.clear();
                        hidesCommitted = true;
                    }
                    writes.add(op);
                }
                case ALTER_TABLE -> {
                    // only committed tables are altered in a transaction: the change stays NONE
                    schema = StoredJson.readSchema(p.path("schema").asText());
                    properties = properties(p.path("properties"));
                    layout = layout(p);
                    alters.add(p);
                }
                default -> throw new IllegalStateException("unknown transaction operation '" + op.op() + "'");
            }
        }
        return new TableChange(change, schema, format, properties, layout, writes, alters, hidesCommitted);
    }

    /** Stores a layout in an operation's payload. */
    static void putLayout(ObjectNode p, Layout layout) {
        p.set("partitionKeys", Layout.partitionJson(layout.partitionKeys()));
        p.set("sortKeys", Layout.sortJson(layout.sortKeys()));
    }

    /** The layout stored in an operation's payload. */
    static Layout layout(JsonNode p) {
        return new Layout(Layout.partitionKeys(p.get("partitionKeys"), "partitionKeys"),
                Layout.sortKeys(p.get("sortKeys"), "sortKeys"));
    }

    static Map<String, String> properties(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
