package io.deltacat.api.error;

/** Something with that name already exists. */
public class AlreadyExistsException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String message) {
        this(message, null);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(ProblemType.ALREADY_EXISTS, message, cause);
    }
}
