/** The {@code deltacat} command: run a server, try the quick start. */
module io.deltacat.cli {
    requires io.deltacat.api;
    requires io.deltacat.server;
    requires info.picocli;
    // found at run time through ServiceLoader; named so a plain module path resolves them
    requires io.deltacat.client;
    requires io.deltacat.transport.http;
    requires io.deltacat.io.parquet;
    requires io.deltacat.io.text;
    requires io.deltacat.io.orc;
    requires io.deltacat.io.avro;
    requires io.deltacat.io.lance;
    requires org.slf4j;

    opens io.deltacat.cli to info.picocli;
}
