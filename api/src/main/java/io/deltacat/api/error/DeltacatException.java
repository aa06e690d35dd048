package io.deltacat.api.error;

/**
 * Root of every failure the API reports. Unchecked, like the AWS SDK and Iceberg: callers catch the
 * specific subclasses they can act on ({@link NotFoundException}, {@link ConflictException}, ...).
 */
public class DeltacatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ProblemType problemType;

    public DeltacatException(ProblemType problemType, String message, Throwable cause) {
        super(message, cause);
        this.problemType = problemType;
    }

    /** The wire kind of this failure. */
    public ProblemType problemType() {
        return problemType;
    }

    /** HTTP status this failure maps to. */
    public int status() {
        return problemType.status();
    }
}
