package io.deltacat.api.error;

/** The server failed unexpectedly. */
public class ServerException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public ServerException(String message) {
        this(message, null);
    }

    public ServerException(String message, Throwable cause) {
        super(ProblemType.SERVER_ERROR, message, cause);
    }
}
