package io.deltacat.cli;

import io.deltacat.api.error.DeltacatException;

/**
 * The exit codes of {@code deltacat}, one per kind of failure, so scripts can tell a missing table
 * from a refused token or an unreachable server:
 *
 * <table>
 * <caption>exit codes</caption>
 * <tr><td>0</td><td>success</td></tr>
 * <tr><td>1</td><td>failure not listed below (server or storage error, unexpected)</td></tr>
 * <tr><td>2</td><td>usage: bad command line, filter, schema or profile file</td></tr>
 * <tr><td>3</td><td>not found (namespace, table, job, pipeline, node)</td></tr>
 * <tr><td>4</td><td>conflict: already exists, conflicting change, idempotency key reused</td></tr>
 * <tr><td>5</td><td>refused by the server as invalid (400, 413)</td></tr>
 * <tr><td>6</td><td>not authenticated or not allowed (401, 403)</td></tr>
 * <tr><td>7</td><td>server unavailable or unreachable</td></tr>
 * <tr><td>8</td><td>not supported by this server</td></tr>
 * <tr><td>9</td><td>{@code compat}: at least one scenario failed</td></tr>
 * <tr><td>10</td><td>{@code jobs watch}: the job failed or was cancelled</td></tr>
 * <tr><td>11</td><td>{@code jobs watch}: the timeout passed before the job ended</td></tr>
 * </table>
 */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int CONFLICT = 4;
    static final int INVALID = 5;
    static final int AUTH = 6;
    static final int UNAVAILABLE = 7;
    static final int UNSUPPORTED = 8;
    static final int COMPAT_FAILED = 9;
    static final int JOB_FAILED = 10;
    static final int TIMEOUT = 11;

    private ExitCodes() {
    }

    /** The exit code for a failure the API reported. */
    static int of(DeltacatException e) {
        switch (e.problemType()) {
            case NOT_FOUND: return NOT_FOUND;
            case ALREADY_EXISTS: case CONFLICT: case IDEMPOTENCY_KEY_REUSED: return CONFLICT;
            case INVALID_REQUEST: case MERGE_KEYS_REQUIRED: case PAYLOAD_TOO_LARGE: return INVALID;
            case UNAUTHORIZED: case FORBIDDEN: return AUTH;
            case UNAVAILABLE: return UNAVAILABLE;
            case UNSUPPORTED: return UNSUPPORTED;
            default: return FAILURE;
        }
    }
}
