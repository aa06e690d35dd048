package io.deltacat.transport.http.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted loopback HTTP server (127.0.0.1, port 0) that records what it receives. Each request
 * takes the next scripted action; when the script is empty the fallback answers.
 */
final class TestServer implements AutoCloseable {

    /** What the server received. */
    record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** One scripted reaction to a request. */
    @FunctionalInterface
    interface Action {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** Thrown by an action to make the server drop the connection without answering. */
    static final class Drop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Drop() {
            super("scripted connection drop", null, false, false);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Action> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Action fallback = respond(200, "application/json", "{}");

    TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    TestServer then(Action action) {
        script.add(action);
        return this;
    }

    TestServer otherwise(Action action) {
        fallback = action;
        return this;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new java.util.TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                ex.getRequestURI().getRawQuery(), headers, body));
        Action action = script.poll();
        (action == null ? fallback : action).handle(ex);
    }

    static Action respond(int status, String contentType, String body) {
        return respond(status, contentType, body, Map.of());
    }

    static Action respond(int status, String contentType, String body, Map<String, String> extraHeaders) {
        return ex -> {
            Headers h = ex.getResponseHeaders();
            if (contentType != null) {
                h.set("Content-Type", contentType);
            }
            extraHeaders.forEach(h::set);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0) {
                ex.sendResponseHeaders(status, -1);
            } else {
                ex.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
            ex.close();
        };
    }

    static Action problem(int status, String type, String title, String detail) {
        StringBuilder json = new StringBuilder("{");
        if (type != null) {
            json.append("\"type\":\"").append(type).append("\",");
        }
        if (title != null) {
            json.append("\"title\":\"").append(title).append("\",");
        }
        if (detail != null) {
            json.append("\"detail\":\"").append(detail).append("\",");
        }
        // fields this client does not know must not matter
        json.append("\"status\":").append(status)
                .append(",\"instance\":\"/v1/x\",\"futureField\":{\"nested\":[1,2,3]},\"retryable\":true}");
        return respond(status, "application/problem+json", json.toString());
    }

    /** Drops the connection after reading the request: the client sees no answer. */
    static Action drop() {
        return ex -> {
            throw new Drop();
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
