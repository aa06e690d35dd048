/**
 * The DeltaCAT reference server: the HTTP API of {@code openapi/deltacat-api.yaml} over a SQLite or
 * PostgreSQL metadata database and local storage roots, with a durable job queue. Format providers
 * (for compaction) are found at run time. Embed it with {@link io.deltacat.server.DeltacatServer}.
 */
module io.deltacat.server {
    requires io.deltacat.api;
    requires io.deltacat.io.spi;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;
    // transitive: a ServerExtension hands the server a Jetty handler
    requires transitive org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires io.deltacat.wire;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires com.cronutils;

    exports io.deltacat.server;
    exports io.deltacat.server.dispatch;

    uses io.deltacat.io.spi.StorageProvider;
    uses io.deltacat.io.spi.FormatProvider;
    uses io.deltacat.server.dispatch.RunDispatcherProvider;
}
