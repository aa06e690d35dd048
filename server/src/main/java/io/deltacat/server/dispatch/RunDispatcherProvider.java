package io.deltacat.server.dispatch;

import java.util.Map;

/**
 * A service provider (found with {@link java.util.ServiceLoader}) that runs pipeline node runs of one
 * dispatch mode outside the server, e.g. {@code ray}. The server opens a dispatcher only for the
 * modes its builder configures ({@code DeltacatServer.Builder#dispatcher}); a node of a mode without
 * a dispatcher is refused at creation ("not available on this server").
 */
public interface RunDispatcherProvider {
    /** The node dispatch mode this provider runs, e.g. {@code ray}. */
    String mode();

    /**
     * Opens a dispatcher with the server's settings for this mode.
     *
     * @param settings the settings given to the server builder for this mode (the key
     *                 {@value #SERVER_URL} is the server's own: the URL remote runs reach it at)
     * @throws IllegalArgumentException when a setting is invalid (the message names it)
     */
    RunDispatcher open(Map<String, String> settings);

    /**
     * The setting naming the server's URL as remote runs reach it (default: the URL it listens on),
     * handed to each run as {@code DELTACAT_SERVER_URL}.
     */
    String SERVER_URL = "server-url";
}
