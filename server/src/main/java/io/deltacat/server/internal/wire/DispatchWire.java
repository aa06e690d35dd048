package io.deltacat.server.internal.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Wire shapes of the dispatch routes ({@code /v1/dispatch/{mode}/...}), bound with Jackson. */
public final class DispatchWire {
    private DispatchWire() {
    }

    /**
     * {@code POST /v1/dispatch/{mode}/payloads}: one module's archive.
     *
     * @param name    the module's name (a Python module or package name, or a {@code .py} file's name)
     * @param content the zip archive, base64
     */
    public record StagePayloadRequest(@JsonProperty(value = "name", required = true) String name,
                                      @JsonProperty(value = "content", required = true) String content) {
    }

    /**
     * {@code GET /v1/jobs/{jobId}/dispatch-access}.
     *
     * @param jobId        the run
     * @param mode         its dispatch mode
     * @param provider     the cluster provider
     * @param dashboardUrl where the server reaches the cluster
     * @param details      the provider's facts about it
     */
    public record DispatchAccess(String jobId, String mode, String provider, String dashboardUrl,
                                 java.util.Map<String, String> details) {
    }

    /**
     * {@code POST /v1/jobs/{jobId}/dispatch-commands}.
     *
     * @param commands shell commands, run in order
     * @param target   {@code head} or {@code all}
     */
    public record SendCommandsRequest(@JsonProperty(value = "commands", required = true) java.util.List<String> commands,
                                      @JsonProperty(value = "target", required = true) String target) {
    }

    /** The answer of {@code POST /v1/jobs/{jobId}/dispatch-commands}. */
    public record CommandsSent(String commandId, java.util.List<String> instanceIds) {
    }

    /** The stored archive (see {@link io.deltacat.server.dispatch.RunDispatcher.StagedPayload}). */
    public record StagedPayload(String uri, String sha256, long sizeBytes, boolean created) {
    }
}
