package io.deltacat.server;

/**
 * {@link DeltacatServer#start()} failed: the server is not running and everything it had opened is
 * closed again. Subclasses name the causes an operator can act on; the message says what to do.
 * It extends {@link IllegalStateException}, which {@code start()} threw before these types existed.
 */
public class ServerStartException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** A start failure with a message for the operator and the underlying cause (may be null). */
    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
