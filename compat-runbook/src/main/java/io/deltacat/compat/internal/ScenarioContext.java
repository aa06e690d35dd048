package io.deltacat.compat.internal;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.TokenProvider;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.ServerInfo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * What a running scenario works with: the client, the server's config, names unique to this run and
 * scenario, and the cleanup actions it registered (run last-in first-out after the scenario, whether
 * it passed or failed).
 */
public final class ScenarioContext {
    private final DeltacatClient client;
    private final URI server;
    private final TokenProvider tokens;
    private final String runId;
    private final String slug;
    private final Deque<Named> cleanups = new ArrayDeque<>();
    private String namespace;

    /** An undo step. */
    @FunctionalInterface
    public interface Cleanup {
        void run() throws Exception;
    }

    private record Named(String what, Cleanup action) {
    }

    ScenarioContext(DeltacatClient client, URI server, TokenProvider tokens, String runId, String scenarioName) {
        this.client = client;
        this.server = server;
        this.tokens = tokens;
        this.runId = runId;
        this.slug = scenarioName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    }

    public DeltacatClient client() {
        return client;
    }

    public ServerInfo serverInfo() {
        return client.serverInfo();
    }

    /**
     * The scenario's own namespace, {@code compat_<run>_<scenario>}, created on first use and dropped
     * (with its tables) at cleanup.
     */
    public String namespace() {
        if (namespace == null) {
            String name = "compat_" + runId + "_" + slug;
            client.catalog().createNamespace(name);
            namespace = name;
            onCleanup("drop namespace " + name, () -> {
                try {
                    client.catalog().dropNamespace(name, true);
                } catch (NotFoundException alreadyGone) {
                    // the scenario dropped it itself
                }
            });
        }
        return namespace;
    }

    /** A name unique to this run and scenario, for ids the server keeps globally (jobs types, nodes, users). */
    public String unique(String base) {
        return "compat-" + runId + "-" + slug.replace('_', '-') + "-" + base;
    }

    /** Registers an undo step, run after the scenario (last registered, first run). */
    public void onCleanup(String what, Cleanup action) {
        cleanups.push(new Named(what, action));
    }

    /** The server's base URI and the run's token, for clients of other surfaces (MCP). */
    public URI server() {
        return server;
    }

    public TokenProvider tokens() {
        return tokens;
    }

    /** Connects a second client to the same server with another token; closed at cleanup. */
    public DeltacatClient connect(TokenProvider tokens) {
        DeltacatClient other = DeltacatClient.connect(ClientConfig.builder().uri(server).tokenProvider(tokens)
                .retryWindow(Duration.ofSeconds(5)).build());
        onCleanup("close second client", other::close);
        return other;
    }

    /** Runs every cleanup step; returns a note for each that failed. */
    List<String> cleanUp() {
        List<String> notes = new ArrayList<>();
        while (!cleanups.isEmpty()) {
            Named c = cleanups.pop();
            try {
                c.action().run();
            } catch (Exception | AssertionError e) {
                notes.add(c.what() + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return notes;
    }
}
