package io.deltacat.compat.internal;

/**
 * Thrown by a scenario that finds, once running, that the server does not offer what it needs in a
 * way {@code /v1/config} cannot say (e.g. a format whose provider the server lacks, or a server
 * without users): the scenario is reported as skipped with this reason, never as passed.
 */
public final class SkipException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SkipException(String reason) {
        super(reason);
    }
}
