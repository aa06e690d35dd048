package io.deltacat.api.error;

/** No valid credentials were presented. */
public class UnauthorizedException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        this(message, null);
    }

    public UnauthorizedException(String message, Throwable cause) {
        super(ProblemType.UNAUTHORIZED, message, cause);
    }
}
