package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.ProblemType;
import io.deltacat.api.error.ServerException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobEvent;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.Lease;
import io.deltacat.wire.WireJson;
import io.deltacat.wire.common.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one place job wire types ({@code io.deltacat.wire.jobs}) become API records. Absent fields
 * read as the document's defaults (or zero, empty), as the tolerant reader leaves them.
 */
final class JobsWire {
    private JobsWire() {
    }

    static Job job(io.deltacat.wire.jobs.Job n) {
        return new Job(str(n.id()), str(n.type()), state(n.state()), n.context() == null ? Map.of() : n.context(),
                n.workerTags() == null ? List.of() : n.workerTags(), n.attempt() == null ? 0 : n.attempt(),
                n.maxAttempts() == null ? 0 : n.maxAttempts(),
                Duration.ofMillis(n.leaseMillis() == null ? 0 : n.leaseMillis()), num(n.fencingToken()),
                optionalInstant(n.leaseDeadline()), Optional.ofNullable(n.workerId()), instant(num(n.createdAt())),
                instant(num(n.availableAt())), optionalInstant(n.startedAt()), optionalInstant(n.finishedAt()),
                num(n.recordsProcessed()), n.watermark() == null || n.watermark().isNull() ? Optional.empty()
                : Optional.of(JsonValues.plain(n.watermark())), Optional.ofNullable(n.error()));
    }

    static Lease lease(io.deltacat.wire.jobs.Lease n) {
        return new Lease(str(n.jobId()), num(n.fencingToken()), instant(num(n.deadline())));
    }

    static ClaimedJob claimed(io.deltacat.wire.jobs.ClaimedJob c) {
        return new ClaimedJob(job(c.job()), lease(c.lease()));
    }

    static JobEvent event(io.deltacat.wire.jobs.JobEvent e) {
        return new JobEvent(num(e.seq()), str(e.name()), instant(num(e.at())),
                e.completed() == null ? OptionalLong.empty() : OptionalLong.of(e.completed()),
                e.expected() == null ? OptionalLong.empty() : OptionalLong.of(e.expected()),
                JsonValues.plainMap(e.metadata()), num(e.fencingToken()));
    }

    /** A refused end's problem object as the exception the single route's answer would map to. */
    static DeltacatException refusal(Problem problem) {
        String detail = problem.detail() == null ? "the server refused to end the job" : problem.detail();
        ProblemType type = ProblemType.fromUri(problem.type() == null ? "" : problem.type())
                .orElseGet(() -> ProblemType.forStatus(problem.status() == null ? 500 : problem.status().intValue()));
        return type.toException(detail, null);
    }

    static JobState state(io.deltacat.wire.jobs.JobState s) {
        return s == null ? JobState.UNKNOWN : JobState.fromWire(s.wire());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static Optional<Instant> optionalInstant(Long nanos) {
        return nanos == null ? Optional.empty() : Optional.of(instant(nanos));
    }

    /** A duration in milliseconds for an int32 field; one beyond it is left for the server to refuse. */
    static int millis(long ms) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, ms));
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    private static long num(Long n) {
        return n == null ? 0 : n;
    }
}
