package io.deltacat.api.error;

/** The caller is authenticated but lacks the role for this resource. */
public class ForbiddenException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        this(message, null);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(ProblemType.FORBIDDEN, message, cause);
    }
}
