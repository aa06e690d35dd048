package io.deltacat.api.error;

/** The operation lost a race or contradicts the current state (concurrent create, stale write); nothing of it was applied. */
public class ConflictException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        this(message, null);
    }

    public ConflictException(String message, Throwable cause) {
        super(ProblemType.CONFLICT, message, cause);
    }
}
