/**
 * The DeltaCAT reference server: the HTTP API of {@code openapi/deltacat-api.yaml} over a SQLite
 * metadata database and local storage roots. Embed it with {@link io.deltacat.server.DeltacatServer}.
 */
module io.deltacat.server {
    requires io.deltacat.api;
    requires io.deltacat.io.spi;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports io.deltacat.server;

    uses io.deltacat.io.spi.StorageProvider;
}
