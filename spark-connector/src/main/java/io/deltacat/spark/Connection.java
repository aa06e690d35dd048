package io.deltacat.spark;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.InvalidRequestException;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the DeltaCAT server is and how to authenticate: what the driver and every executor connect
 * with. Serializable (it travels with scans and writes); each JVM keeps one client per connection,
 * closed when the JVM exits.
 *
 * @param uri   the server's base URI
 * @param token a bearer token, or null without authentication
 */
record Connection(String uri, String token) implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<Connection, DeltacatClient> CLIENTS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CLIENTS.values().forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // the JVM is exiting: buffers still held by Spark are released with it
            }
        }), "deltacat-spark-clients"));
    }

    Connection {
        if (uri == null || uri.isBlank()) {
            throw new InvalidRequestException("the DeltaCAT server URI is missing: set the catalog option 'uri' "
                    + "(spark.sql.catalog.<name>.uri) or the read/write option 'uri'");
        }
    }

    /** From catalog or data source options: {@code uri} and the optional {@code token}. */
    static Connection of(Map<String, String> options) {
        String token = options.get("token");
        return new Connection(options.get("uri"), token == null || token.isBlank() ? null : token);
    }

    /** This JVM's client for the connection (connected on first use). */
    DeltacatClient client() {
        return CLIENTS.computeIfAbsent(this, c -> {
            ClientConfig.Builder b = ClientConfig.builder().uri(c.uri);
            if (c.token != null) {
                String t = c.token;
                b.tokenProvider(() -> java.util.Optional.of(t));
            }
            return DeltacatClient.connect(b.build());
        });
    }

    @Override
    public String toString() {
        return "Connection[" + uri + (token == null ? "" : ", token=***") + "]";
    }
}
