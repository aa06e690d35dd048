package io.deltacat.api.error;

/** The server could not be reached or is temporarily unavailable; the call may be retried. */
public class ServiceUnavailableException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message) {
        this(message, null);
    }

    public ServiceUnavailableException(String message, Throwable cause) {
        super(ProblemType.UNAVAILABLE, message, cause);
    }
}
