package io.deltacat.mcp.tools;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * The arguments of each tool, one record per shape. The server derives each tool's input JSON schema
 * from these records ({@code @JsonProperty(required = true)} marks a required property,
 * {@code @JsonPropertyDescription} describes it; an argument shared with the REST route the tool
 * mirrors takes that route's wire type, e.g. the document's job states) and binds the arguments it
 * receives to them; the typed client sends them. A {@code null} component is an argument left out.
 */
public final class ToolArgs {
    private ToolArgs() {
    }

    /** No arguments. */
    public record None() {
    }

    /** A namespace. */
    public record Namespace(
            @JsonProperty(required = true) @JsonPropertyDescription("the namespace's name") String namespace) {
    }

    /** A table. */
    public record Table(
            @JsonProperty(required = true) @JsonPropertyDescription("the table's namespace (e.g. default)") String namespace,
            @JsonProperty(required = true) @JsonPropertyDescription("the table's name") String table) {
    }

    /** A read of a table: what {@code plan_read} plans and {@code sample_rows} reads. */
    public record Read(
            @JsonProperty(required = true) @JsonPropertyDescription("the table's namespace") String namespace,
            @JsonProperty(required = true) @JsonPropertyDescription("the table's name") String table,
            @JsonPropertyDescription("the columns to read, in order; all when left out") List<String> columns,
            @JsonPropertyDescription("a row filter as the REST API's predicate tree: {\"gt\":[\"id\",10]},"
                    + " {\"eq\":[\"name\",\"a\"]} (also ne, lt, le, ge), {\"in\":[\"id\",[1,2]]}, {\"is_null\":\"c\"},"
                    + " {\"between\":[\"id\",1,9]}, {\"like\":[\"name\",\"F%\"]}, {\"and\":[...]}, {\"or\":[...]},"
                    + " {\"not\":{...}}")
            Map<String, Object> filter,
            @JsonPropertyDescription("at most this many rows (sample_rows: at most the server's row cap)") Long limit,
            @JsonPropertyDescription("read the table as of this commit time (nanoseconds since the epoch)") Long asOf) {
    }

    /** A small write from JSON rows, staged: nothing is visible until {@code commit_write}. */
    public record StageWrite(
            @JsonProperty(required = true) @JsonPropertyDescription("the table's namespace") String namespace,
            @JsonProperty(required = true) @JsonPropertyDescription("the table's name (it must exist)") String table,
            @JsonPropertyDescription("append (default), merge (upsert by merge key), delete (rows carry the merge"
                    + " key columns only) or replace (the rows become the whole table)") Mode mode,
            @JsonProperty(required = true) @JsonPropertyDescription("the rows, one JSON object each, keyed by column"
                    + " name (a column left out is null); dates and timestamps as ISO-8601 text")
            List<Map<String, Object>> rows) {
    }

    /** The modes an agent may stage. */
    public enum Mode {
        append, merge, delete, replace
    }

    /** A staged write. */
    public record Write(
            @JsonProperty(required = true) @JsonPropertyDescription("the write id stage_write answered") String writeId) {
    }

    /** A page of jobs. */
    public record ListJobs(
            @JsonPropertyDescription("only jobs in this state: pending, running, succeeded, failed, cancelled")
            String state,
            @JsonPropertyDescription("only jobs of this type, e.g. compaction") String type,
            @JsonPropertyDescription("jobs per page (default 50)") Integer pageSize,
            @JsonPropertyDescription("the nextPageToken of the previous page") String pageToken) {
    }

    /** A job. */
    public record Job(@JsonProperty(required = true) @JsonPropertyDescription("the job's id") String jobId) {
    }

    /** Waiting for a job to end. */
    public record WaitJob(
            @JsonProperty(required = true) @JsonPropertyDescription("the job's id") String jobId,
            @JsonPropertyDescription("the longest wait in seconds (default 30, at most 300); the job's state then"
                    + " is answered whether it ended or not") Integer timeoutSeconds) {
    }

    /** A pipeline node (subscription, transform or publication). */
    public record Node(@JsonProperty(required = true) @JsonPropertyDescription("the node's id") String nodeId) {
    }

    /** A pipeline. */
    public record Pipeline(
            @JsonProperty(required = true) @JsonPropertyDescription("the pipeline's id") String pipelineId) {
    }
}
