package io.deltacat.mcp.server.internal;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A REST client per caller token, over loopback to this same server: how a tool acts with exactly the
 * caller's rights (the server's access rules judge every call the tool makes, as for any client).
 * Clients are kept for the most recent callers (connecting costs a {@code GET /v1/config}); the key is
 * a hash of the token, never the token itself.
 */
final class Callers implements AutoCloseable {
    private static final int KEEP = 32;
    private final Supplier<URI> server;
    private final Map<String, DeltacatClient> clients = new LinkedHashMap<>(16, 0.75f, true);

    Callers(Supplier<URI> server) {
        this.server = server;
    }

    /** The caller's identity for this session: a hash of its {@code Authorization} header. */
    static String identity(String authorization) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(
                    (authorization == null ? "" : authorization).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client acting with the token of {@code authorization} (none when it has no bearer token). */
    synchronized DeltacatClient client(String authorization) {
        String key = identity(authorization);
        DeltacatClient c = clients.get(key);
        if (c == null) {
            Optional<String> token = bearer(authorization);
            c = DeltacatClient.connect(ClientConfig.builder().uri(server.get())
                    .tokenProvider(() -> token).build());
            clients.put(key, c);
            if (clients.size() > KEEP) {
                var eldest = clients.entrySet().iterator();
                DeltacatClient old = eldest.next().getValue();
                eldest.remove();
                old.close();
            }
        }
        return c;
    }

    private static Optional<String> bearer(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(7).strip());
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(DeltacatClient::close);
        clients.clear();
    }
}
