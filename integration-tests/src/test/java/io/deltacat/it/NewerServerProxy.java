package io.deltacat.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of a real server that makes it look like a newer version: every JSON
 * answer (results and problem details) gets fields no version of the document has, at its top level
 * and in each object of its top-level lists. Nothing else changes (requests, statuses, other headers,
 * other bodies pass as they are), so a client behind it must behave exactly as without it.
 */
final class NewerServerProxy implements AutoCloseable {
    /** What a newer server adds: a scalar and a nested object. */
    static final String ADDED = "addedByANewerServer";
    /** Headers the JDK client sets itself (and refuses), or that describe the body this proxy re-sends. */
    private static final Set<String> HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "date", "keep-alive");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "newer-server-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger extended = new AtomicInteger();

    NewerServerProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    /** Where clients connect. */
    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many JSON answers got the added fields so far. */
    int extended() {
        return extended.get();
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            HttpResponse<byte[]> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            byte[] out = r.body();
            String type = r.headers().firstValue("content-type").orElse("");
            if (type.startsWith("application/json") || type.startsWith("application/problem+json")) {
                out = newer(out);
            }
            r.headers().map().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    ex.getResponseHeaders().put(name, values);
                }
            });
            ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    private byte[] newer(byte[] body) throws IOException {
        if (body.length == 0) {
            return body;
        }
        JsonNode tree = JSON.readTree(body);
        if (!(tree instanceof ObjectNode top)) {
            return body;
        }
        add(top);
        top.forEach(field -> {
            if (field.isArray()) {
                field.forEach(item -> {
                    if (item instanceof ObjectNode o) {
                        add(o);
                    }
                });
            }
        });
        extended.incrementAndGet();
        return JSON.writeValueAsBytes(top);
    }

    private static void add(ObjectNode o) {
        o.put(ADDED, 7);
        o.putObject(ADDED + "Too").put("since", "v2").putArray("why").add(1);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
