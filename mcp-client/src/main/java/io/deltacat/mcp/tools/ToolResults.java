package io.deltacat.mcp.tools;

import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.Node;
import io.deltacat.api.model.Pipeline;
import io.deltacat.api.model.TableInfo;
import java.util.List;
import java.util.Map;

/**
 * Structured results of the tools whose answer is not one {@code io.deltacat.api.model} record as it
 * is (an MCP structured result is a JSON object, so lists are wrapped). The server derives each tool's
 * output schema from its result type. Table schemas travel as Arrow's
 * own JSON form of a schema (fields with name, type, nullability, children and metadata; a merge key
 * column has the metadata {@code deltacat.merge_key=true}).
 */
public final class ToolResults {
    private ToolResults() {
    }

    /** {@code list_namespaces}. */
    public record Namespaces(List<NamespaceInfo> namespaces) {
    }

    /** {@code list_tables}. */
    public record Tables(List<TableInfo> tables) {
    }

    /** {@code get_table}: the table and its merge keys (which its schema's metadata holds). */
    public record Table(TableInfo table, List<String> mergeKeys) {
    }

    /**
     * {@code table_history}: the deltas the table's current snapshot is made of, newest first (what a
     * compaction or a replace superseded is no longer listed: its compacted delta stands for it).
     */
    public record History(String namespace, String table, long snapshotTime, List<Delta> deltas) {
    }

    /** One delta: its stream position (its commit time), type, files, rows and bytes. */
    public record Delta(long streamPosition, String deltaType, int files, long rows, long bytes) {
    }

    /** {@code plan_read}: what a read would read, without the files' locations or credentials. */
    public record PlanSummary(String namespace, String table, long snapshotTime, List<String> columns,
                              List<String> mergeKeys, int files, int totalFiles, long rows, long bytes,
                              boolean mergeOnRead, String layoutManifest) {
    }

    /**
     * {@code sample_rows}: rows as JSON objects (dates, times and decimals as text, binaries as base64).
     *
     * @param truncated  whether the byte cap stopped the sample before the limit
     */
    public record Sample(String namespace, String table, List<String> columns, List<Map<String, Object>> rows,
                         int rowCount, boolean truncated, long maxRows, long maxBytes) {
    }

    /** {@code stage_write}: a staged write, not yet visible; commit or abort it by {@code writeId}. */
    public record StagedWrite(String writeId, String namespace, String table, String mode, long rows, int files,
                              long bytes) {
    }

    /** {@code abort_write}. */
    public record Aborted(String writeId, boolean aborted) {
    }

    /** {@code list_nodes}. */
    public record Nodes(List<Node> nodes) {
    }

    /** {@code list_pipelines}. */
    public record Pipelines(List<Pipeline> pipelines) {
    }

    /** {@code node_watermark}: a subscription's or transform's consumed position per source table. */
    public record Watermark(String nodeId, Map<String, Long> positions) {
    }

    /**
     * The structured content of a tool error ({@code isError}): the problem as the REST API states it
     * ({@code type} is a {@code urn:deltacat:problem:} URI), so a typed client throws the same exception.
     */
    public record Problem(String type, int status, String title, String detail) {
    }

    /** The wrapper of {@link Problem} in an error result: {@code {"problem": {...}}}. */
    public record Error(Problem problem) {
    }
}
