package io.deltacat.server.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.api.options.AlterTableOptions.SchemaChange;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/** The catalog's values, as the service hands them to the HTTP layer. */
public final class Model {
    private Model() {
    }

    public record Namespace(String name, Map<String, String> properties, long createdAt) {
    }

    /** A table with the size of its live data; {@code latestCommitTime} is null without data. */
    public record Table(String namespace, String name, Schema schema, String format,
                        Map<String, String> properties, long createdAt, Long latestCommitTime,
                        long rowCount, long fileCount, Layout layout, int schemaVersion) {
    }

    /** {@code mergeKeys} empty: the fields the schema marks with {@code deltacat.merge_key}, if any. */
    public record CreateTable(String name, Schema schema, String format, Map<String, String> properties,
                              boolean autoCreateNamespace, List<String> mergeKeys, Layout layout) {
    }

    /** {@code mergeKeys} and {@code layout} apply only when the write creates the table. */
    public record BeginWrite(String mode, Schema schema, String format, boolean autoCreateNamespace,
                             Map<String, String> tableProperties, List<String> mergeKeys, Layout layout) {
    }

    /**
     * {@code layout} is the table's (or, when the write creates it, the requested one); {@code schema}
     * the write's effective schema: the data's, with the table's nullable or defaulted columns the data
     * lacks at their table positions (its files must hold exactly these columns).
     */
    public record WriteSession(String writeId, String namespace, String table, String mode, String format,
                               String stagingUri, long expiresAt, boolean tableExists, Layout layout, Schema schema,
                               Map<String, String> tableProperties, List<String> mergeKeys) {
    }

    /**
     * One committed file; {@code columns} is the stats object as sent, or null; {@code partitionValues}
     * the wire array as sent, or null.
     */
    public record CommitFile(String path, String format, long rowCount, long sizeBytes, ObjectNode columns,
                             JsonNode partitionValues) {
    }

    /** Schema changes (in order) and properties to set. */
    public record AlterTable(List<SchemaChange> changes, Map<String, String> properties) {
    }

    /**
     * A commit's manifest. {@code layoutManifest}: the file name of a layout table's manifest in the
     * staging prefix, or null; {@code expectedSnapshot}: the table's commit time the write was built on
     * (a later commit makes it a conflict), or null for no such check.
     */
    public record Commit(String commitId, List<CommitFile> files, String layoutManifest, Long expectedSnapshot) {
        public Commit(String commitId, List<CommitFile> files) {
            this(commitId, files, null, null);
        }
    }

    public record CommitResult(String writeId, String commitId, long commitTime, String namespace, String table,
                               String deltaType, long fileCount, long rowCount, boolean tableCreated) {
    }

    /** {@code commitId} and {@code commitTime} are null unless committed. */
    public record WriteStatus(String writeId, String state, String namespace, String table, String commitId,
                              Long commitTime) {
    }

    /** {@code filter} is the wire form decoded to plain Java values, or null. */
    /** {@code root}: the data root to read from where the table's files are replicated there, or null (home). */
    public record PlanRequest(List<String> columns, Object filter, Long limit, Long asOf, String root) {
        public PlanRequest(List<String> columns, Object filter, Long limit, Long asOf) {
            this(columns, filter, limit, asOf, null);
        }
    }

    /**
     * {@code columns} is the stats object as stored, or null; {@code partitionValues} the canonical
     * values as stored (a JSON array), or null for an unpartitioned file.
     */
    public record PlannedFile(String uri, String format, long rowCount, long sizeBytes, String deltaType,
                              long streamPosition, ObjectNode columns, JsonNode partitionValues, int schemaVersion) {
    }

    /** {@code fileSchemas}: the schema of each version a planned file was written with. */
    /** {@code layoutManifest}: the URI of a layout table's manifest of the snapshot read, or null. */
    public record Plan(String namespace, String table, Schema schema, long snapshotTime, List<PlannedFile> files,
                       long totalFiles, Map<Integer, Schema> fileSchemas, String layoutManifest) {
        public Plan(String namespace, String table, Schema schema, long snapshotTime, List<PlannedFile> files,
                    long totalFiles, Map<Integer, Schema> fileSchemas) {
            this(namespace, table, schema, snapshotTime, files, totalFiles, fileSchemas, null);
        }
    }

    /** A transaction; {@code commitTime} and {@code error} are null unless committed or ended by a failure. */
    public record Transaction(String id, String message, String state, long startTime, long createdAt,
                              long expiresAt, long ttlMs, Long commitTime, String error) {
    }
}
