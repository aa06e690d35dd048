package io.deltacat.ray.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A client of Ray's Jobs REST API (served by the Ray dashboard): submit, status, logs, stop. Plain
 * JSON over the JDK's HTTP client; the request and answer shapes are Ray's documented ones.
 */
public final class RayJobsApi {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final HttpClient http;

    public RayJobsApi(String dashboardUrl) {
        this.base = dashboardUrl.replaceAll("/+$", "");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** {@code POST /api/jobs/}: the body Ray takes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubmitRequest(@JsonProperty("entrypoint") String entrypoint,
                                @JsonProperty("submission_id") String submissionId,
                                @JsonProperty("runtime_env") Map<String, Object> runtimeEnv,
                                @JsonProperty("metadata") Map<String, String> metadata) {
    }

    /** {@code GET /api/jobs/{id}}: the parts of Ray's job details used here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record JobInfo(@JsonProperty("submission_id") String submissionId,
                          @JsonProperty("status") String status,
                          @JsonProperty("message") String message,
                          @JsonProperty("error_type") String errorType,
                          @JsonProperty("driver_exit_code") Integer driverExitCode,
                          @JsonProperty("runtime_env") Map<String, Object> runtimeEnv) {
        public boolean live() {
            return "PENDING".equals(status) || "RUNNING".equals(status);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Logs(@JsonProperty("logs") String logs) {
    }

    /** Submits; the answer's submission id. Ray refuses a submission id already used (an error). */
    public String submit(SubmitRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))));
        if (r.statusCode() / 100 != 2) {
            throw new IOException("Ray refused the submission (" + r.statusCode() + "): " + r.body());
        }
        return JSON.readTree(r.body()).path("submission_id").asText(request.submissionId());
    }

    /** The job, or empty when Ray knows no job of that submission id. */
    public Optional<JobInfo> get(String submissionId) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(job(submissionId, "")).GET());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException("Ray answered " + r.statusCode() + " for job " + submissionId + ": " + r.body());
        }
        return Optional.of(JSON.readValue(r.body(), JobInfo.class));
    }

    /** The job's driver log (all of it, as Ray keeps it). */
    public String logs(String submissionId) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(job(submissionId, "/logs")).GET());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("Ray answered " + r.statusCode() + " for the logs of " + submissionId);
        }
        String logs = JSON.readValue(r.body(), Logs.class).logs();
        return logs == null ? "" : logs;
    }

    /** Asks Ray to stop the job; false when it had already ended. */
    public boolean stop(String submissionId) throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(job(submissionId, "/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (r.statusCode() / 100 != 2) {
            throw new IOException("Ray answered " + r.statusCode() + " to stopping " + submissionId + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("stopped").asBoolean(false);
    }

    private URI job(String submissionId, String tail) {
        return URI.create(base + "/api/jobs/" + URLEncoder.encode(submissionId, StandardCharsets.UTF_8) + tail);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }
}
