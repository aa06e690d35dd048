package io.deltacat.cli;

/**
 * A mistake on the command line or in the profile file (a bad option value, filter or schema, an
 * unknown profile): reported as one line, with exit code {@link ExitCodes#USAGE}.
 */
final class CliUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliUsageException(String message) {
        super(message);
    }
}
