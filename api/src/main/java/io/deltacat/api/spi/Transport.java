package io.deltacat.api.spi;

/**
 * Carries JSON requests to the server and answers back. A transport adds the client version, the
 * bearer token and the idempotency key headers, retries what is safe to retry, and turns error
 * answers ({@code application/problem+json}) into {@link io.deltacat.api.error.DeltacatException}
 * subclasses. It never retries a mutating request that carries no idempotency key.
 */
public interface Transport extends AutoCloseable {

    /**
     * Sends {@code request} and returns a 2xx answer.
     *
     * @throws io.deltacat.api.error.DeltacatException for an error answer (mapped by problem type)
     * @throws io.deltacat.api.error.ServiceUnavailableException when the server cannot be reached
     *         after the allowed retries
     */
    TransportResponse execute(TransportRequest request);

    @Override
    void close();
}
