package io.deltacat.api.error;

/**
 * An {@code Idempotency-Key} was sent again with another request (another method, path or body)
 * than the one it was first sent with. Nothing was run. A key names one request: a new request
 * needs a new key. Problem type {@code urn:deltacat:problem:idempotency-key-reused}, HTTP 422.
 */
public class IdempotencyKeyReusedException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public IdempotencyKeyReusedException(String message) {
        super(ProblemType.IDEMPOTENCY_KEY_REUSED, message, null);
    }
}
