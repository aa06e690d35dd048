package io.deltacat.compat.internal;

/** A result that differs from what the API promises: the scenario fails with this message. */
public final class CheckFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckFailure(String message) {
        super(message);
    }

    public CheckFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
