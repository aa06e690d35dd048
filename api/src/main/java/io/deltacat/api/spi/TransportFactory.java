package io.deltacat.api.spi;

import io.deltacat.api.ClientConfig;
import java.net.URI;

/**
 * Makes a {@link Transport} for a server URI. Implementations are found with
 * {@link java.util.ServiceLoader}; the HTTP one is in {@code io.deltacat.transport.http}.
 */
public interface TransportFactory {
    /** Whether this factory can reach {@code uri} (e.g. by scheme). */
    boolean supports(URI uri);

    Transport create(ClientConfig config);
}
