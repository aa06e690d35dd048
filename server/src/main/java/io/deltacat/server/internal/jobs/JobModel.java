package io.deltacat.server.internal.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.server.internal.store.StoredJson;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the job queue stores and answers (a job, its events, a submission, a page of jobs), and the
 * names and limits every queue operation checks the same way.
 */
public final class JobModel {
    public static final String COMPACTION = "compaction";
    /** Copies a placed table's files to one of its placed roots (placement); dispatched to the server. */
    public static final String REPLICATION = "replication";
    public static final String CUSTOM = "custom";
    public static final String DISPATCH_LOCAL = "local";
    public static final String DISPATCH_WORKER = "worker";
    static final Set<String> FINAL = Set.of("succeeded", "failed", "cancelled");
    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.:=/-]{1,128}");
    /** An event's metadata, serialized as JSON (UTF-8); the client's {@code JobsClient} documents it. */
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    public static final int MAX_CONTEXT_BYTES = 64 * 1024;
    public static final int MAX_ERROR_CHARS = 8 * 1024;
    /** A completion's watermark, serialized as JSON (UTF-8). */
    public static final int MAX_WATERMARK_BYTES = 64 * 1024;

    private JobModel() {
    }

    /**
     * A job as stored. Times are nanoseconds since the epoch; nullable ones are absent when null.
     * {@code watermark} is the JSON text of the value the worker sent (see {@link #watermarkValue}).
     */
    public record JobRow(String id, long seq, String type, String dispatch, String state, Map<String, String> context,
                         List<String> workerTags, int attempt, int maxAttempts, long leaseMs, long fencingToken,
                         Long leaseDeadline, String workerId, long createdAt, long availableAt, Long startedAt,
                         Long finishedAt, long recordsProcessed, String watermark, String error, long updatedAt) {
        public boolean isFinal() {
            return FINAL.contains(state);
        }
    }

    /** One progress event; {@code metadata} is a JSON object of any values. */
    public record Event(long seq, String name, long at, Long completed, Long expected, ObjectNode metadata,
                        long fencingToken) {
    }

    /**
     * A stored watermark as the JSON value it is; null when there is none. Text that is not JSON (a
     * string with a control character stored before migration V009 quoted them) is that string.
     */
    public static JsonNode watermarkValue(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return StoredJson.MAPPER.readTree(stored);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(stored);
        }
    }

    /**
     * A submission, validated by {@link JobQueue#submit}. {@code dispatch}: null for the default (local
     * for compaction, worker otherwise), or a remote mode (e.g. {@code ray}) whose runs only the server's
     * dispatcher of that mode claims; never taken from a client.
     */
    public record Submit(String type, Map<String, String> context, List<String> workerTags, int maxAttempts,
                         long leaseMs, String dispatch) {
        public Submit(String type, Map<String, String> context, List<String> workerTags, int maxAttempts,
                      long leaseMs) {
            this(type, context, workerTags, maxAttempts, leaseMs, null);
        }
    }

    /** The most jobs one call submits, claims or ends. */
    public static final int MAX_BATCH = 1000;

    /**
     * What a claim asks for: up to {@code maxJobs} claimable jobs of {@code dispatch} whose required
     * tags are all in {@code workerTags} (and whose type is in {@code types}, when not empty).
     */
    public record Claim(String dispatch, List<String> workerTags, List<String> types, String workerId, int maxJobs) {
        public Claim {
            workerTags = workerTags == null ? List.of() : List.copyOf(workerTags);
            types = types == null ? List.of() : List.copyOf(types);
        }
    }

    /**
     * The end of one held attempt: a completion ({@code success}, with records and watermark) or a
     * failure ({@code error}, {@code retryable}).
     */
    public record End(String jobId, long token, boolean success, long records, JsonNode watermark, String error,
                      boolean retryable) {
        public static End complete(String jobId, long token, long records, JsonNode watermark) {
            return new End(jobId, token, true, records, watermark, null, false);
        }

        public static End fail(String jobId, long token, String error, boolean retryable) {
            return new End(jobId, token, false, 0, null, error, retryable);
        }
    }

    /** How one {@link End} went: the job as it then is, or why it was refused (404, 409, 400). */
    public record EndResult(String jobId, long token, JobRow job, RuntimeException refusal) {
        public boolean ended() {
            return refusal == null;
        }
    }

    /** The answer of an end-and-claim call: each end's result in request order, then the jobs claimed. */
    public record EndAndClaim(List<EndResult> ended, List<JobRow> claimed) {
    }

    /** One page of {@link JobQueue#list}; {@code nextPageToken} is null on the last page. */
    public record Page(List<JobRow> jobs, String nextPageToken) {
    }

    static Set<String> checkTags(Collection<String> tags, String what) {
        Set<String> out = new TreeSet<>();
        if (tags == null) {
            return out;
        }
        if (tags.size() > 64) {
            throw new InvalidRequestException(what + " may hold at most 64 tags");
        }
        for (String t : tags) {
            if (t == null || !TAG.matcher(t).matches()) {
                throw new InvalidRequestException("tag '" + t + "' in " + what + " must match " + TAG.pattern());
            }
            out.add(t);
        }
        return out;
    }
}
