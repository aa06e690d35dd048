package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.JobsClient;
import io.deltacat.api.Worker;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.JobOutcomeUnknownException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobCompletion;
import io.deltacat.api.model.JobEvent;
import io.deltacat.api.model.JobResult;
import io.deltacat.api.model.JobState;
import io.deltacat.api.options.SubmitJobOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every keyed job route resent with the same Idempotency-Key after its answer was lost has one
 * effect, with no stored answer (the job routes resolve resends by what they record with the jobs):
 * the same request sent twice by hand, and true lost answers through a proxy that drops them.
 */
class JobResendEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    Fixture fx;
    JobsClient jobs;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        jobs = fx.client.jobs();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    record Answer(int status, JsonNode body) {
    }

    private Answer post(String path, String body, String key) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fx.server.uri() + path))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    private List<String> eventNames(String id) {
        return jobs.events(id).stream().map(JobEvent::name).toList();
    }

    @Test
    void aResentSubmitCreatesNothingMoreAndAnotherBodyWithItsKeyIsRefused() throws Exception {
        String key = UUID.randomUUID().toString();
        Answer first = post("/v1/jobs", "{\"type\":\"custom\",\"context\":{\"a\":\"1\"}}", key);
        Answer again = post("/v1/jobs", "{\"type\":\"custom\",\"context\":{\"a\":\"1\"}}", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("id")).isEqualTo(first.body().path("id"));
        Answer other = post("/v1/jobs", "{\"type\":\"custom\",\"context\":{\"a\":\"2\"}}", key);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.body().path("type").asText()).isEqualTo("urn:deltacat:problem:idempotency-key-reused");

        String batchKey = UUID.randomUUID().toString();
        String batch = "{\"jobs\":[{\"type\":\"custom\"},{\"type\":\"export\",\"workerTags\":[\"t\"]}]}";
        Answer b1 = post("/v1/jobs/batch", batch, batchKey);
        Answer b2 = post("/v1/jobs/batch", batch, batchKey);
        assertThat(b1.status()).isEqualTo(201);
        assertThat(b2.body().path("jobs")).isEqualTo(b1.body().path("jobs"));
        assertThat(jobs.list().jobs()).as("one job per submitted one").hasSize(3);
    }

    @Test
    void aResentClaimAnswersTheSameJobsAndTokensAndClaimsNothingMore() throws Exception {
        jobs.submitAll(List.of(SubmitJobOptions.builder().build(), SubmitJobOptions.builder().build(),
                SubmitJobOptions.builder().build()));
        String key = UUID.randomUUID().toString();
        Answer c1 = post("/v1/jobs/claim", "{\"workerId\":\"w\"}", key);
        Answer c2 = post("/v1/jobs/claim", "{\"workerId\":\"w\"}", key);
        assertThat(c2.body().path("job").path("id")).isEqualTo(c1.body().path("job").path("id"));
        assertThat(c2.body().path("lease").path("fencingToken").asLong()).isEqualTo(1);

        String batchKey = UUID.randomUUID().toString();
        Answer m1 = post("/v1/jobs/batch/claim", "{\"maxJobs\":5}", batchKey);
        Answer m2 = post("/v1/jobs/batch/claim", "{\"maxJobs\":5}", batchKey);
        assertThat(m1.body().path("claims")).hasSize(2);
        assertThat(m2.body().path("claims")).isEqualTo(m1.body().path("claims"));
        assertThat(jobs.list().jobs()).allMatch(j -> j.state() == JobState.CLAIMED && j.attempt() == 1
                && j.fencingToken() == 1);
        for (Job j : jobs.list().jobs()) {
            assertThat(eventNames(j.id())).containsExactly("submitted", "claimed");
        }
    }

    @Test
    void resentEndsEventsAndHeartbeatsHaveOneEffect() throws Exception {
        jobs.submitAll(List.of(SubmitJobOptions.builder().maxAttempts(3).build(), SubmitJobOptions.builder().build(),
                SubmitJobOptions.builder().build()));
        List<ClaimedJob> held = jobs.claim(3, c -> { });
        String a = held.get(0).id();
        String b = held.get(1).id();
        String c = held.get(2).id();

        String eventKey = UUID.randomUUID().toString();
        String event = "{\"fencingToken\":1,\"name\":\"copied\",\"completed\":1,\"expected\":2}";
        assertThat(post("/v1/jobs/" + b + "/events", event, eventKey).status()).isEqualTo(200);
        assertThat(post("/v1/jobs/" + b + "/events", event, eventKey).status()).isEqualTo(200);
        assertThat(post("/v1/jobs/" + b + "/heartbeat", "{\"fencingToken\":1}", eventKey).status()).isEqualTo(200);
        assertThat(post("/v1/jobs/" + b + "/heartbeat", "{\"fencingToken\":1}", eventKey).status()).isEqualTo(200);
        assertThat(eventNames(b)).containsExactly("submitted", "claimed", "copied");

        String failKey = UUID.randomUUID().toString();
        String fail = "{\"fencingToken\":1,\"error\":\"flaky\",\"retryable\":true}";
        Answer f1 = post("/v1/jobs/" + a + "/fail", fail, failKey);
        Answer f2 = post("/v1/jobs/" + a + "/fail", fail, failKey);
        assertThat(f1.status()).isEqualTo(200);
        assertThat(f2.status()).isEqualTo(200);
        assertThat(f2.body()).isEqualTo(f1.body());
        assertThat(f2.body().path("state").asText()).isEqualTo("pending");
        assertThat(eventNames(a)).containsExactly("submitted", "claimed", "attempt-failed");

        String completeKey = UUID.randomUUID().toString();
        String complete = "{\"fencingToken\":1,\"recordsProcessed\":5,\"watermark\":\"w5\"}";
        Answer k1 = post("/v1/jobs/" + b + "/complete", complete, completeKey);
        Answer k2 = post("/v1/jobs/" + b + "/complete", complete, completeKey);
        assertThat(k1.status()).isEqualTo(200);
        assertThat(k2.status()).as("a resend of a complete that succeeded answers its outcome").isEqualTo(200);
        assertThat(k2.body()).isEqualTo(k1.body());
        assertThat(k2.body().path("state").asText()).isEqualTo("succeeded");
        Answer another = post("/v1/jobs/" + b + "/complete", complete, UUID.randomUUID().toString());
        assertThat(another.status()).as("another call with the spent token").isEqualTo(409);
        assertThat(eventNames(b)).containsExactly("submitted", "claimed", "copied", "succeeded");

        String endKey = UUID.randomUUID().toString();
        String end = "{\"complete\":[{\"jobId\":\"" + c + "\",\"fencingToken\":1,\"recordsProcessed\":2}],"
                + "\"fail\":[{\"jobId\":\"" + b + "\",\"fencingToken\":1,\"error\":\"late\"}],\"claimNext\":{\"maxJobs\":3}}";
        Answer e1 = post("/v1/jobs/batch/end", end, endKey);
        Answer e2 = post("/v1/jobs/batch/end", end, endKey);
        assertThat(e1.body().path("ended").get(0).has("job")).isTrue();
        assertThat(e1.body().path("ended").get(1).path("problem").path("status").asInt()).isEqualTo(409);
        assertThat(e2.body().path("ended")).isEqualTo(e1.body().path("ended"));
        assertThat(e2.body().path("claims")).isEqualTo(e1.body().path("claims"));
        assertThat(eventNames(c)).containsExactly("submitted", "claimed", "succeeded");
        assertThat(jobs.get(c).recordsProcessed()).isEqualTo(2);
    }

    /** A client whose requests go through a proxy that loses the answers a rule picks. */
    private DeltacatClient lossy(LossyProxy proxy) {
        return DeltacatClient.connect(ClientConfig.builder().uri(proxy.uri()).allocator(fx.allocator)
                .maxRetries(1).retryBaseDelay(Duration.ofMillis(10)).build());
    }

    /** Loses the answers of the first {@code n} requests whose request line matches {@code what}. */
    private static Predicate<String> firstAnswers(int n, Predicate<String> what) {
        AtomicInteger seen = new AtomicInteger();
        return line -> what.test(line) && seen.incrementAndGet() <= n;
    }

    @Test
    void lostAnswersOfSubmitClaimAndCompleteAreLearnedFromTheResend() throws Exception {
        try (LossyProxy proxy = new LossyProxy(fx.server.uri()); DeltacatClient client = lossy(proxy)) {
            JobsClient lossyJobs = client.jobs();
            proxy.loseAnswers(firstAnswers(1, line -> line.startsWith("POST /v1/jobs ")));
            Job job = lossyJobs.submit(s -> s.context("k", "v"));
            assertThat(proxy.lost.get()).isEqualTo(1);
            jobs.submit(s -> { });
            assertThat(jobs.list().jobs()).as("the resend created nothing").hasSize(2);

            proxy.loseAnswers(firstAnswers(1, line -> line.startsWith("POST /v1/jobs/claim ")));
            ClaimedJob claimed = lossyJobs.claim(c -> { }).orElseThrow();
            assertThat(proxy.lost.get()).isEqualTo(2);
            assertThat(claimed.id()).isEqualTo(job.id());
            assertThat(claimed.fencingToken()).isEqualTo(1);
            assertThat(jobs.list(l -> l.states(JobState.PENDING)).jobs()).as("the other job is still free").hasSize(1);

            proxy.loseAnswers(firstAnswers(1, line -> line.contains("/complete ")));
            Job done = lossyJobs.complete(claimed, 3, "w3");
            assertThat(proxy.lost.get()).isEqualTo(3);
            assertThat(done.state()).as("the resend answers the first outcome, not 409").isEqualTo(JobState.SUCCEEDED);
            assertThat(eventNames(job.id())).containsExactly("submitted", "claimed", "succeeded");
        }
    }

    @Test
    void aCompleteWhoseAnswerStaysLostIsOutcomeUnknownAndResolvedByTheJobState() throws Exception {
        Job job = jobs.submit(s -> { });
        ClaimedJob claimed = jobs.claim(c -> { }).orElseThrow();
        try (LossyProxy proxy = new LossyProxy(fx.server.uri()); DeltacatClient client = lossy(proxy)) {
            proxy.loseAnswers(line -> line.contains("/complete ") || line.contains("/batch/end "));
            JobOutcomeUnknownException e = catchThrowableOfType(JobOutcomeUnknownException.class,
                    () -> client.jobs().complete(claimed, 4, "w4"));
            assertThat(e.jobIds()).containsExactly(job.id());
            assertThat(e).hasMessageContaining("unknown").hasMessageContaining(job.id());
            assertThat(proxy.lost.get()).as("the call and its keyed resend").isEqualTo(2);
            Job now = jobs.get(job.id());
            assertThat(now.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(now.fencingToken()).isEqualTo(claimed.fencingToken());
            assertThat(eventNames(job.id())).containsExactly("submitted", "claimed", "succeeded");
            // a new call is refused: the end happened once
            assertThat(catchThrowableOfType(ConflictException.class, () -> jobs.complete(claimed, 4, "w4"))).isNotNull();

            Job other = jobs.submit(s -> { });
            ClaimedJob second = jobs.claim(c -> { }).orElseThrow();
            JobOutcomeUnknownException batch = catchThrowableOfType(JobOutcomeUnknownException.class,
                    () -> client.jobs().completeAll(List.of(JobCompletion.of(second, 1))));
            assertThat(batch.jobIds()).containsExactly(other.id());
            assertThat(jobs.get(other.id()).state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    @Test
    void theWorkerResolvesLostEndsByTheJobStatesAndEveryJobEndsOnce() throws Exception {
        List<SubmitJobOptions> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(SubmitJobOptions.builder().leaseDuration(Duration.ofSeconds(1)).maxAttempts(5).build());
        }
        List<Job> submitted = jobs.submitAll(many);
        try (LossyProxy proxy = new LossyProxy(fx.server.uri()); DeltacatClient client = lossy(proxy)) {
            // the second end-and-claim call (the first that ends jobs) and its resend lose their answers
            AtomicInteger calls = new AtomicInteger();
            proxy.loseAnswers(line -> line.startsWith("POST /v1/jobs/batch/end ")
                    && List.of(2, 3).contains(calls.incrementAndGet()));
            try (Worker worker = client.jobs().worker(w -> w.threads(3).pollInterval(Duration.ofMillis(20))
                    .heartbeatInterval(Duration.ofMillis(200)).handler(j -> JobResult.of(1)))) {
                for (Job j : submitted) {
                    assertThat(jobs.waitFor(j.id(), Duration.ofSeconds(60)).state()).isEqualTo(JobState.SUCCEEDED);
                }
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (worker.completed() < 12 && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
                assertThat(proxy.lost.get()).isEqualTo(2);
                assertThat(worker.completed()).as("the lost ends were counted once resolved").isEqualTo(12);
            }
        }
        for (Job j : submitted) {
            assertThat(eventNames(j.id()).stream().filter("succeeded"::equals)).as(j.id()).hasSize(1);
        }
    }
}
