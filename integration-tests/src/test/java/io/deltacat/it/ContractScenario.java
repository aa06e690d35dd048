package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.api.CatalogClient;
import io.deltacat.api.JobsClient;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.SortKey;
import io.deltacat.api.model.WriteMode;
import io.deltacat.server.DeltacatServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The full scenario of the contract tests: every client operation and every route, successes and the
 * failures a client can meet, on servers whose exchanges go to one listener (a local catalog with a
 * 64 KiB body limit, a server with users, an S3 root on s3proxy, the remote-dispatch routes
 * ({@link DispatchScenario}) and placement ({@link PlacementContractScenario})).
 */
final class ContractScenario {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractScenario() {
    }

    /**
     * Runs every part of the scenario under {@code dir}, each exchange going to {@code listener}; on the
     * catalog, users and S3 parts each accepted request with a body is also sent again with an unknown
     * field ({@link UnknownFieldReplay}: the answer says which routes refused it).
     */
    static List<UnknownFieldReplay> run(Path dir, DeltacatServer.ExchangeListener listener) throws Exception {
        UnknownFieldReplay catalog = new UnknownFieldReplay(listener, null);
        try (Fixture fx = new Fixture(dir, b -> b.exchangeListener(catalog).maxBodyBytes(64 * 1024))) {
            catalog.server(fx.server.uri());
            runScenario(fx);
        }
        UnknownFieldReplay users = usersScenario(dir.resolve("users"), listener);
        UnknownFieldReplay storage = storageScenario(dir.resolve("s3"), listener);
        DispatchScenario.run(dir.resolve("dispatch"), listener);
        PlacementContractScenario.run(dir.resolve("placement"), listener);
        return List.of(catalog, users, storage);
    }

    /** Calls every client operation, and the error paths a client can meet. */
    private static void runScenario(Fixture fx) throws Exception {
        CatalogClient c = fx.client.catalog();
        c.describeCatalog("default");
        ignore(() -> c.describeCatalog("other"));
        c.createNamespace("zoo", Map.of("owner", "keeper"));
        ignore(() -> c.createNamespace("zoo"));
        ignore(() -> c.createNamespace(".."));
        c.getNamespace("zoo");
        c.listNamespaces();
        c.namespaceExists("nowhere");
        c.createTable(t -> t.namespace("zoo").table("cats").schema(Cats.SCHEMA).property("k", "v"));
        ignore(() -> c.createTable(t -> t.namespace("zoo").table("cats").schema(Cats.SCHEMA)));
        c.getTable("zoo", "cats");
        c.listTables("zoo");
        c.tableExists("zoo", "dogs");
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            c.write(cats, w -> w.namespace("zoo").table("cats"));
            c.write(cats, w -> w.namespace("zoo").table("cats").mode(WriteMode.APPEND));
            ignore(() -> c.write(cats, w -> w.namespace("zoo").table("cats").mode(WriteMode.CREATE)));
            ignore(() -> c.write(cats, w -> w.namespace("zoo").table("ghost").mode(WriteMode.APPEND)));
        }
        Rows.of(c.readAll(q -> q.namespace("zoo").table("cats").columns("id", "name")
                .filter(Predicate.and(Predicate.ge("age", 4), Predicate.like("name", "%a%"))).limit(10)));
        c.plan(q -> q.namespace("zoo").table("cats").asOf(System.currentTimeMillis() * 1_000_000L));
        ignore(() -> c.plan(q -> q.namespace("zoo").table("cats").filter(Predicate.eq("nope", 1))));
        ignore(() -> c.plan(q -> q.namespace("zoo").table("cats").filter(Predicate.eq("age", "x"))));
        // raw requests: the states of a write, malformed input, an oversized body, an unknown filter op
        HttpClient http = HttpClient.newHttpClient();
        String base = fx.server.uri().toString();
        String session = send(http, base + "/v1/namespaces/zoo/tables/cats/writes", "POST",
                "{\"mode\":\"append\",\"schema\":" + Cats.SCHEMA.toJson() + "}").body();
        String writeId = JSON.readTree(session).path("writeId").asText();
        send(http, base + "/v1/writes/" + writeId, "GET", null);
        send(http, base + "/v1/writes/" + writeId + "/commit", "POST", "{\"commitId\":\"c1\",\"files\":[{\"path\":\"../x\","
                + "\"format\":\"parquet\",\"rowCount\":1,\"sizeBytes\":1}]}");
        send(http, base + "/v1/writes/" + writeId, "DELETE", null);
        send(http, base + "/v1/writes/" + writeId + "/commit", "POST", "{\"commitId\":\"c2\",\"files\":[]}");
        send(http, base + "/v1/writes/unknown-write", "GET", null);
        send(http, base + "/v1/namespaces", "POST", "{not json");
        try {
            send(http, base + "/v1/namespaces", "POST", "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}");
        } catch (java.io.IOException raced) {
            // the server answers 413 from the declared length and closes while the body is still on its
            // way, so the client may lose the answer; the exchange it checks is the server's record. The
            // answer says Connection: close, so the next request (same client) takes a new connection: it
            // once went onto the dropped one ("header parser received no bytes")
        }
        send(http, base + "/v1/namespaces/zoo/tables/cats/plan", "POST", "{\"filter\":{\"sounds_like\":[\"name\",\"x\"]}}");
        layoutScenario(fx);
        jobScenario(fx);
        transactionScenario(fx, http, base);
        pipelineScenario(fx);
        modesScenario(fx);
        c.renameTable("zoo", "cats", "felines");
        ignore(() -> c.renameTable("zoo", "cats", "felines")); // not-found
        ignore(() -> c.renameTable("zoo", "felines", "dogs_x/")); // a bad name; "felines" stays
        c.renameTable("zoo", "felines", "cats");
        c.dropTable("zoo", "cats");
        ignore(() -> c.dropTable("zoo", "cats"));
        c.undropTable("zoo", "cats");
        ignore(() -> c.undropTable("zoo", "cats"));
        c.dropTable("zoo", "cats");
        c.createTable(t -> t.namespace("zoo").table("dogs").schema(Cats.SCHEMA));
        ignore(() -> c.dropNamespace("zoo"));
        c.dropNamespace("zoo", true);
    }

    /** Every transaction route and the catalog routes inside a transaction, with a conflict and an abort. */
    private static void transactionScenario(Fixture fx, HttpClient http, String base) throws Exception {
        try (io.deltacat.api.Transaction tx = fx.client.transaction(t -> t.message("contract")
                .timeToLive(Duration.ofSeconds(30)))) {
            CatalogClient in = tx.catalog();
            in.createTable(t -> t.namespace("zoo").table("birds").schema(Cats.SCHEMA));
            try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
                in.write(cats, w -> w.namespace("zoo").table("cats"));
            }
            in.getTable("zoo", "cats");
            in.listTables("zoo");
            Rows.of(in.readAll(q -> q.namespace("zoo").table("cats")));
            in.dropTable("zoo", "birds");
            send(http, base + "/v1/transactions/" + tx.id() + "/heartbeat", "POST", "{}");
            send(http, base + "/v1/transactions/" + tx.id(), "GET", null);
            fx.client.transactionStatus(tx.id());
            tx.commit();
            fx.client.transactionStatus(tx.id());
        }
        // the write status the client reads to resolve lost commit answers
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            fx.client.catalog().writeStatus(fx.client.catalog().write(cats, w -> w.namespace("zoo").table("cats"))
                    .writeId());
        }
        ignore(() -> fx.client.catalog().writeStatus("no-such-write"));
        ignore(() -> fx.client.transactionStatus("no-such-transaction"));
        io.deltacat.api.Transaction aborted = fx.client.transaction("abandoned");
        aborted.catalog().dropTable("zoo", "cats");
        aborted.abort();
        io.deltacat.api.Transaction loser = fx.client.transaction("loser");
        loser.catalog().dropTable("zoo", "cats");
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            fx.client.catalog().write(cats, w -> w.namespace("zoo").table("cats"));
        }
        ignore(loser::commit);
        send(http, base + "/v1/transactions/no-such-transaction", "GET", null);
        send(http, base + "/v1/transactions", "POST", "{\"ttlMs\":5}");
    }

    /** Write modes and merge keys: every new request field, delta type and error on the wire. */
    private static void modesScenario(Fixture fx) {
        CatalogClient c = fx.client.catalog();
        c.createTable(t -> t.namespace("zoo").table("users").schema(Users.SCHEMA).mergeKeys("id")
                .property("read_optimization_level", "none"));
        ignore(() -> c.createTable(t -> t.namespace("zoo").table("bad").schema(Users.SCHEMA).mergeKeys("score")));
        ignore(() -> c.createTable(t -> t.namespace("zoo").table("bad").schema(Users.SCHEMA)
                .property("read_optimization_level", "sometimes")));
        try (VectorSchemaRoot users = Users.of(fx.allocator, List.of(Users.u(1, "a", 1), Users.u(2, "b", 2)));
             VectorSchemaRoot keys = Users.keys(fx.allocator, 2)) {
            c.write(users, w -> w.namespace("zoo").table("users"));
            c.write(users, w -> w.namespace("zoo").table("users").mode(WriteMode.MERGE));
            c.write(keys, w -> w.namespace("zoo").table("users").mode(WriteMode.DELETE));
            c.write(users, w -> w.namespace("zoo").table("plain").mode(WriteMode.AUTO));
            ignore(() -> c.write(users, w -> w.namespace("zoo").table("plain").mode(WriteMode.MERGE)));
            ignore(() -> c.write(keys, w -> w.namespace("zoo").table("plain").mode(WriteMode.DELETE)));
            ignore(() -> c.write(users, w -> w.namespace("zoo").table("ghost").mode(WriteMode.REPLACE)));
            c.write(users, w -> w.namespace("zoo").table("plain").mode(WriteMode.REPLACE));
            // a table created by a write, with merge keys, compacted on write
            c.write(users, w -> w.namespace("zoo").table("fast").mergeKeys("id")
                    .tableProperty("read_optimization_level", "max"));
            c.write(users, w -> w.namespace("zoo").table("fast").mode(WriteMode.MERGE));
        }
        c.getTable("zoo", "users");
        Rows.of(c.readAll(q -> q.namespace("zoo").table("users").filter(Predicate.gt("score", 0.0))));
        Rows.of(c.readAll(q -> q.namespace("zoo").table("plain")));
        Rows.of(c.readAll(q -> q.namespace("zoo").table("fast")));
        JobsClient jobs = fx.client.jobs();
        assertThat(jobs.waitFor(jobs.submitCompaction("zoo", "users").id(), Duration.ofSeconds(60)).state())
                .isEqualTo(JobState.SUCCEEDED);
        Rows.of(c.readAll(q -> q.namespace("zoo").table("users")));
    }

    /** Partition and sort keys, partition values on commit and plan, alterTable (each op), evolution modes. */
    private static void layoutScenario(Fixture fx) throws Exception {
        CatalogClient c = fx.client.catalog();
        c.createTable(t -> t.namespace("zoo").table("events").schema(Events.SCHEMA)
                .partitionBy(PartitionKey.identity("region"), PartitionKey.bucket("id", 4), PartitionKey.day("ts"))
                .sortBy(SortKey.desc("score").nullsFirst(), SortKey.asc("n"))
                .property("schema_evolution_mode", "manual"));
        ignore(() -> c.createTable(t -> t.namespace("zoo").table("bad").schema(Events.SCHEMA)
                .partitionBy(PartitionKey.hour("day"))));
        try (VectorSchemaRoot rows = Events.rows(fx.allocator, 0, 40)) {
            c.write(rows, w -> w.namespace("zoo").table("events"));
            c.write(rows, w -> w.namespace("zoo").table("events_by_write").partitionBy(PartitionKey.truncate("n", 10))
                    .sortBy(SortKey.asc("id")));
        }
        Rows.of(c.readAll(q -> q.namespace("zoo").table("events").filter(Predicate.eq("region", "eu"))));
        c.alterTable(a -> a.namespace("zoo").table("events")
                .addField(org.apache.arrow.vector.types.pojo.Field.nullable("color",
                        org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE))
                .addField(new org.apache.arrow.vector.types.pojo.Field("lives",
                        org.apache.arrow.vector.types.pojo.FieldType.notNullable(
                                new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)), null), 9L)
                .renameField("score", "points")
                .widenField("n", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true))
                .dropField("day")
                .property("schema_evolution_mode", "auto"));
        ignore(() -> c.alterTable(a -> a.namespace("zoo").table("events").dropField("region")));
        ignore(() -> c.alterTable(a -> a.namespace("zoo").table("events").mergeKeys("id")));
        c.createTable(t -> t.namespace("zoo").table("keyed").schema(Events.SCHEMA));
        c.alterTable(a -> a.namespace("zoo").table("keyed").mergeKeys("id"));
        Rows.of(c.readAll(q -> q.namespace("zoo").table("events").filter(Predicate.isNull("color"))));
        HttpClient http = HttpClient.newHttpClient();
        String base = fx.server.uri().toString();
        send(http, base + "/v1/namespaces/zoo/tables/events/alter", "POST", "{\"changes\":[{\"op\":\"shrink\"}]}");
        // a partitioned table's file without partition values is refused
        String session = send(http, base + "/v1/namespaces/zoo/tables/keyed/writes", "POST",
                "{\"mode\":\"append\",\"schema\":" + Events.SCHEMA.toJson() + "}").body();
        String writeId = JSON.readTree(session).path("writeId").asText();
        send(http, base + "/v1/writes/" + writeId + "/commit", "POST", "{\"commitId\":\"c1\",\"files\":[{\"path\":\"a\","
                + "\"format\":\"parquet\",\"rowCount\":1,\"sizeBytes\":1,\"partitionValues\":[1]}]}");
        send(http, base + "/v1/writes/" + writeId, "DELETE", null);
    }

    /** Every job route: submit, list, claim (a job and none), progress, the three ends, errors, compaction. */
    private static void jobScenario(Fixture fx) {
        JobsClient jobs = fx.client.jobs();
        Job job = jobs.submit(s -> s.type("custom").context("k", "v").workerTags("gpu").maxAttempts(2)
                .leaseDuration(Duration.ofSeconds(30)));
        jobs.list(l -> l.states(JobState.PENDING).type("custom").tags("gpu").pageSize(1));
        jobs.get(job.id());
        ClaimedJob claimed = jobs.claim(o -> o.workerTags("gpu").types("custom").workerId("w1")).orElseThrow();
        assertThat(jobs.claim(o -> o.workerTags("gpu"))).isEmpty();
        jobs.emitEvent(claimed, "progress", 1, 2, Map.of("file", "a"), Duration.ofSeconds(60));
        jobs.emitEvent(claimed, "partitions", 1, 2, Map.of("partition_watermarks", Map.of("analytics.events", 42),
                "known_partitions", List.of("2024-01-01"), "ratio", 0.5, "done", false), null);
        jobs.heartbeat(claimed);
        ignore(() -> jobs.emitEvent(claimed, "bad", -1, 2, Map.of(), null));
        ignore(() -> jobs.emitEvent(claimed, "big", 1, 2, Map.of("m", "x".repeat(20_000)), null));
        ignore(() -> jobs.complete(claimed, 2, Map.of("w", "x".repeat(70_000))));
        jobs.complete(claimed, 2, Map.of("partition_watermarks", Map.of("analytics.events", 42)));
        ignore(() -> jobs.complete(claimed, 2, "again"));
        jobs.events(job.id());
        jobs.waitFor(job.id(), Duration.ofSeconds(2));
        Job stringWatermark = jobs.submit(s -> s.workerTags("wm"));
        jobs.complete(jobs.claim(o -> o.workerTags("wm")).orElseThrow(), 1, "wm-2");
        jobs.get(stringWatermark.id());
        Job other = jobs.submit(s -> s.maxAttempts(1));
        ClaimedJob second = jobs.claim(o -> { }).orElseThrow();
        jobs.fail(second, "broken", false);
        Job third = jobs.submit(s -> { });
        jobs.cancel(third.id());
        ignore(() -> jobs.cancel(third.id()));
        ignore(() -> jobs.get("no-such-job"));
        ignore(() -> jobs.submit(s -> s.type("Bad Type")));
        assertThat(jobs.get(other.id()).state()).isEqualTo(JobState.FAILED);
        // the batch routes: submit many, claim many, end (complete, fail, a refusal) and claim next
        jobs.submitAll(List.of(io.deltacat.api.options.SubmitJobOptions.builder().workerTags("batch").build(),
                io.deltacat.api.options.SubmitJobOptions.builder().workerTags("batch").context("n", "2").build(),
                io.deltacat.api.options.SubmitJobOptions.builder().workerTags("batch").build()));
        List<ClaimedJob> batch = jobs.claim(2, o -> o.workerTags("batch").workerId("w2"));
        assertThat(batch).hasSize(2);
        var ended = jobs.endAndClaim(List.of(io.deltacat.api.model.JobCompletion.of(batch.get(0), 3, Map.of("at", 3)),
                io.deltacat.api.model.JobCompletion.of(claimed, 1)),
                List.of(io.deltacat.api.model.JobFailure.of(batch.get(1), "broken", false)), 5, o -> o.workerTags("batch"));
        assertThat(ended.ended()).extracting(io.deltacat.api.model.JobEndResult::ended).containsExactly(true, false, true);
        assertThat(ended.claimed()).hasSize(1);
        assertThat(jobs.completeAndClaimNext(ended.claimed().get(0), 1, null, o -> o.workerTags("batch")).claimed()).isEmpty();
        Job compaction = jobs.submitCompaction("zoo", "cats");
        assertThat(jobs.waitFor(compaction.id(), Duration.ofSeconds(60)).state()).isEqualTo(JobState.SUCCEEDED);
    }

    /** The user, token and grant routes, on a server with users (and one without, for whoami). */
    private static UnknownFieldReplay usersScenario(Path root, DeltacatServer.ExchangeListener listener) {
        String bootstrap = "dct_" + "k".repeat(43);
        UnknownFieldReplay replay = new UnknownFieldReplay(listener, bootstrap);
        try (Fixture fx = new Fixture(root, b -> b.users(true).bootstrapToken(bootstrap).exchangeListener(replay))) {
            replay.server(fx.server.uri());
            io.deltacat.api.DeltacatClient admin = io.deltacat.api.DeltacatClient.connect(io.deltacat.api.ClientConfig
                    .builder().uri(fx.server.uri().toString()).allocator(fx.allocator)
                    .tokenProvider(io.deltacat.auth.TokenProviders.ofToken(bootstrap)).build());
            try (admin) {
                io.deltacat.api.AuthClient auth = admin.auth();
                auth.whoami();
                auth.createUser("ada", io.deltacat.api.model.UserRole.USER);
                ignore(() -> auth.createUser("ada", io.deltacat.api.model.UserRole.USER));
                auth.listUsers();
                auth.getUser("ada");
                auth.disableUser("ada");
                auth.enableUser("ada");
                io.deltacat.api.model.IssuedToken t = auth.issueToken("ada", "laptop", Duration.ofDays(1));
                auth.listTokens("ada");
                auth.revokeToken("ada", t.token().id());
                admin.catalog().createNamespace("lab");
                auth.grant("lab", "ada", io.deltacat.api.model.NamespaceRole.WRITER);
                auth.grants("lab");
                auth.revokeGrant("lab", "ada");
                ignore(() -> auth.revokeGrant("lab", "ada"));
                io.deltacat.api.DeltacatClient ada = io.deltacat.api.DeltacatClient.connect(io.deltacat.api.ClientConfig
                        .builder().uri(fx.server.uri().toString()).allocator(fx.allocator)
                        .tokenProvider(io.deltacat.auth.TokenProviders.ofToken(
                                auth.issueToken("ada", "other", null).secret())).maxRetries(0).build());
                try (ada) {
                    ignore(() -> ada.catalog().createNamespace("mine"));
                }
            }
        }
        return replay;
    }

    /**
     * An S3 root on s3proxy (presigned access): a client's write has its uploads signed (a single PUT
     * and a multipart upload: start, parts, complete), then renewals of a plan's and a write's access.
     */
    private static UnknownFieldReplay storageScenario(Path root, DeltacatServer.ExchangeListener listener)
            throws Exception {
        UnknownFieldReplay replay = new UnknownFieldReplay(listener, null);
        String bucket = "s3://" + S3ProxyProcess.shared().createBucket("contract-" + java.util.UUID.randomUUID()
                .toString().substring(0, 8)) + "/data/";
        try (Fixture fx = new Fixture(root, b -> b.roots(List.of(io.deltacat.server.StorageRoot.s3("default", bucket,
                S3ProxyProcess.shared().settings(Map.of())))).exchangeListener(replay))) {
            replay.server(fx.server.uri());
            try (VectorSchemaRoot cats = Cats.generated(fx.allocator, 1000, 1)) {
                fx.client.catalog().write(cats, w -> w.table("cats"));
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = fx.server.uri().toString();
            String file = fx.client.catalog().plan(q -> q.table("cats")).files().get(0).uri();
            assertThat(send(http, base + "/v1/namespaces/default/tables/cats/credentials", "POST",
                    "{\"uris\":[\"" + file + "\"]}").statusCode()).isEqualTo(200);
            String writeId = JSON.readTree(send(http, base + "/v1/namespaces/default/tables/cats/writes", "POST",
                    "{\"mode\":\"append\",\"schema\":" + Cats.SCHEMA.toJson() + "}").body()).path("writeId").asText();
            assertThat(send(http, base + "/v1/writes/" + writeId + "/credentials", "POST", "{}").statusCode())
                    .isEqualTo(200);
            HttpResponse<String> started = send(http, base + "/v1/writes/" + writeId + "/uploads", "POST",
                    "{\"path\":\"big.parquet\",\"step\":\"start\"}");
            String uploadId = JSON.readTree(started.body()).path("uploadId").asText();
            assertThat(send(http, base + "/v1/writes/" + writeId + "/uploads", "POST", "{\"path\":\"big.parquet\","
                    + "\"step\":\"part\",\"uploadId\":\"" + uploadId + "\",\"partNumber\":1}").statusCode())
                    .isEqualTo(200);
            assertThat(send(http, base + "/v1/writes/" + writeId + "/uploads", "POST", "{\"path\":\"big.parquet\","
                    + "\"step\":\"abort\",\"uploadId\":\"" + uploadId + "\"}").statusCode()).isEqualTo(200);
            assertThat(send(http, base + "/v1/writes/" + writeId + "/uploads", "POST",
                    "{\"path\":\"../x\",\"step\":\"put\"}").statusCode()).isEqualTo(400);
        }
        return replay;
    }

    /** Every node and pipeline route: a publication -> transform -> subscription chain, runs, watermarks, errors. */
    private static void pipelineScenario(Fixture fx) throws Exception {
        CatalogClient c = fx.client.catalog();
        JobsClient jobs = fx.client.jobs();
        c.createTable(t -> t.namespace("zoo").table("src").schema(Cats.SCHEMA));
        c.createTable(t -> t.namespace("zoo").table("out").schema(Cats.SCHEMA));
        io.deltacat.api.PublicationsClient pubs = fx.client.publications();
        io.deltacat.api.TransformsClient transforms = fx.client.transforms();
        io.deltacat.api.SubscriptionsClient subs = fx.client.subscriptions();
        io.deltacat.api.PipelinesClient pipelines = fx.client.pipelines();
        pubs.create(p -> p.id("pub").name("Episode Publisher").type("generator").sink("zoo", "src"));
        ignore(() -> pubs.create(p -> p.id("badname").name(" ").sink("zoo", "src")));
        transforms.create(t -> t.id("tr").source("zoo", "src").sink("zoo", "out").dispatchConfig(Map.of("k", "v")));
        subs.create(s -> s.id("sub").source("zoo", "out").mode("version")
                .trigger(io.deltacat.api.model.Trigger.cron("0 3 * * *", java.time.ZoneId.of("Europe/Paris"))));
        ignore(() -> subs.create(s -> s.id("bad").source("zoo", "src").dispatchMode("ray")));
        ignore(() -> subs.create(s -> s.id("sub").source("zoo", "src")));
        ignore(() -> subs.create(s -> s.id("bad").source("zoo", "nope")));
        pubs.list();
        pubs.get("pub");
        pubs.run("pub");
        ClaimedJob pj = jobs.claim(o -> o.workerTags("node:pub")).orElseThrow();
        io.deltacat.api.model.StagedOutput staged;
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            staged = pubs.stage(pj, cats, w -> w.namespace("zoo").table("src"));
        }
        pubs.complete(pj, 3, List.of(staged));
        ClaimedJob tj = jobs.claim(o -> o.workerTags("node:tr")).orElseThrow();
        Rows.of(fx.client.catalog().readAll(q -> q.namespace("zoo").table("src")));
        try (org.apache.arrow.vector.ipc.ArrowReader r = transforms.readNew(tj)) {
            while (r.loadNextBatch()) {
                assertThat(r.getVectorSchemaRoot().getRowCount()).isPositive();
            }
        }
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            staged = transforms.stage(tj, cats, w -> w.namespace("zoo").table("out"));
        }
        send(HttpClient.newHttpClient(), fx.server.uri() + "/v1/writes/" + staged.writeId() + "/commit", "POST",
                "{\"commitId\":\"direct\",\"files\":[]}");
        transforms.complete(tj, 3, List.of(staged));
        subs.trigger("sub");
        subs.trigger("tr"); // a transform, through subscriptions()
        ClaimedJob sj = jobs.claim(o -> o.workerTags("node:sub")).orElseThrow();
        subs.inputs(sj);
        subs.complete(sj, 3);
        io.deltacat.api.model.TableRef out = io.deltacat.api.model.TableRef.of("zoo", "out");
        subs.getWatermark("sub");
        subs.redrive("sub", io.deltacat.api.model.Watermark.of(out, 0));
        ignore(() -> subs.redrive("sub", io.deltacat.api.model.Watermark.of(out, Long.MAX_VALUE)));
        transforms.pause("tr");
        transforms.resume("tr");
        ignore(() -> transforms.rollback("tr", io.deltacat.api.model.Watermark.of(out, 0)));
        pipelines.discover(List.of("sub"));
        ignore(() -> pipelines.discover(List.of("nope")));
        pipelines.create("p1", "Zoo", List.of("pub", "tr", "sub"));
        pipelines.createSeeded("p2", "Zoo, seeded", List.of("tr"));
        ignore(() -> pipelines.create("p1", "again", List.of("pub")));
        pipelines.list();
        pipelines.get("p1");
        pipelines.status("p1");
        pipelines.pause("p1");
        pipelines.resume("p1");
        pipelines.delete("p2");
        ignore(() -> pipelines.get("p2"));
        subs.delete("sub");
        ignore(() -> subs.get("sub"));
    }

    static HttpResponse<String> send(HttpClient http, String uri, String method, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json")
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString());
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void ignore(Runnable failing) {
        assertThatThrownBy(failing::run).isInstanceOf(DeltacatException.class);
    }
}
