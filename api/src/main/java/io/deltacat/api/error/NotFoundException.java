package io.deltacat.api.error;

/** The named catalog, namespace, table, write or job does not exist. */
public class NotFoundException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        this(message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(ProblemType.NOT_FOUND, message, cause);
    }
}
