/**
 * The HTTP transport: Apache HttpClient 5 (classic, pooled) and Jackson. Found through
 * {@link java.util.ServiceLoader} as a {@link io.deltacat.api.spi.TransportFactory} for
 * {@code http} and {@code https} URIs; it exports nothing.
 */
module io.deltacat.transport.http {
    requires io.deltacat.api;
    requires org.apache.httpcomponents.client5.httpclient5;
    requires org.apache.httpcomponents.core5.httpcore5;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    // HttpClient 5.5+ (an automatic module) uses jdk.net socket options; automatic modules do not
    // pull it into the module graph themselves.
    requires jdk.net;

    provides io.deltacat.api.spi.TransportFactory
            with io.deltacat.transport.http.internal.HttpTransportFactory;
}
