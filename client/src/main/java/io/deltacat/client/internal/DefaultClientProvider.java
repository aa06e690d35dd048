package io.deltacat.client.internal;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.spi.ClientProvider;
import io.deltacat.api.spi.Transport;
import io.deltacat.api.spi.TransportFactory;
import java.util.ServiceLoader;

/** Connects clients: picks a transport for the URI and checks the server's version. */
public final class DefaultClientProvider implements ClientProvider {

    @Override
    public DeltacatClient connect(ClientConfig config) {
        TransportFactory factory = ServiceLoader.load(TransportFactory.class, TransportFactory.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.supports(config.uri())).findFirst()
                .orElseThrow(() -> new UnsupportedFeatureException("no transport for " + config.uri()
                        + " on the module path: add module io.deltacat.transport.http"));
        Transport transport = factory.create(config);
        try {
            return new DefaultDeltacatClient(config, transport);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }
}
