package io.deltacat.mcp.tools;

import java.util.List;

/**
 * The names of the tools the reference server's MCP endpoint serves, grouped as its README lists them.
 * Each tool's arguments are a record of {@link ToolArgs}; its structured result a record of
 * {@link ToolResults} or of {@code io.deltacat.api.model}.
 */
public final class Tools {
    public static final String DESCRIBE_CATALOG = "describe_catalog";
    public static final String LIST_NAMESPACES = "list_namespaces";
    public static final String GET_NAMESPACE = "get_namespace";
    public static final String LIST_TABLES = "list_tables";
    public static final String GET_TABLE = "get_table";
    public static final String TABLE_HISTORY = "table_history";
    public static final String DROP_TABLE = "drop_table";
    public static final String PLAN_READ = "plan_read";
    public static final String SAMPLE_ROWS = "sample_rows";
    public static final String STAGE_WRITE = "stage_write";
    public static final String COMMIT_WRITE = "commit_write";
    public static final String ABORT_WRITE = "abort_write";
    public static final String LIST_JOBS = "list_jobs";
    public static final String GET_JOB = "get_job";
    public static final String SUBMIT_COMPACTION = "submit_compaction";
    public static final String WAIT_JOB = "wait_job";
    public static final String CANCEL_JOB = "cancel_job";
    public static final String LIST_NODES = "list_nodes";
    public static final String LIST_PIPELINES = "list_pipelines";
    public static final String PIPELINE_STATUS = "pipeline_status";
    public static final String TRIGGER_NODE = "trigger_node";
    public static final String PAUSE_NODE = "pause_node";
    public static final String RESUME_NODE = "resume_node";
    public static final String NODE_WATERMARK = "node_watermark";

    /** Every tool, in the order the server lists them. */
    public static final List<String> ALL = List.of(DESCRIBE_CATALOG, LIST_NAMESPACES, GET_NAMESPACE, LIST_TABLES,
            GET_TABLE, TABLE_HISTORY, DROP_TABLE, PLAN_READ, SAMPLE_ROWS, STAGE_WRITE, COMMIT_WRITE, ABORT_WRITE,
            LIST_JOBS, GET_JOB, SUBMIT_COMPACTION, WAIT_JOB, CANCEL_JOB, LIST_NODES, LIST_PIPELINES,
            PIPELINE_STATUS, TRIGGER_NODE, PAUSE_NODE, RESUME_NODE, NODE_WATERMARK);

    private Tools() {
    }
}
