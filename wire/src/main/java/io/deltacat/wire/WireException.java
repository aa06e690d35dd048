package io.deltacat.wire;

/**
 * A body that does not bind to its wire type: the message names the schema and the field at fault
 * (the server answers it as a 400 problem, the client as a malformed answer).
 */
public final class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the schema and the field */
    public WireException(String message) {
        super(message);
    }
}
