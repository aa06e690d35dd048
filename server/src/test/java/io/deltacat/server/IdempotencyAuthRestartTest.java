package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class IdempotencyAuthRestartTest extends ServerTestSupport {

    @Test
    void aRepeatedKeyReplaysTheStoredAnswer() throws Exception {
        start();
        Resp first = send("POST", "/v1/namespaces", obj().put("name", "once"), "key-1");
        assertThat(first.status()).isEqualTo(201);
        Resp second = send("POST", "/v1/namespaces", obj().put("name", "once"), "key-1");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.raw()).isEqualTo(first.raw());
        assertThat(get("/v1/namespaces").body().get("namespaces")).hasSize(2);
        // without the key, the same request is a duplicate
        assertProblem(post("/v1/namespaces", obj().put("name", "once")), 409, "already-exists");

        // begin write: a resend answers the same session and opens no second write
        Resp w1 = send("POST", "/v1/namespaces/once/tables/t/writes", beginBody("auto", SCHEMA), "key-2");
        Resp w2 = send("POST", "/v1/namespaces/once/tables/t/writes", beginBody("auto", SCHEMA), "key-2");
        assertThat(w2.raw()).isEqualTo(w1.raw());

        // 4xx answers are replayed too, even when the state has changed since
        Resp missing = send("DELETE", "/v1/namespaces/later", null, "key-3");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(post("/v1/namespaces", obj().put("name", "later")).status()).isEqualTo(201);
        assertThat(send("DELETE", "/v1/namespaces/later", null, "key-3").status()).isEqualTo(404);
        assertThat(send("DELETE", "/v1/namespaces/later", null, "key-4").status()).isEqualTo(204);

        assertProblem(send("POST", "/v1/namespaces", obj().put("name", "k"), "k".repeat(129)), 400,
                "invalid-request", "Idempotency-Key");

        // stored answers expire after 24 hours
        clock.advance(Duration.ofHours(25));
        server.runMaintenance();
        assertProblem(send("POST", "/v1/namespaces", obj().put("name", "once"), "key-1"), 409, "already-exists");
    }

    @Test
    void aKeyIsBoundToTheRequestItWasFirstSentWith() throws Exception {
        start();
        assertThat(send("POST", "/v1/namespaces", obj().put("name", "idemA"), "bound").status()).isEqualTo(201);
        // the same key with another body: refused, and idemB is not created from idemA's answer
        Resp other = send("POST", "/v1/namespaces", obj().put("name", "idemB"), "bound");
        assertProblem(other, 422, "idempotency-key-reused", "bound", "another body");
        assertThat(other.raw()).doesNotContain("idemA");
        assertProblem(get("/v1/namespaces/idemB"), 404, "not-found");
        // on another route
        assertProblem(send("DELETE", "/v1/namespaces/idemA", null, "bound"), 422, "idempotency-key-reused",
                "POST /v1/namespaces");
        assertThat(get("/v1/namespaces/idemA").status()).isEqualTo(200);
        // the first request itself still replays
        assertThat(send("POST", "/v1/namespaces", obj().put("name", "idemA"), "bound").status()).isEqualTo(201);
        // once forgotten, the key is free for another request
        clock.advance(Duration.ofHours(25));
        server.runMaintenance();
        assertThat(send("POST", "/v1/namespaces", obj().put("name", "idemB"), "bound").status()).isEqualTo(201);
    }

    @Test
    void aTokenIsRequiredWhenConfigured() {
        start(b -> b.authToken("s3cret"));
        assertProblem(get("/v1/config"), 401, "unauthorized");
        assertProblem(get("/v1/nothing"), 401, "unauthorized");
        token = "wrong";
        assertProblem(get("/v1/namespaces"), 401, "unauthorized");
        token = "s3cret";
        assertThat(get("/v1/namespaces").status()).isEqualTo(200);
    }

    @Test
    void aRestartKeepsEverythingCommitted() throws Exception {
        start();
        assertThat(post("/v1/namespaces", obj().put("name", "kept")).status()).isEqualTo(201);
        long t1 = writeFiles("cats", new long[] {1, 10}, new long[] {11, 20}).body().get("commitTime").asLong();
        Resp before = post("/v1/namespaces/default/tables/cats/plan", obj());
        server.close();

        start();
        assertThat(get("/v1/namespaces/kept").status()).isEqualTo(200);
        Resp table = get("/v1/namespaces/default/tables/cats");
        assertThat(table.body().get("rowCount").asLong()).isEqualTo(20);
        assertThat(table.body().get("latestCommitTime").asLong()).isEqualTo(t1);
        Resp after = post("/v1/namespaces/default/tables/cats/plan", obj());
        assertThat(after.body()).isEqualTo(before.body());
        // commit times keep increasing across restarts, even with a clock that stands still
        long t2 = writeFiles("cats", new long[] {21, 30}).body().get("commitTime").asLong();
        assertThat(t2).isGreaterThan(t1);
    }

    @Test
    void theListenerSeesEveryExchange() {
        List<DeltacatServer.Exchange> seen = new CopyOnWriteArrayList<>();
        start(b -> b.exchangeListener(seen::add));
        post("/v1/namespaces", obj().put("name", "n1"));
        get("/v1/namespaces/n1");
        get("/v1/unknown");
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).route()).isEqualTo("POST /v1/namespaces");
        assertThat(new String(seen.get(0).requestBody())).contains("n1");
        assertThat(seen.get(0).status()).isEqualTo(201);
        assertThat(seen.get(0).responseContentType()).isEqualTo("application/json");
        assertThat(seen.get(1).route()).isEqualTo("GET /v1/namespaces/{namespace}");
        assertThat(seen.get(1).rawPath()).isEqualTo("/v1/namespaces/n1");
        assertThat(seen.get(2).route()).isEmpty();
        assertThat(seen.get(2).status()).isEqualTo(404);
        assertThat(seen.get(2).responseContentType()).isEqualTo("application/problem+json");
    }
}
