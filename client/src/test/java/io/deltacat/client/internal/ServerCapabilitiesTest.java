package io.deltacat.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.spi.Transport;
import io.deltacat.api.spi.TransportRequest;
import io.deltacat.api.spi.TransportResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** Version negotiation and endpoint checks, against canned {@code /v1/config} answers. */
class ServerCapabilitiesTest {

    private static Transport serving(String config, List<TransportRequest> seen) {
        return new Transport() {
            @Override
            public TransportResponse execute(TransportRequest request) {
                seen.add(request);
                return new TransportResponse(200, Map.of(), config.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
            }
        };
    }

    private static String config(String apiVersion, String minimumClient, String endpoints) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"serverVersion\":\"9.9\",\"minimumClientVersion\":\""
                + minimumClient + "\",\"capabilities\":[],\"endpoints\":[" + endpoints + "],\"defaults\":{},"
                + "\"roots\":[],\"someFutureField\":{\"x\":1}}";
    }

    @Test
    void anUnlistedRouteFailsBeforeAnyCallIsMade() {
        List<TransportRequest> seen = new ArrayList<>();
        try (RootAllocator allocator = new RootAllocator();
             DefaultDeltacatClient client = new DefaultDeltacatClient(
                     ClientConfig.builder().uri("http://x").allocator(allocator).build(),
                     serving(config("1", "0.0.1", "\"GET /v1/namespaces\""), seen))) {
            assertThatThrownBy(() -> client.catalog().plan(q -> q.table("t")))
                    .isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("does not support POST /v1/namespaces/{namespace}/tables/{table}/plan");
            assertThat(seen).hasSize(1); // only GET /v1/config
            assertThat(seen.get(0).idempotencyKey()).isEmpty();
        }
    }

    @Test
    void anotherApiMajorOrATooOldClientIsRefusedClearly() {
        assertThatThrownBy(() -> new DefaultDeltacatClient(ClientConfig.builder().uri("http://x").build(),
                serving(config("2", "0.0.1", ""), new ArrayList<>())))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("API version 2");
        assertThatThrownBy(() -> new DefaultDeltacatClient(ClientConfig.builder().uri("http://x").build(),
                serving(config("1", "7.0.0", ""), new ArrayList<>())))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("minimum client version 7.0.0");
    }
}
