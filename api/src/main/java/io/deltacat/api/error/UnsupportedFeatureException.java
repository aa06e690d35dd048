package io.deltacat.api.error;

/** The server (or this client's module path) does not support the requested feature. */
public class UnsupportedFeatureException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFeatureException(String message) {
        this(message, null);
    }

    public UnsupportedFeatureException(String message, Throwable cause) {
        super(ProblemType.UNSUPPORTED, message, cause);
    }
}
