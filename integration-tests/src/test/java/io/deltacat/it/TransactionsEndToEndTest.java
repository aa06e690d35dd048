package io.deltacat.it;

import static io.deltacat.it.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.TransactionResult;
import io.deltacat.api.model.WriteResult;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-table transactions over loopback HTTP: atomicity, isolation, expiry, conflicts. */
class TransactionsEndToEndTest {
    @TempDir
    Path dir;
    private Fixture fx;
    private CatalogClient catalog;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        catalog = fx.client.catalog();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private void write(CatalogClient c, String table, long start, int n) {
        try (VectorSchemaRoot cats = Cats.generated(fx.allocator, start, n)) {
            c.write(cats, w -> w.table(table));
        }
    }

    private List<Object> ids(CatalogClient c, String table) {
        return Rows.of(c.readAll(q -> q.table(table).columns("id"))).stream().map(r -> r.get(0)).sorted().toList();
    }

    private List<Object> idsAsOf(String table, long asOf) {
        return Rows.of(catalog.readAll(q -> q.table(table).columns("id").asOf(asOf))).stream().map(r -> r.get(0))
                .sorted().toList();
    }

    private static List<Object> range(long from, int n) {
        List<Object> out = new ArrayList<>();
        for (long i = from; i < from + n; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void changesToSeveralTablesAreInvisibleUntilCommitThenAllAppearAtOneCommitTime() {
        write(catalog, "users", 1, 3);
        write(catalog, "old", 100, 2);
        long before;
        TransactionResult result;
        try (Transaction tx = fx.client.transaction("load")) {
            CatalogClient in = tx.catalog();
            write(in, "users", 4, 2);                  // append to an existing table
            write(in, "events", 10, 5);                // AUTO creates a new table
            write(in, "events", 15, 1);                // ... and appends to it, still inside
            in.createTable(t -> t.table("empty").schema(Cats.SCHEMA));
            in.dropTable("default", "old");

            // the transaction sees its own changes
            assertThat(ids(in, "users")).isEqualTo(range(1, 5));
            assertThat(ids(in, "events")).isEqualTo(range(10, 6));
            assertThat(in.getTable("default", "events").rowCount()).isEqualTo(6);
            assertThat(in.tableExists("default", "old")).isFalse();
            assertThat(in.listTables("default")).extracting(TableInfo::name)
                    .containsExactly("empty", "events", "users");

            // nobody else does
            assertThat(ids(catalog, "users")).isEqualTo(range(1, 3));
            assertThat(catalog.tableExists("default", "events")).isFalse();
            assertThat(catalog.tableExists("default", "empty")).isFalse();
            assertThat(ids(catalog, "old")).isEqualTo(range(100, 2));
            before = catalog.getTable("default", "users").latestCommitTime().orElseThrow();

            result = tx.commit();
            assertThat(tx.isOpen()).isFalse();
        }
        long at = result.commitTime();
        assertThat(at).isGreaterThan(before);
        assertThat(ids(catalog, "users")).isEqualTo(range(1, 5));
        assertThat(ids(catalog, "events")).isEqualTo(range(10, 6));
        assertThat(catalog.getTable("default", "empty").rowCount()).isZero();
        assertThat(catalog.tableExists("default", "old")).isFalse();
        assertThat(catalog.getTable("default", "users").latestCommitTime()).hasValue(at);
        assertThat(catalog.getTable("default", "events").latestCommitTime()).hasValue(at);
        assertThat(catalog.getTable("default", "events").createdAt()).isEqualTo(at);
        // asOf sees exactly one side of the commit
        assertThat(idsAsOf("users", at - 1)).isEqualTo(range(1, 3));
        assertThat(idsAsOf("users", at)).isEqualTo(range(1, 5));
        assertThatThrownBy(() -> idsAsOf("events", at - 1)).isInstanceOf(NotFoundException.class);
        assertThat(idsAsOf("events", at)).isEqualTo(range(10, 6));
    }

    @Test
    void closingWithoutCommitOrFailingInsideDiscardsEverythingAndItsStagedFiles() throws IOException {
        write(catalog, "users", 1, 3);
        long filesBefore = dataFiles();
        try (Transaction tx = fx.client.transaction("abandoned")) {
            write(tx.catalog(), "users", 4, 2);
            write(tx.catalog(), "fresh", 1, 2);
            assertThat(dataFiles()).isEqualTo(filesBefore + 2);
        }
        assertThatThrownBy(() -> {
            try (Transaction tx = fx.client.transaction("fails")) {
                write(tx.catalog(), "users", 6, 2);
                throw new IllegalStateException("the job broke");
            }
        }).isInstanceOf(IllegalStateException.class);
        assertThat(ids(catalog, "users")).isEqualTo(range(1, 3));
        assertThat(catalog.tableExists("default", "fresh")).isFalse();
        assertThat(dataFiles()).as("staged files of discarded transactions").isEqualTo(filesBefore);
    }

    @Test
    void aWriteCommittedInsideReportsPreparedAndAbortingAgainOrCommittingTwiceIsHandled() {
        Transaction tx = fx.client.transaction("twice");
        WriteResult w;
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            w = tx.catalog().write(cats, o -> o.table("cats"));
        }
        assertThat(w.commitTime()).isZero();
        assertThat(w.tableCreated()).isTrue();
        TransactionResult r = tx.commit();
        assertThat(catalog.getTable("default", "cats").latestCommitTime()).hasValue(r.commitTime());
        assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);
        tx.close(); // a committed transaction stays committed
        assertThat(ids(catalog, "cats")).isEqualTo(range(1, 3));
        assertThatThrownBy(() -> tx.catalog().getTable("default", "cats")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("committed");
    }

    @Test
    void readsWithAsOfInsideATransactionSeeExactlyTheCommittedState() {
        write(catalog, "users", 1, 3);
        long first = catalog.getTable("default", "users").latestCommitTime().orElseThrow();
        write(catalog, "users", 4, 1);
        try (Transaction tx = fx.client.transaction("time travel")) {
            write(tx.catalog(), "users", 10, 2);
            assertThat(Rows.of(tx.catalog().readAll(q -> q.table("users").columns("id").asOf(first))))
                    .extracting(r -> r.get(0)).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(ids(tx.catalog(), "users")).hasSize(6);
        }
    }

    @Test
    void namespacesAreNotTransactional() {
        try (Transaction tx = fx.client.transaction("ns")) {
            assertThatThrownBy(() -> tx.catalog().createNamespace("lab")).isInstanceOf(UnsupportedFeatureException.class)
                    .hasMessageContaining("not transactional");
            assertThatThrownBy(() -> tx.catalog().dropNamespace("default", true))
                    .isInstanceOf(UnsupportedFeatureException.class);
            // but a table in a new namespace can be created with autoCreateNamespace, at commit
            tx.catalog().createTable(t -> t.namespace("lab").table("mice").schema(Cats.SCHEMA).autoCreateNamespace(true));
            assertThat(catalog.namespaceExists("lab")).isFalse();
            tx.commit();
        }
        assertThat(catalog.tableExists("lab", "mice")).isTrue();
    }

    @Test
    void writingATableAnotherCommitDroppedConflictsAndAppliesNothing() {
        write(catalog, "users", 1, 3);
        write(catalog, "audit", 1, 1);
        Transaction tx = fx.client.transaction("late");
        write(tx.catalog(), "users", 4, 2);
        write(tx.catalog(), "audit", 2, 1);
        catalog.dropTable("default", "users");
        assertThatThrownBy(tx::commit).isInstanceOf(ConflictException.class).hasMessageContaining("dropped");
        assertThat(tx.isOpen()).isFalse();
        assertThat(ids(catalog, "audit")).as("nothing of the transaction is applied").isEqualTo(range(1, 1));
        tx.close();
    }

    @Test
    void droppingATableAnotherCommitWroteConflicts() {
        write(catalog, "users", 1, 3);
        Transaction tx = fx.client.transaction("drop");
        tx.catalog().dropTable("default", "users");
        write(catalog, "users", 4, 1);
        assertThatThrownBy(tx::commit).isInstanceOf(ConflictException.class).hasMessageContaining("written");
        assertThat(ids(catalog, "users")).isEqualTo(range(1, 4));
    }

    @Test
    void ofTwoTransactionsCreatingOneTableOnlyTheFirstCommits() {
        Transaction a = fx.client.transaction("a");
        Transaction b = fx.client.transaction("b");
        write(a.catalog(), "shared", 1, 2);
        b.catalog().createTable(t -> t.table("shared").schema(Cats.SCHEMA));
        assertThatThrownBy(() -> b.catalog().createTable(t -> t.table("shared").schema(Cats.SCHEMA)))
                .isInstanceOf(AlreadyExistsException.class);
        a.commit();
        assertThatThrownBy(b::commit).isInstanceOf(ConflictException.class).hasMessageContaining("created by another");
        assertThat(ids(catalog, "shared")).isEqualTo(range(1, 2));
    }

    private void replace(CatalogClient c, String table, long start, int n) {
        try (VectorSchemaRoot cats = Cats.generated(fx.allocator, start, n)) {
            c.write(cats, w -> w.table(table).mode(io.deltacat.api.model.WriteMode.REPLACE));
        }
    }

    @Test
    void ofTwoTransactionsReplacingOneTableOnlyTheFirstCommits() {
        write(catalog, "users", 1, 3);
        Transaction a = fx.client.transaction("a");
        Transaction b = fx.client.transaction("b");
        replace(a.catalog(), "users", 10, 2);
        replace(b.catalog(), "users", 20, 2);
        assertThat(ids(a.catalog(), "users")).as("a replace hides the old rows inside").isEqualTo(range(10, 2));
        assertThat(ids(catalog, "users")).isEqualTo(range(1, 3));
        a.commit();
        assertThatThrownBy(b::commit).isInstanceOf(ConflictException.class).hasMessageContaining("written");
        assertThat(ids(catalog, "users")).isEqualTo(range(10, 2));
    }

    @Test
    void mergesAndDeletesInsideATransactionAreReconciledInItsReadsAndAppliedAtCommit() {
        catalog.createTable(t -> t.table("cats").schema(Cats.SCHEMA).mergeKeys("id"));
        write(catalog, "cats", 1, 3);
        try (Transaction tx = fx.client.transaction("enrich")) {
            try (VectorSchemaRoot update = Cats.of(fx.allocator, new long[] {1, 4}, new String[] {"One", "Four"},
                    new Long[] {11L, 14L})) {
                tx.catalog().write(update, w -> w.table("cats").mode(io.deltacat.api.model.WriteMode.MERGE));
            }
            try (VectorSchemaRoot gone = Cats.of(fx.allocator, new long[] {2}, new String[] {null},
                    new Long[] {null})) {
                tx.catalog().write(gone, w -> w.table("cats").mode(io.deltacat.api.model.WriteMode.DELETE));
            }
            assertThat(Rows.of(tx.catalog().readAll(q -> q.table("cats").columns("id", "name"))))
                    .containsExactlyInAnyOrder(row(1L, "One"), row(3L, "cat-3"), row(4L, "Four"));
            assertThat(ids(catalog, "cats")).isEqualTo(range(1, 3));
            tx.commit();
        }
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").columns("id", "name"))))
                .containsExactlyInAnyOrder(row(1L, "One"), row(3L, "cat-3"), row(4L, "Four"));
    }

    @Test
    void aPartitionedTableWrittenInsideATransactionIsLaidOutAndPrunedForItsReads() {
        catalog.createTable(t -> t.table("cats").schema(Cats.SCHEMA)
                .partitionBy(io.deltacat.api.model.PartitionKey.identity("age")));
        try (Transaction tx = fx.client.transaction("partitioned")) {
            write(tx.catalog(), "cats", 1, 40);   // ages 0..19 and nulls: one file per age
            io.deltacat.api.model.ReadPlan all = tx.catalog().plan(q -> q.table("cats"));
            io.deltacat.api.model.ReadPlan one = tx.catalog().plan(q -> q.table("cats")
                    .filter(io.deltacat.api.expr.Predicate.eq("age", 7L)));
            assertThat(all.files().size()).isGreaterThan(10);
            assertThat(one.files()).hasSize(1);
            assertThat(Rows.of(tx.catalog().readAll(q -> q.table("cats").columns("id")
                    .filter(io.deltacat.api.expr.Predicate.eq("age", 7L))))).containsExactlyInAnyOrder(row(7L), row(27L));
            assertThat(catalog.plan(q -> q.table("cats")).files()).isEmpty();
            tx.commit();
        }
        assertThat(catalog.plan(q -> q.table("cats").filter(io.deltacat.api.expr.Predicate.eq("age", 7L))).files())
                .hasSize(1);
        assertThat(ids(catalog, "cats")).isEqualTo(range(1, 40));
    }

    private static final org.apache.arrow.vector.types.pojo.Field COLOR = org.apache.arrow.vector.types.pojo.Field
            .nullable("color", org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE);

    /** One row of the evolved cats schema: id, nick (renamed from name), age, color (added). */
    private VectorSchemaRoot evolvedCat(long id, String nick, String color) {
        org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                Cats.SCHEMA.getFields().get(0),
                org.apache.arrow.vector.types.pojo.Field.nullable("nick",
                        org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE),
                Cats.SCHEMA.getFields().get(2), COLOR));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, fx.allocator);
        root.allocateNew();
        ((org.apache.arrow.vector.BigIntVector) root.getVector("id")).setSafe(0, id);
        ((org.apache.arrow.vector.VarCharVector) root.getVector("nick")).setSafe(0,
                nick.getBytes(StandardCharsets.UTF_8));
        ((org.apache.arrow.vector.BigIntVector) root.getVector("age")).setNull(0);
        ((org.apache.arrow.vector.VarCharVector) root.getVector("color")).setSafe(0,
                color.getBytes(StandardCharsets.UTF_8));
        root.setRowCount(1);
        return root;
    }

    @Test
    void anAlterInsideATransactionIsSeenByItsReadsAndWritesAndByOthersAtCommit() {
        write(catalog, "cats", 1, 2);
        long before = catalog.getTable("default", "cats").latestCommitTime().orElseThrow();
        TransactionResult result;
        try (Transaction tx = fx.client.transaction("evolve")) {
            TableInfo altered = tx.catalog().alterTable(a -> a.table("cats").renameField("name", "nick")
                    .addField(COLOR));
            assertThat(altered.schema().getFields()).extracting(f -> f.getName())
                    .containsExactly("id", "nick", "age", "color");
            try (VectorSchemaRoot row = evolvedCat(3, "Tom", "grey")) {
                tx.catalog().write(row, w -> w.table("cats"));
            }
            // the transaction reads old files under its new schema, and its own row
            assertThat(Rows.of(tx.catalog().readAll(q -> q.table("cats").columns("id", "nick", "color"))))
                    .containsExactlyInAnyOrder(row(1L, "cat-1", null), row(2L, "cat-2", null), row(3L, "Tom", "grey"));
            // nobody else sees the change
            assertThat(catalog.getTable("default", "cats").schema().getFields()).extracting(f -> f.getName())
                    .containsExactly("id", "name", "age");
            assertThat(ids(catalog, "cats")).isEqualTo(range(1, 2));
            result = tx.commit();
        }
        assertThat(catalog.getTable("default", "cats").schema().getFields()).extracting(f -> f.getName())
                .containsExactly("id", "nick", "age", "color");
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").columns("id", "nick", "color"))))
                .containsExactlyInAnyOrder(row(1L, "cat-1", null), row(2L, "cat-2", null), row(3L, "Tom", "grey"));
        // time travel to before the transaction: the old schema and rows
        assertThat(Rows.of(catalog.readAll(q -> q.table("cats").asOf(before))).size()).isEqualTo(2);
        assertThat(catalog.plan(q -> q.table("cats").asOf(result.commitTime() - 1)).schema().getFields())
                .extracting(f -> f.getName()).containsExactly("id", "name", "age");
    }

    @Test
    void anAlterConflictsWithASchemaChangeCommittedMeanwhileAndATableCreatedInsideIsNotAltered() {
        write(catalog, "cats", 1, 2);
        Transaction tx = fx.client.transaction("late alter");
        tx.catalog().alterTable(a -> a.table("cats").addField(COLOR));
        catalog.alterTable(a -> a.table("cats").renameField("name", "nick"));
        assertThatThrownBy(tx::commit).isInstanceOf(ConflictException.class).hasMessageContaining("schema");
        assertThat(catalog.getTable("default", "cats").schema().getFields()).extracting(f -> f.getName())
                .containsExactly("id", "nick", "age");
        try (Transaction other = fx.client.transaction("create then alter")) {
            other.catalog().createTable(t -> t.table("fresh").schema(Cats.SCHEMA));
            assertThatThrownBy(() -> other.catalog().alterTable(a -> a.table("fresh").addField(COLOR)))
                    .isInstanceOf(io.deltacat.api.error.InvalidRequestException.class)
                    .hasMessageContaining("created in this transaction");
        }
    }

    @Test
    void aTableWithReadOptimizationMaxWrittenInATransactionIsCompactedAfterTheCommit() {
        catalog.createTable(t -> t.table("fast").schema(Cats.SCHEMA).mergeKeys("id")
                .property("read_optimization_level", "max"));
        write(catalog, "fast", 1, 3);
        try (Transaction tx = fx.client.transaction("upserts")) {
            write(tx.catalog(), "fast", 2, 3);
            write(tx.catalog(), "fast", 4, 2);
            assertThat(tx.catalog().plan(q -> q.table("fast")).files()).extracting(f -> f.deltaType())
                    .contains("upsert");
            tx.commit();
        }
        assertThat(catalog.plan(q -> q.table("fast")).files()).extracting(f -> f.deltaType())
                .containsOnly("compacted");
        assertThat(ids(catalog, "fast")).isEqualTo(range(1, 5));
    }

    @Test
    void concurrentTransactionsAppendingToOneTableAllCommit() throws Exception {
        write(catalog, "events", 0, 1);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long start = 1000L * (t + 1);
                Callable<Long> job = () -> {
                    try (Transaction tx = fx.client.transaction("appender " + start)) {
                        write(tx.catalog(), "events", start, 10);
                        write(tx.catalog(), "events", start + 10, 10);
                        return tx.commit().commitTime();
                    }
                };
                done.add(pool.submit(job));
            }
            List<Long> times = new ArrayList<>();
            for (Future<Long> f : done) {
                times.add(f.get());
            }
            assertThat(times).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids(catalog, "events")).hasSize(1 + threads * 20).doesNotHaveDuplicates();
    }

    @Test
    void concurrentDropAndWritesFromSeveralThreadsNeverBothCommit() throws Exception {
        for (int round = 0; round < 5; round++) {
            String table = "t" + round;
            write(catalog, table, 0, 1);
            Transaction dropper = fx.client.transaction("dropper");
            Transaction writer = fx.client.transaction("writer");
            dropper.catalog().dropTable("default", table);
            write(writer.catalog(), table, 1, 1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> d = pool.submit(() -> commits(dropper));
                Future<Boolean> w = pool.submit(() -> commits(writer));
                boolean dropped = d.get();
                boolean wrote = w.get();
                assertThat(dropped ^ wrote).as("exactly one of drop and write commits (round %d)", round).isTrue();
                assertThat(catalog.tableExists("default", table)).isEqualTo(wrote);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static boolean commits(Transaction tx) {
        try (tx) {
            tx.commit();
            return true;
        } catch (ConflictException e) {
            return false;
        }
    }

    @Test
    void heartbeatsKeepATransactionAliveAndATransactionWithoutThemExpires() throws Exception {
        write(catalog, "users", 1, 3);
        try (Transaction alive = fx.client.transaction(t -> t.message("alive").timeToLive(Duration.ofMillis(600)))) {
            write(alive.catalog(), "users", 4, 1);
            Thread.sleep(1500); // well past the time to live: only heartbeats keep it open
            fx.server.runMaintenance();
            assertThat(alive.isOpen()).isTrue();
            alive.commit();
        }
        assertThat(ids(catalog, "users")).isEqualTo(range(1, 4));
    }

    @Test
    void aClientKilledMidTransactionLeavesNothingAndItsStagedDataIsCleaned() throws Exception {
        write(catalog, "users", 1, 3);
        long filesBefore = dataFiles();
        Process child = startHolder("users", 1000);
        try {
            String txId = awaitStaged(child);
            assertThat(dataFiles()).isEqualTo(filesBefore + 1);
            Thread.sleep(1500); // past the time to live: the child's heartbeats keep it open
            fx.server.runMaintenance();
            assertThat(transactionState(txId)).isEqualTo("open");

            child.destroyForcibly().waitFor();
            fx.clock.advance(Duration.ofSeconds(5));
            fx.server.runMaintenance();
            assertThat(transactionState(txId)).isEqualTo("expired");
            assertThat(dataFiles()).as("the killed client's staged files are deleted").isEqualTo(filesBefore);
            assertThat(ids(catalog, "users")).isEqualTo(range(1, 3));
        } finally {
            child.destroyForcibly();
        }
    }

    private Process startHolder(String table, long ttlMs) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=org.apache.arrow.memory.core",
                "--module-path", modulePath(),
                // what surefire kept off the module path (libraries only automatic modules read)
                "--class-path", System.getProperty("java.class.path"),
                "--module", "io.deltacat.it/io.deltacat.it.TransactionHolder",
                fx.server.uri().toString(), table, Long.toString(ttlMs)));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** This JVM's module path: the test runs on it, so the child finds the same modules. */
    private static String modulePath() {
        String path = System.getProperty("jdk.module.path");
        assertThat(path).as("the tests run on the module path").isNotBlank();
        return String.join(File.pathSeparator, Stream.of(path.split(File.pathSeparator))
                .filter(p -> !p.endsWith("test-classes")).toList());
    }

    private static String awaitStaged(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("transaction ") && line.endsWith(" staged")) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return line.split(" ")[1];
            }
        }
        throw new AssertionError("the client process ended before staging:\n" + seen);
    }

    private String transactionState(String id) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                fx.server.uri().resolve("/v1/transactions/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("state").asText();
    }

    /** Data files under the root's table folders (committed and staged alike). */
    private long dataFiles() throws IOException {
        return fx.dataFiles().stream().filter(u -> u.contains("/data/")
                && (fx.dataUri == null || u.substring(fx.dataUri.length()).contains("/data/"))).count();
    }
}
