package io.deltacat.genclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.generated.api.DefaultApi;
import io.deltacat.generated.client.ApiClient;
import io.deltacat.generated.client.ApiException;
import io.deltacat.generated.model.ArrowField;
import io.deltacat.generated.model.ArrowKeyValue;
import io.deltacat.generated.model.ArrowSchema;
import io.deltacat.generated.model.ArrowType;
import io.deltacat.generated.model.BeginTransactionRequest;
import io.deltacat.generated.model.BeginWriteRequest;
import io.deltacat.generated.model.ClaimRequest;
import io.deltacat.generated.model.ClaimedJob;
import io.deltacat.generated.model.ColumnStats;
import io.deltacat.generated.model.CommitRequest;
import io.deltacat.generated.model.CommitResult;
import io.deltacat.generated.model.CommittedFile;
import io.deltacat.generated.model.CompleteJobRequest;
import io.deltacat.generated.model.CreateNamespaceRequest;
import io.deltacat.generated.model.CreateNodeRequest;
import io.deltacat.generated.model.CreateTableRequest;
import io.deltacat.generated.model.Job;
import io.deltacat.generated.model.JobEventRequest;
import io.deltacat.generated.model.Lease;
import io.deltacat.generated.model.Namespace;
import io.deltacat.generated.model.Node;
import io.deltacat.generated.model.PlanRequest;
import io.deltacat.generated.model.PlannedFile;
import io.deltacat.generated.model.Problem;
import io.deltacat.generated.model.ReadPlan;
import io.deltacat.generated.model.ServerConfig;
import io.deltacat.generated.model.SubmitJobRequest;
import io.deltacat.generated.model.Table;
import io.deltacat.generated.model.TableRef;
import io.deltacat.generated.model.Transaction;
import io.deltacat.generated.model.Trigger;
import io.deltacat.generated.model.WriteSession;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.Storages;
import io.deltacat.io.spi.WrittenFile;
import io.deltacat.server.DeltacatServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client that openapi-generator makes from {@code openapi/deltacat-api.yaml} (library
 * {@code native}, default options) against the embedded server: every value that needs 64 bits
 * arrives whole, Arrow types keep their parameters both ways, open enums take any value, errors parse
 * as problem details, and the declared client-version header is sent and enforced.
 */
class GeneratedJavaClientTest {
    /** The version this "user" sends; the server's minimum is 0.1.0. */
    private static final String VERSION = "0.1.0";
    /** Larger than any 32-bit integer: ids, row counts and records processed must survive it. */
    private static final long BIG = 5_000_000_000L;

    @TempDir
    Path dir;
    private DeltacatServer server;
    private ApiClient apiClient;
    private DefaultApi api;

    @BeforeEach
    void start() {
        server = DeltacatServer.builder().root(dir).port(0).build().start();
        apiClient = new ApiClient();
        apiClient.updateBaseUri(server.uri().toString().replaceAll("/$", ""));
        api = new DefaultApi(apiClient);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static ArrowField field(String name, ArrowType type) {
        return new ArrowField().name(name).nullable(true).type(type);
    }

    /** id int64, ts timestamp[us, UTC], price decimal(10, 2), label utf8. */
    private static ArrowSchema pricesSchema() {
        return new ArrowSchema().fields(List.of(
                field("id", new ArrowType().name("int").bitWidth(64).isSigned(true)),
                field("ts", new ArrowType().name("timestamp").unit("MICROSECOND").timezone("UTC")),
                field("price", new ArrowType().name("decimal").precision(10).scale(2).bitWidth(128)),
                field("label", new ArrowType().name("utf8"))));
    }

    @Test
    void aGeneratedJavaClientDrivesTheServer() throws Exception {
        ServerConfig config = api.getConfig(VERSION);
        assertThat(config.getMinimumClientVersion()).isEqualTo(VERSION);
        assertThat(config.getEndpoints()).contains("POST /v1/jobs/claim", "GET /v1/nodes/{nodeId}");

        // namespaces
        Namespace ns = api.createNamespace(new CreateNamespaceRequest().name("shop").properties(Map.of("owner", "ops")),
                key(), VERSION);
        assertThat(ns.getCreatedAt()).as("nanoseconds since the epoch need 64 bits").isGreaterThan(Integer.MAX_VALUE);
        assertThat(api.getNamespace("shop", VERSION).getProperties()).containsEntry("owner", "ops");
        assertThat(api.listNamespaces(VERSION).getNamespaces()).extracting(Namespace::getName).contains("shop");

        // a table whose Arrow types need their parameters, sent and read back by the generated models
        Table created = api.createTable("shop", new CreateTableRequest().name("prices").schema(pricesSchema())
                .mergeKeys(List.of("id")), key(), null, VERSION);
        assertThat(created.getMergeKeys()).containsExactly("id");
        Table table = api.getTable("shop", "prices", null, VERSION);
        Map<String, ArrowType> types = typesByName(table.getSchema());
        assertThat(types.get("id").getBitWidth()).isEqualTo(64);
        assertThat(types.get("id").getIsSigned()).isTrue();
        assertThat(types.get("ts").getUnit()).isEqualTo("MICROSECOND");
        assertThat(types.get("ts").getTimezone()).isEqualTo("UTC");
        assertThat(types.get("price").getPrecision()).isEqualTo(10);
        assertThat(types.get("price").getScale()).isEqualTo(2);
        assertThat(types.get("price").getBitWidth()).isEqualTo(128);
        assertThat(table.getSchema().getFields().get(0).getMetadata()).extracting(ArrowKeyValue::getKey)
                .contains("deltacat.merge_key");
        assertThat(table.getCreatedAt()).isGreaterThan(Integer.MAX_VALUE);

        // a write: begin, a Parquet file in the staging folder, commit
        WriteSession session = api.beginWrite("shop", "prices", new BeginWriteRequest().mode("append")
                .schema(pricesSchema()), key(), null, VERSION);
        assertThat(session.getMode()).isEqualTo("append");
        assertThat(session.getExpiresAt()).isGreaterThan(Integer.MAX_VALUE);
        String fileName = "part-0.parquet";
        WrittenFile written = writeParquet(session, fileName);
        CommitResult commit = api.commitWrite(session.getWriteId(), new CommitRequest().commitId("c-1").files(List.of(
                new CommittedFile().path(fileName).format("parquet").rowCount(written.rowCount())
                        .sizeBytes(written.sizeBytes()))), key(), VERSION);
        assertThat(commit.getState()).isEqualTo("committed");
        assertThat(commit.getRowCount()).isEqualTo(3L);
        assertThat(commit.getCommitTime()).isGreaterThan(Integer.MAX_VALUE);
        assertThat(api.getWrite(session.getWriteId(), VERSION).getState()).isEqualTo("committed");

        // a plan: a predicate on the wire as JSON, statistics with 64-bit values
        ReadPlan plan = api.planRead("shop", "prices", new PlanRequest().columns(List.of("id", "price"))
                .filter(Map.of("ge", List.of("id", BIG))), null, VERSION);
        assertThat(plan.getFiles()).hasSize(1);
        PlannedFile file = plan.getFiles().get(0);
        assertThat(file.getRowCount()).isEqualTo(3L);
        assertThat(file.getSizeBytes()).isEqualTo(written.sizeBytes());
        assertThat(file.getStreamPosition()).isPositive();
        ColumnStats idStats = file.getColumns().get("id");
        assertThat(((Number) idStats.getMax()).longValue()).isEqualTo(BIG + 2);
        assertThat(plan.getSnapshotTime()).isEqualTo(commit.getCommitTime());
        assertThat(api.planRead("shop", "prices", new PlanRequest().filter(Map.of("gt", List.of("id", BIG + 2))),
                null, VERSION).getFiles()).as("pruned by the statistics").isEmpty();

        // a job: submit, claim, progress, complete with a 64-bit record count
        Job submitted = api.submitJob(new SubmitJobRequest().type("custom").workerTags(List.of("gen")).maxAttempts(2),
                key(), VERSION);
        assertThat(submitted.getState()).isEqualTo("pending");
        ClaimedJob claimed = api.claimJob(new ClaimRequest().workerTags(List.of("gen")).workerId("w-1"), key(), VERSION);
        assertThat(claimed.getJob().getId()).isEqualTo(submitted.getId());
        long token = claimed.getLease().getFencingToken();
        Lease lease = api.emitJobEvent(submitted.getId(), new JobEventRequest().fencingToken(token).name("progress")
                .completed(BIG).expected(BIG * 2).metadata(Map.of("file", "a")), key(), VERSION);
        assertThat(lease.getDeadline()).isGreaterThan(Integer.MAX_VALUE);
        Job done = api.completeJob(submitted.getId(), new CompleteJobRequest().fencingToken(token)
                .recordsProcessed(BIG).watermark(Map.of("position", BIG)), key(), VERSION);
        assertThat(done.getState()).isEqualTo("succeeded");
        assertThat(done.getRecordsProcessed()).isEqualTo(BIG);
        assertThat(api.listJobEvents(submitted.getId(), VERSION).getEvents())
                .anySatisfy(e -> assertThat(e.getCompleted()).isEqualTo(BIG));
        assertThat(api.claimJob(new ClaimRequest().workerTags(List.of("gen")), key(), VERSION))
                .as("204: nothing left to claim").isNull();

        // a transaction: a table created inside it is visible only there until the commit
        Transaction tx = api.beginTransaction(new BeginTransactionRequest().message("generated").ttlMs(30_000), key(),
                VERSION);
        assertThat(tx.getState()).isEqualTo("open");
        api.createTable("shop", new CreateTableRequest().name("audit").schema(pricesSchema()), key(),
                tx.getTransactionId(), VERSION);
        assertThat(api.listTables("shop", null, VERSION).getTables()).extracting(Table::getName)
                .doesNotContain("audit");
        Transaction committed = api.commitTransaction(tx.getTransactionId(), key(), VERSION);
        assertThat(committed.getState()).isEqualTo("committed");
        assertThat(committed.getCommitTime()).isGreaterThan(Integer.MAX_VALUE);
        assertThat(api.getTransaction(tx.getTransactionId(), VERSION).getState()).isEqualTo("committed");
        assertThat(api.listTables("shop", null, VERSION).getTables()).extracting(Table::getName).contains("audit");

        // a node: a subscription on the table, paused and resumed with the empty request body, triggered
        Node node = api.createNode(new CreateNodeRequest().id("watcher").name("Price watcher").kind("subscription")
                .sourceTables(List.of(new TableRef().namespace("shop").table("prices")))
                .trigger(new Trigger().kind("event")), key(), VERSION);
        assertThat(node.getKind()).isEqualTo("subscription");
        assertThat(node.getWatermark()).singleElement().satisfies(p -> assertThat(p.getPosition()).isZero());
        assertThat(api.pauseNode("watcher", key(), VERSION, Map.of()).getPaused()).isTrue();
        assertThat(api.resumeNode("watcher", key(), VERSION, null).getPaused()).isFalse();
        Job run = api.triggerNode("watcher", key(), VERSION, Map.of());
        assertThat(run.getContext()).containsEntry("nodeId", "watcher");
        assertThat(api.listNodes("subscription", VERSION).getNodes()).extracting(Node::getId).contains("watcher");

        // typed errors: problem details, parsed by the generated model
        Problem missing = problem(() -> api.getNamespace("nowhere", VERSION), 404);
        assertThat(missing.getType()).isEqualTo("urn:deltacat:problem:not-found");
        Problem duplicate = problem(() -> api.createNamespace(new CreateNamespaceRequest().name("shop"), key(), VERSION),
                409);
        assertThat(duplicate.getType()).isEqualTo("urn:deltacat:problem:already-exists");
        Problem untyped = problem(() -> api.createTable("shop", new CreateTableRequest().name("bad").schema(
                new ArrowSchema().fields(List.of(field("n", new ArrowType().name("int"))))), key(), null, VERSION), 400);
        assertThat(untyped.getType()).isEqualTo("urn:deltacat:problem:invalid-request");
        assertThat(untyped.getDetail()).contains("bitWidth");
        // the declared client-version header is sent, and a version below the minimum refused naming both
        Problem old = problem(() -> api.listNamespaces("0.0.1"), 400);
        assertThat(old.getDetail()).contains("0.0.1").contains(VERSION);
    }

    @Test
    void valuesANewerServerMaySendDoNotBreakTheGeneratedModels() throws Exception {
        ObjectMapper mapper = apiClient.getObjectMapper();
        Job job = mapper.readValue("{\"id\":\"j\",\"type\":\"custom\",\"state\":\"quarantined\",\"context\":{},"
                + "\"workerTags\":[],\"attempt\":1,\"maxAttempts\":3,\"leaseMillis\":60000,\"fencingToken\":"
                + BIG + ",\"createdAt\":1,\"availableAt\":1,\"recordsProcessed\":" + BIG + ",\"updatedAt\":1,"
                + "\"someNewField\":true}", Job.class);
        assertThat(job.getState()).isEqualTo("quarantined");
        assertThat(job.getFencingToken()).isEqualTo(BIG);
        ArrowType future = mapper.readValue("{\"name\":\"float8e4\",\"bitWidth\":8,\"exponentBits\":4}",
                ArrowType.class);
        assertThat(future.getName()).isEqualTo("float8e4");
        assertThat(future.getBitWidth()).isEqualTo(8);
        ArrowType floating = mapper.readValue("{\"name\":\"floatingpoint\",\"precision\":\"DOUBLE\"}", ArrowType.class);
        assertThat(floating.getPrecision()).isEqualTo("DOUBLE");
        assertThat(mapper.writeValueAsString(new ArrowType().name("decimal").precision(38).scale(-2)))
                .contains("\"precision\":38").contains("\"scale\":-2");
    }

    private static Map<String, ArrowType> typesByName(ArrowSchema schema) {
        return schema.getFields().stream().collect(java.util.stream.Collectors.toMap(ArrowField::getName,
                ArrowField::getType));
    }

    /** Three rows with ids above 32 bits, written with the server's own Parquet provider into the staging folder. */
    private static WrittenFile writeParquet(WriteSession session, String fileName) {
        Schema schema = new Schema(List.of(
                Field.nullable("id", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)),
                Field.nullable("ts", new org.apache.arrow.vector.types.pojo.ArrowType.Timestamp(TimeUnit.MICROSECOND,
                        "UTC")),
                Field.nullable("price", new org.apache.arrow.vector.types.pojo.ArrowType.Decimal(10, 2, 128)),
                Field.nullable("label", org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE)));
        String uri = session.getStagingUri() + fileName;
        try (RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
             FormatWriter writer = Formats.require("parquet").openWriter(Storages.forUri(uri, Map.of()).outputFile(uri),
                     schema, Map.of(), allocator)) {
            BigIntVector id = (BigIntVector) root.getVector("id");
            TimeStampMicroTZVector ts = (TimeStampMicroTZVector) root.getVector("ts");
            DecimalVector price = (DecimalVector) root.getVector("price");
            VarCharVector label = (VarCharVector) root.getVector("label");
            for (int i = 0; i < 3; i++) {
                id.setSafe(i, BIG + i);
                ts.setSafe(i, 1_700_000_000_000_000L + i);
                price.setSafe(i, new BigDecimal("12.3" + i));
                label.setSafe(i, ("item-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            root.setRowCount(3);
            writer.write(root);
            return writer.finish();
        }
    }

    @FunctionalInterface
    private interface Call {
        void run() throws ApiException;
    }

    /** The call's failure as the generated Problem model, after checking its status and content type. */
    private Problem problem(Call call, int status) throws Exception {
        ApiException e = catchThrowableOfType(ApiException.class, call::run);
        assertThat(e).as("the call fails").isNotNull();
        assertThat(e.getCode()).isEqualTo(status);
        assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        Problem p = apiClient.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
        assertThat(p.getStatus()).isEqualTo(status);
        return p;
    }
}
