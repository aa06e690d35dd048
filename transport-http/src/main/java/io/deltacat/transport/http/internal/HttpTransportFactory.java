package io.deltacat.transport.http.internal;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.spi.Transport;
import io.deltacat.api.spi.TransportFactory;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/** The {@link TransportFactory} for {@code http} and {@code https} server URIs. */
public final class HttpTransportFactory implements TransportFactory {

    /** Public no-argument constructor, as {@link java.util.ServiceLoader} requires. */
    public HttpTransportFactory() {
    }

    @Override
    public boolean supports(URI uri) {
        if (uri == null || uri.getScheme() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    @Override
    public Transport create(ClientConfig config) {
        Objects.requireNonNull(config, "config");
        if (!supports(config.uri())) {
            throw new IllegalArgumentException("not an http(s) server URI: " + config.uri());
        }
        return new HttpTransport(config);
    }
}
