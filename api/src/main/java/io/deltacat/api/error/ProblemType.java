package io.deltacat.api.error;

import java.util.Arrays;
import java.util.Optional;

/**
 * The stable kinds of failure on the wire. Each has a problem {@code type} URI (RFC 9457), an HTTP
 * status and the Java exception a client raises for it. Messages for users are made here and in
 * {@link DeltacatException}, nowhere else.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    ALREADY_EXISTS("already-exists", 409, "Already exists"),
    CONFLICT("conflict", 409, "Conflict"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNSUPPORTED("unsupported", 501, "Not supported by this server"),
    UNAVAILABLE("unavailable", 503, "Service unavailable"),
    SERVER_ERROR("server-error", 500, "Internal server error"),
    MERGE_KEYS_REQUIRED("merge-keys-required", 400, "The table has no merge keys"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency key reused for another request");

    private static final String PREFIX = "urn:deltacat:problem:";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The problem {@code type} URI, e.g. {@code urn:deltacat:problem:not-found}. */
    public String uri() {
        return PREFIX + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Finds the kind for a {@code type} URI; empty for a kind this client does not know. */
    public static Optional<ProblemType> fromUri(String uri) {
        return Arrays.stream(values()).filter(t -> t.uri().equals(uri)).findFirst();
    }

    /** The best kind for a bare HTTP status, used when a body carries no known type. */
    public static ProblemType forStatus(int status) {
        switch (status) {
            case 400: case 405: case 406: case 415: case 422: return INVALID_REQUEST;
            case 401: return UNAUTHORIZED;
            case 403: return FORBIDDEN;
            case 404: return NOT_FOUND;
            case 409: case 412: return CONFLICT;
            case 413: return PAYLOAD_TOO_LARGE;
            case 501: return UNSUPPORTED;
            case 429: case 502: case 503: case 504: return UNAVAILABLE;
            default: return status >= 500 ? SERVER_ERROR : INVALID_REQUEST;
        }
    }

    /** Builds the exception a caller sees for this kind. */
    public DeltacatException toException(String detail, Throwable cause) {
        switch (this) {
            case INVALID_REQUEST: return new InvalidRequestException(detail, cause);
            case MERGE_KEYS_REQUIRED: return new MergeKeysRequiredException(detail);
            case IDEMPOTENCY_KEY_REUSED: return new IdempotencyKeyReusedException(detail);
            case PAYLOAD_TOO_LARGE: return new PayloadTooLargeException(detail);
            case UNAUTHORIZED: return new UnauthorizedException(detail);
            case FORBIDDEN: return new ForbiddenException(detail);
            case NOT_FOUND: return new NotFoundException(detail);
            case ALREADY_EXISTS: return new AlreadyExistsException(detail);
            case CONFLICT: return new ConflictException(detail);
            case UNSUPPORTED: return new UnsupportedFeatureException(detail);
            case UNAVAILABLE: return new ServiceUnavailableException(detail, cause);
            default: return new ServerException(detail, cause);
        }
    }
}
