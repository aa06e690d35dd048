package io.deltacat.api.error;

/** The request is malformed or names something invalid (bad name, unknown column, wrong literal type, schema mismatch). */
public class InvalidRequestException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        this(message, null);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(ProblemType.INVALID_REQUEST, message, cause);
    }

    /** For the more specific kinds of invalid request. */
    protected InvalidRequestException(ProblemType type, String message, Throwable cause) {
        super(type, message, cause);
    }
}
