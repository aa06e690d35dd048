package io.deltacat.client.internal.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Wire shapes of the dispatch routes ({@code /v1/dispatch/{mode}/...}), bound with Jackson. */
public final class DispatchWire {
    private DispatchWire() {
    }

    /**
     * {@code POST /v1/dispatch/{mode}/payloads}: one module's archive.
     *
     * @param name    the module's name (the directory's or file's name), for the server's log and checks
     * @param content the zip archive, base64
     */
    public record StagePayloadRequest(String name, String content) {
    }

    /** {@code GET /v1/jobs/{jobId}/dispatch-access}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DispatchAccess(String jobId, String mode, String provider, String dashboardUrl,
                                 java.util.Map<String, String> details) {
    }

    /** {@code POST /v1/jobs/{jobId}/dispatch-commands}. */
    public record SendCommandsRequest(java.util.List<String> commands, String target) {
    }

    /** Its answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CommandsSent(String commandId, java.util.List<String> instanceIds) {
    }

    /**
     * The stored archive.
     *
     * @param uri       where it is stored (content-addressed)
     * @param sha256    the archive's SHA-256 (hex), computed by the server
     * @param sizeBytes its size
     * @param created   false when the same bytes were staged before (nothing uploaded)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StagedPayload(String uri, String sha256, long sizeBytes, boolean created) {
    }
}
