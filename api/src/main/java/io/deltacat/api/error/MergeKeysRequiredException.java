package io.deltacat.api.error;

/**
 * A write mode that needs merge keys ({@code MERGE}, {@code DELETE}) targeted a table that has none.
 * Nothing was changed. Problem type {@code urn:deltacat:problem:merge-keys-required}, HTTP 400.
 */
public class MergeKeysRequiredException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public MergeKeysRequiredException(String message) {
        super(ProblemType.MERGE_KEYS_REQUIRED, message, null);
    }
}
