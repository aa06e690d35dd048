/**
 * The client implementation: found by {@code DeltacatClient.connect(...)} through
 * {@link io.deltacat.api.spi.ClientProvider}. Metadata goes through a {@link io.deltacat.api.spi.Transport}
 * (found with ServiceLoader, e.g. {@code io.deltacat.transport.http}); data moves between this
 * process and storage through the format providers of {@code io.deltacat.io.spi}.
 */
module io.deltacat.client {
    requires transitive io.deltacat.api;
    requires io.deltacat.io.spi;
    requires io.deltacat.auth;
    requires io.deltacat.wire;
    requires com.fasterxml.jackson.databind;

    // wire records (Jackson data binding)

    uses io.deltacat.api.spi.TransportFactory;

    provides io.deltacat.api.spi.ClientProvider with io.deltacat.client.internal.DefaultClientProvider;
}
