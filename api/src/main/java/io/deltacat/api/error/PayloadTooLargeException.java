package io.deltacat.api.error;

/** The request body exceeds the server's size limit. */
public class PayloadTooLargeException extends DeltacatException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLargeException(String message) {
        super(ProblemType.PAYLOAD_TOO_LARGE, message, null);
    }
}
