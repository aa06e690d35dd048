package io.deltacat.packds;

import io.deltacat.api.error.InvalidRequestException;

/**
 * A loader's resume token that cannot resume this loader: unreadable, or from another table, version,
 * epoch or seed, or an incomplete set of tokens for an elastic resume.
 */
public class InvalidResumeTokenException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public InvalidResumeTokenException(String message) {
        super(message);
    }
}
