/**
 * The client compatibility runbook: packaged client-versus-server scenarios, run against any server
 * URL, with JUnit XML, JSON and Markdown reports. Entry points: {@link io.deltacat.compat.Runbook}
 * (library), {@link io.deltacat.compat.RunbookCommand} (the command, also {@code deltacat compat}) and
 * {@link io.deltacat.compat.Main} (the runnable jar).
 */
module io.deltacat.compat {
    requires transitive io.deltacat.api;
    requires io.deltacat.auth;
    requires transitive info.picocli;
    requires com.fasterxml.jackson.databind;
    // found at run time through ServiceLoader; named so a plain module path resolves them
    requires io.deltacat.client;
    requires io.deltacat.transport.http;
    requires io.deltacat.io.parquet;
    requires io.deltacat.io.text;
    requires io.deltacat.packds;
    requires io.deltacat.mcp.client;
    requires org.apache.arrow.memory.unsafe;

    exports io.deltacat.compat;
    opens io.deltacat.compat to info.picocli;
}
