/**
 * Home of the end-to-end tests (test classes are patched into this module, so they run on the
 * module path like an application would).
 */
open module io.deltacat.it {
    requires io.deltacat.api;
    requires io.deltacat.client;
    requires io.deltacat.transport.http;
    requires io.deltacat.auth;
    requires io.deltacat.server;
    requires io.deltacat.io.spi;
    requires io.deltacat.io.parquet;
    requires io.deltacat.io.orc;
    requires io.deltacat.io.avro;
    requires io.deltacat.io.lance;
    requires io.deltacat.packds;
    requires io.deltacat.compat;
    requires io.deltacat.io.text;
    requires java.sql;
    requires java.net.http;
    // ContractTolerantReaderTest's NewerServerProxy (an HTTP proxy in front of a real server)
    requires jdk.httpserver;
    requires com.fasterxml.jackson.databind;

    exports io.deltacat.it;
}
