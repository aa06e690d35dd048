package io.deltacat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.server.DeltacatServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An exchange listener that sends each request the server accepted with a JSON object body again, at
 * once (the resources it names still exist), with one field added that no version of the document
 * has: the server must refuse it with a 400 naming the field, before it acts, on every route. It
 * passes every other exchange on to the next listener.
 */
final class UnknownFieldReplay implements DeltacatServer.ExchangeListener {
    static final String FIELD = "fieldFromNowhere";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final DeltacatServer.ExchangeListener next;
    private final String authorization;
    private volatile URI server;
    private final Set<String> refused = new ConcurrentSkipListSet<>();
    private final List<String> accepted = new CopyOnWriteArrayList<>();

    /**
     * @param token the bearer token to send the replays with (a server with users), or null
     */
    UnknownFieldReplay(DeltacatServer.ExchangeListener next, String token) {
        this.next = next;
        this.authorization = token == null ? null : "Bearer " + token;
    }

    /** Starts replaying to this server (set once it runs). */
    void server(URI uri) {
        this.server = uri;
    }

    /** The routes that refused a replay as they should. */
    Set<String> refused() {
        return new TreeSet<>(refused);
    }

    /** The replays a server did not refuse as it should (each with its answer). */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void onExchange(DeltacatServer.Exchange e) {
        byte[] body = e.requestBody();
        if (body != null && new String(body, StandardCharsets.UTF_8).contains(FIELD)) {
            return; // a replay's own exchange: judged by the replay
        }
        next.onExchange(e);
        URI target = server;
        if (target == null || e.status() >= 400 || body == null || body.length == 0 || body[0] != '{') {
            return;
        }
        try {
            JsonNode tree = JSON.readTree(body);
            ((ObjectNode) tree).put(FIELD, 1);
            HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(e.rawPath()))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .method(e.method(), HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(tree)));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 400 && r.body().contains(FIELD)) {
                refused.add(e.route());
            } else {
                accepted.add(e.route() + " -> " + r.statusCode() + " " + r.body());
            }
        } catch (Exception ex) {
            accepted.add(e.route() + " -> " + ex);
        }
    }
}
