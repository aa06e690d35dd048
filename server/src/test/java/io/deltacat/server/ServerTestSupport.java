package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.Storages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts an embedded server on an ephemeral port per test and talks real HTTP to it. */
abstract class ServerTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            Field.nullable("name", ArrowType.Utf8.INSTANCE)));

    @TempDir
    Path root;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    DeltacatServer server;
    String token;

    DeltacatServer start() {
        return start(b -> { });
    }

    DeltacatServer start(Consumer<DeltacatServer.Builder> customize) {
        DeltacatServer.Builder b = DeltacatServer.builder().root(root).port(0).clock(clock);
        customize.accept(b);
        server = b.build().start();
        return server;
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    record Resp(int status, String contentType, String raw, JsonNode body) {
        String text(String field) {
            return body.get(field).asText();
        }
    }

    Resp get(String path) {
        return send("GET", path, null, null);
    }

    Resp post(String path, Object body) {
        return send("POST", path, body, null);
    }

    Resp delete(String path) {
        return send("DELETE", path, null, null);
    }

    Resp send(String method, String path, Object body, String idempotencyKey) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .timeout(Duration.ofSeconds(30))
                .header("DeltaCAT-Client-Version", "0.1.0");
        if (token != null) {
            rb.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            rb.header("Idempotency-Key", idempotencyKey);
        }
        String payload = body == null ? null : body instanceof String ? (String) body : body.toString();
        if (payload != null) {
            rb.header("Content-Type", "application/json");
            rb.method(method, HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String ct = r.headers().firstValue("Content-Type").orElse("");
            JsonNode node = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Resp(r.statusCode(), ct, r.body(), node);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts a problem+json answer of a status and type, whose detail contains every fragment. */
    static void assertProblem(Resp r, int status, String type, String... detailFragments) {
        assertThat(r.status()).as("status of %s", r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.text("type")).isEqualTo("urn:deltacat:problem:" + type);
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        assertThat(r.body().has("title")).isTrue();
        for (String f : detailFragments) {
            assertThat(r.text("detail")).contains(f);
        }
    }

    static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    static JsonNode schemaJson(Schema schema) {
        try {
            return JSON.readTree(schema.toJson());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ObjectNode createTableBody(String name) {
        ObjectNode b = obj().put("name", name);
        b.set("schema", schemaJson(SCHEMA));
        return b;
    }

    static ObjectNode beginBody(String mode, Schema schema) {
        ObjectNode b = obj().put("mode", mode);
        b.set("schema", schemaJson(schema));
        return b;
    }

    /** Writes {@code size} bytes of junk into a write session's staging prefix (not a data file). */
    static Path stageJunk(Resp session, String fileName, int size) throws IOException {
        Path dir = Path.of(URI.create(session.text("stagingUri")));
        Files.createDirectories(dir);
        return Files.write(dir.resolve(fileName), new byte[size]);
    }

    /**
     * Writes a real Parquet file of {@link #SCHEMA} with ids {@code minId..maxId} (names "a".."z") into a
     * write session's staging prefix, as a client would; returns its size in bytes.
     */
    static long stage(Resp session, String fileName, long minId, long maxId) throws IOException {
        Path dir = Path.of(URI.create(session.text("stagingUri")));
        Files.createDirectories(dir);
        FormatProvider parquet = Formats.require("parquet");
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator);
             FormatWriter writer = parquet.openWriter(Storages.forUri(dir.toUri().toString(), java.util.Map.of())
                     .outputFile(dir.resolve(fileName).toUri().toString()), SCHEMA, java.util.Map.of(), allocator)) {
            BigIntVector ids = (BigIntVector) batch.getVector("id");
            VarCharVector names = (VarCharVector) batch.getVector("name");
            int rows = Math.toIntExact(maxId - minId + 1);
            ids.allocateNew(rows);
            names.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                ids.set(i, minId + i);
                names.setSafe(i, new byte[] {(byte) ('a' + (i == 0 ? 0 : i == rows - 1 ? 25 : i % 26))});
            }
            batch.setRowCount(rows);
            writer.write(batch);
            return writer.finish().sizeBytes();
        }
    }

    /** A committed-file entry with id stats [minId, maxId]. */
    static ObjectNode file(String name, long size, long rows, long minId, long maxId) {
        ObjectNode f = obj().put("path", name).put("format", "parquet").put("rowCount", rows).put("sizeBytes", size);
        ObjectNode cols = f.putObject("columns");
        cols.putObject("id").put("min", minId).put("max", maxId).put("nullCount", 0);
        cols.putObject("name").put("min", "a").put("max", "z").put("nullCount", 0);
        return f;
    }

    static ObjectNode commitBody(ObjectNode... files) {
        ObjectNode b = obj().put("commitId", UUID.randomUUID().toString());
        ArrayNode arr = b.putArray("files");
        for (ObjectNode f : files) {
            arr.add(f);
        }
        return b;
    }

    /** Begins an auto write to default.{table}, stages files with the given id ranges and commits them. */
    Resp writeFiles(String table, long[]... idRanges) throws IOException {
        Resp session = post("/v1/namespaces/default/tables/" + table + "/writes", beginBody("auto", SCHEMA));
        assertThat(session.status()).as(session.raw()).isEqualTo(201);
        ObjectNode[] files = new ObjectNode[idRanges.length];
        for (int i = 0; i < idRanges.length; i++) {
            String name = "part-" + i + ".parquet";
            long size = stage(session, name, idRanges[i][0], idRanges[i][1]);
            files[i] = file(name, size, idRanges[i][1] - idRanges[i][0] + 1, idRanges[i][0], idRanges[i][1]);
        }
        Resp commit = post("/v1/writes/" + session.text("writeId") + "/commit", commitBody(files));
        assertThat(commit.status()).as(commit.raw()).isEqualTo(200);
        return commit;
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
