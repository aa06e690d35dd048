package io.deltacat.api.spi;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;

/** Implemented by the client module; found by {@link DeltacatClient#connect(ClientConfig)}. */
public interface ClientProvider {
    DeltacatClient connect(ClientConfig config);
}
