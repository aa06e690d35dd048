/**
 * The {@code deltacat} command: run a server, try the quick start, and operate a server (namespaces,
 * tables, reads and writes, jobs, pipelines, auth, the compatibility runbook). Exports nothing.
 */
module io.deltacat.cli {
    requires io.deltacat.api;
    requires io.deltacat.auth;
    requires io.deltacat.io.spi;
    requires io.deltacat.server;
    requires io.deltacat.compat;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires com.fasterxml.jackson.databind;
    // found at run time through ServiceLoader; named so a plain module path resolves them
    requires io.deltacat.client;
    requires io.deltacat.transport.http;
    requires io.deltacat.io.parquet;
    requires io.deltacat.io.text;
    requires io.deltacat.io.orc;
    requires io.deltacat.io.avro;
    requires io.deltacat.io.lance;
    requires io.deltacat.storage.s3;
    requires io.deltacat.mcp.server;
    requires org.slf4j;

    opens io.deltacat.cli to info.picocli;

    uses io.deltacat.server.ServerExtension;
}
