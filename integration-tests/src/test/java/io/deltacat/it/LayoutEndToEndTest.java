package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.DataFile;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.ReadPlan;
import io.deltacat.api.model.SortKey;
import io.deltacat.api.model.TableInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partition and sort schemes end to end: files laid out per partition value, plans pruned by the
 * predicate on source columns (fewer files, same rows), every file sorted by the sort keys.
 */
class LayoutEndToEndTest {
    static final int ROWS = 240;

    @TempDir
    Path dir;
    Fixture fx;
    CatalogClient catalog;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        catalog = fx.client.catalog();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private TableInfo create(String table, List<PartitionKey> partition, List<SortKey> sort) {
        TableInfo t = catalog.createTable(c -> c.table(table).schema(Events.SCHEMA).partitionBy(partition).sortBy(sort));
        // two writes, so every partition value has files from both
        write(table, 0, ROWS / 2);
        write(table, ROWS / 2, ROWS);
        return t;
    }

    private void write(String table, long from, long to) {
        try (VectorSchemaRoot rows = Events.rows(fx.allocator, from, to)) {
            catalog.write(rows, w -> w.table(table));
        }
    }

    private Set<Long> ids(String table, Predicate filter) {
        Set<Long> out = new HashSet<>();
        for (List<Object> row : Rows.of(catalog.readAll(q -> q.table(table).columns("id").filter(filter)))) {
            out.add((Long) row.get(0));
        }
        return out;
    }

    private static Set<Long> expected(LongPredicate p) {
        Set<Long> out = new HashSet<>();
        LongStream.range(0, ROWS).filter(p).forEach(out::add);
        return out;
    }

    /** Checks the plan prunes to fewer files than the table has and the read returns exactly the matching rows. */
    private ReadPlan checkPruned(String table, Predicate filter, LongPredicate expected) {
        ReadPlan all = catalog.plan(q -> q.table(table));
        ReadPlan plan = catalog.plan(q -> q.table(table).filter(filter));
        assertThat(plan.files().size()).as("files planned for %s", filter).isLessThan(all.files().size());
        assertThat(ids(table, filter)).as("rows for %s", filter).isEqualTo(expected(expected)).isNotEmpty();
        return plan;
    }

    /** Every planned file holds only rows of its declared partition values. */
    private void checkLayout(String table) {
        TableInfo t = catalog.getTable("default", table);
        ReadPlan plan = catalog.plan(q -> q.table(table));
        Map<List<Object>, Integer> filesPerValue = new java.util.HashMap<>();
        long rows = 0;
        for (DataFile f : plan.files()) {
            assertThat(f.partitionValues()).hasSize(t.partitionKeys().size());
            filesPerValue.merge(f.partitionValues(), 1, Integer::sum);
            for (Map<String, Object> row : Events.readFile(f, fx.allocator)) {
                rows++;
                for (int k = 0; k < t.partitionKeys().size(); k++) {
                    PartitionKey key = t.partitionKeys().get(k);
                    Object v = key.apply(t.schema().findField(key.column()).getType(), row.get(key.column()));
                    assertThat(v).as("%s of row %s in %s", key, row, f.uri()).isEqualTo(f.partitionValues().get(k));
                }
            }
        }
        assertThat(rows).isEqualTo(ROWS);
        // one write makes one file per partition value it has (small data): at most two per value here
        assertThat(filesPerValue.values()).allSatisfy(n -> assertThat(n).isBetween(1, 2));
        assertThat(filesPerValue.size()).isGreaterThan(1);
    }

    @Test
    void identityPartitionsByValueAndPrunes() {
        TableInfo t = create("by_region", List.of(PartitionKey.identity("region")), List.of());
        assertThat(t.partitionKeys()).containsExactly(PartitionKey.identity("region"));
        assertThat(catalog.getTable("default", "by_region").partitionKeys()).containsExactly(PartitionKey.identity("region"));
        checkLayout("by_region");
        ReadPlan plan = checkPruned("by_region", Predicate.eq("region", "eu"), i -> "eu".equals(Events.region(i)));
        assertThat(plan.files()).hasSize(2).allSatisfy(f -> assertThat(f.partitionValues()).containsExactly("eu"));
        checkPruned("by_region", Predicate.in("region", "us", "ap"), i -> "us".equals(Events.region(i)) || "ap".equals(Events.region(i)));
        checkPruned("by_region", Predicate.isNull("region"), i -> Events.region(i) == null);
        checkPruned("by_region", Predicate.and(Predicate.ge("region", "f"), Predicate.gt("id", 3)),
                i -> Events.region(i) != null && Events.region(i).compareTo("f") >= 0 && i > 3);
        // a predicate on another column plans every file and still returns the right rows
        assertThat(catalog.plan(q -> q.table("by_region").filter(Predicate.eq("n", 3))).files()).hasSize(8);
    }

    @Test
    void bucketPartitionsByHashAndPrunesEquality() {
        create("by_bucket", List.of(PartitionKey.bucket("id", 4)), List.of());
        checkLayout("by_bucket");
        ReadPlan plan = checkPruned("by_bucket", Predicate.eq("id", 77L), i -> i == 77);
        // the second write's file of that bucket is pruned by its id statistics
        assertThat(plan.files()).hasSize(1).allSatisfy(f -> assertThat(f.partitionValues())
                .containsExactly(PartitionKey.bucket("id", 4).apply(Events.SCHEMA.findField("id").getType(), 77L)));
        checkPruned("by_bucket", Predicate.in("id", 5L, 6L), i -> i == 5 || i == 6);
    }

    @Test
    void truncatePartitionsIntegersAndStrings() {
        create("by_trunc", List.of(PartitionKey.truncate("n", 10), PartitionKey.truncate("region", 1)), List.of());
        checkLayout("by_trunc");
        // integer truncation prunes ranges; the -20..29 values fall in 5 bins of 10
        checkPruned("by_trunc", Predicate.lt("n", -10), i -> Events.n(i) < -10);
        checkPruned("by_trunc", Predicate.between("n", 0, 9), i -> Events.n(i) >= 0 && Events.n(i) <= 9);
        // string truncation prunes equality
        checkPruned("by_trunc", Predicate.eq("region", "us"), i -> "us".equals(Events.region(i)));
    }

    @Test
    void timePartitionsByDayHourMonthYear() {
        create("by_day", List.of(PartitionKey.day("ts")), List.of());
        checkLayout("by_day");
        long day3 = Events.BASE_MICROS + 3 * 86_400_000_000L;
        checkPruned("by_day", Predicate.ge("ts", Instant.ofEpochSecond(day3 / 1_000_000)),
                i -> Events.ts(i) >= day3);
        checkPruned("by_day", Predicate.eq("ts", Instant.ofEpochSecond(Events.ts(30) / 1_000_000)), i -> i == 30);

        create("by_hour", List.of(PartitionKey.hour("ts")), List.of());
        checkPruned("by_hour", Predicate.lt("ts", Instant.ofEpochSecond(Events.ts(5) / 1_000_000)), i -> i < 5);

        create("by_month", List.of(PartitionKey.month("day")), List.of());
        checkLayout("by_month");
        checkPruned("by_month", Predicate.ge("day", LocalDate.of(2027, 1, 1)),
                i -> Events.day(i) >= LocalDate.of(2027, 1, 1).toEpochDay());

        create("by_year", List.of(PartitionKey.year("day"), PartitionKey.identity("region")), List.of());
        checkLayout("by_year");
        checkPruned("by_year", Predicate.and(Predicate.lt("day", LocalDate.of(2025, 1, 1)), Predicate.eq("region", "ap")),
                i -> Events.day(i) < LocalDate.of(2025, 1, 1).toEpochDay() && "ap".equals(Events.region(i)));
    }

    @Test
    void everyFileIsSortedByTheSortKeys() {
        List<SortKey> sort = List.of(SortKey.asc("score").nullsFirst(), SortKey.desc("id"));
        create("sorted", List.of(PartitionKey.identity("region")), sort);
        assertThat(catalog.getTable("default", "sorted").sortKeys()).containsExactlyElementsOf(sort);
        checkSorted("sorted", sort);

        // descending with nulls last, on a string then an integer, unpartitioned
        List<SortKey> sort2 = List.of(SortKey.desc("region"), SortKey.asc("n"));
        create("sorted2", List.of(), sort2);
        assertThat(catalog.plan(q -> q.table("sorted2")).files()).hasSize(2);
        checkSorted("sorted2", sort2);
        // the rows are all there
        assertThat(ids("sorted2", Predicate.ge("id", 0))).isEqualTo(expected(i -> true));
    }

    private void checkSorted(String table, List<SortKey> sort) {
        for (DataFile f : catalog.plan(q -> q.table(table)).files()) {
            List<Map<String, Object>> rows = Events.readFile(f, fx.allocator);
            assertThat(rows).isNotEmpty();
            for (int r = 1; r < rows.size(); r++) {
                assertThat(compare(sort, rows.get(r - 1), rows.get(r))).as("rows %d and %d of %s: %s then %s", r - 1,
                        r, f.uri(), rows.get(r - 1), rows.get(r)).isLessThanOrEqualTo(0);
            }
            boolean hasNullsAndValues = rows.stream().anyMatch(m -> m.get(sort.get(0).column()) == null)
                    && rows.stream().anyMatch(m -> m.get(sort.get(0).column()) != null);
            if (hasNullsAndValues) {
                boolean firstIsNull = rows.get(0).get(sort.get(0).column()) == null;
                assertThat(firstIsNull).isEqualTo(sort.get(0).nulls() == SortKey.Nulls.FIRST);
            }
        }
    }

    /** An independent comparator: the expected order of two rows under the sort keys. */
    private static int compare(List<SortKey> keys, Map<String, Object> a, Map<String, Object> b) {
        for (SortKey k : keys) {
            Object x = a.get(k.column());
            Object y = b.get(k.column());
            int c;
            if (Objects.equals(x, y)) {
                c = 0;
            } else if (x == null) {
                c = k.nulls() == SortKey.Nulls.FIRST ? -1 : 1;
            } else if (y == null) {
                c = k.nulls() == SortKey.Nulls.FIRST ? 1 : -1;
            } else {
                c = Literals.compare(x, y) * (k.order() == SortKey.Order.DESCENDING ? -1 : 1);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Test
    void partitionsRollIntoSeveralFilesAtTheTargetSize() {
        catalog.createTable(c -> c.table("rolled").schema(Events.SCHEMA).partitionBy(PartitionKey.identity("region"))
                .sortBy(SortKey.asc("n"), SortKey.desc("id")));
        // small batches and a tiny target: every partition flushes several times, early flushes included
        for (long from = 0; from < ROWS; from += 20) {
            long start = from;
            try (VectorSchemaRoot rows = Events.rows(fx.allocator, start, start + 20)) {
                catalog.write(rows, w -> w.table("rolled").targetFileSizeBytes(1));
            }
        }
        try (VectorSchemaRoot rows = Events.rows(fx.allocator, ROWS, 2 * ROWS)) {
            catalog.write(rows, w -> w.table("rolled").targetFileSizeBytes(2048));
        }
        ReadPlan plan = catalog.plan(q -> q.table("rolled"));
        Map<List<Object>, Integer> filesPerValue = new java.util.HashMap<>();
        plan.files().forEach(f -> filesPerValue.merge(f.partitionValues(), 1, Integer::sum));
        assertThat(filesPerValue.keySet()).hasSize(4);
        assertThat(filesPerValue.values()).allSatisfy(n -> assertThat(n).isGreaterThan(12));
        checkSorted("rolled", List.of(SortKey.asc("n"), SortKey.desc("id")));
        long rows = 0;
        for (DataFile f : plan.files()) {
            for (Map<String, Object> row : Events.readFile(f, fx.allocator)) {
                assertThat(row.get("region")).isEqualTo(f.partitionValues().get(0));
                rows++;
            }
        }
        assertThat(rows).isEqualTo(2 * ROWS);
        assertThat(Rows.of(catalog.readAll(q -> q.table("rolled").columns("id")))).hasSize(2 * ROWS);
    }

    @Test
    void aWriteThatCreatesTheTableSetsItsLayout() {
        try (VectorSchemaRoot rows = Events.rows(fx.allocator, 0, ROWS)) {
            catalog.write(rows, w -> w.table("created").partitionBy(PartitionKey.identity("region"))
                    .sortBy(SortKey.asc("id")));
        }
        TableInfo t = catalog.getTable("default", "created");
        assertThat(t.partitionKeys()).containsExactly(PartitionKey.identity("region"));
        assertThat(t.sortKeys()).containsExactly(SortKey.asc("id"));
        assertThat(catalog.plan(q -> q.table("created")).files()).hasSize(4); // eu, us, ap, null
        // a later write to the existing table keeps the table's layout, whatever it asks for
        try (VectorSchemaRoot rows = Events.rows(fx.allocator, ROWS, ROWS + 30)) {
            catalog.write(rows, w -> w.table("created").partitionBy(PartitionKey.bucket("id", 2)));
        }
        assertThat(catalog.getTable("default", "created").partitionKeys()).containsExactly(PartitionKey.identity("region"));
        assertThat(catalog.plan(q -> q.table("created")).files()).hasSize(8);
    }

    @Test
    void invalidLayoutsAreRefusedWithClearErrors() {
        assertThatThrownBy(() -> catalog.createTable(c -> c.table("bad").schema(Events.SCHEMA)
                .partitionBy(PartitionKey.identity("nope"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unknown column 'nope'");
        assertThatThrownBy(() -> catalog.createTable(c -> c.table("bad").schema(Events.SCHEMA)
                .partitionBy(PartitionKey.hour("day"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("hour")
                .hasMessageContaining("'day'").hasMessageContaining("date");
        assertThatThrownBy(() -> catalog.createTable(c -> c.table("bad").schema(Events.SCHEMA)
                .partitionBy(PartitionKey.truncate("score", 2))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("truncate")
                .hasMessageContaining("float64");
        assertThatThrownBy(() -> catalog.createTable(c -> c.table("bad").schema(Events.SCHEMA)
                .sortBy(SortKey.asc("missing"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("unknown column 'missing'");
        assertThatThrownBy(() -> {
            try (VectorSchemaRoot rows = Events.rows(fx.allocator, 0, 10)) {
                catalog.write(rows, w -> w.table("bad").partitionBy(PartitionKey.year("n")));
            }
        }).isInstanceOf(InvalidRequestException.class).hasMessageContaining("year");
        assertThat(catalog.tableExists("default", "bad")).isFalse();
    }

    @Test
    void localFilesAreLaidOutToo() throws Exception {
        Path csv = dir.resolve("in.csv");
        java.nio.file.Files.writeString(csv, "id,region\n3,us\n1,eu\n2,us\n5,eu\n4,ap\n");
        catalog.write(List.of(csv), w -> w.table("from_csv").partitionBy(PartitionKey.identity("region"))
                .sortBy(SortKey.desc("id")));
        ReadPlan plan = catalog.plan(q -> q.table("from_csv"));
        assertThat(plan.files()).hasSize(3);
        for (DataFile f : plan.files()) {
            List<Object> ids = Events.readFile(f, fx.allocator).stream().map(r -> r.get("id")).toList();
            assertThat(ids).isSortedAccordingTo(java.util.Comparator.comparing(o -> -(Long) o));
            assertThat(Events.readFile(f, fx.allocator)).allSatisfy(r ->
                    assertThat(r.get("region")).isEqualTo(f.partitionValues().get(0)));
        }
        assertThat(catalog.plan(q -> q.table("from_csv").filter(Predicate.eq("region", "us"))).files()).hasSize(1);
    }

    @Test
    void theServerChecksDeclaredPartitionValues() throws Exception {
        catalog.createTable(c -> c.table("checked").schema(Events.SCHEMA).partitionBy(PartitionKey.identity("region")));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = fx.server.uri().toString();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String session = send(http, base + "/v1/namespaces/default/tables/checked/writes",
                "{\"mode\":\"append\",\"schema\":" + Events.SCHEMA.toJson() + "}").body();
        com.fasterxml.jackson.databind.JsonNode s = json.readTree(session);
        assertThat(s.path("partitionKeys").get(0).path("transform").asText()).isEqualTo("identity");
        long size = stageEvents(s.path("stagingUri").asText() + "a.parquet");
        String file = "{\"path\":\"a.parquet\",\"format\":\"parquet\",\"rowCount\":2,\"sizeBytes\":" + size + ","
                + "\"columns\":{\"region\":{\"min\":\"eu\",\"max\":\"us\",\"nullCount\":0}}";
        String commit = base + "/v1/writes/" + s.path("writeId").asText() + "/commit";
        // rows of two regions declared as one partition
        var wrong = send(http, commit, "{\"commitId\":\"c1\",\"files\":[" + file + ",\"partitionValues\":[\"eu\"]}]}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("declares partition value eu").contains("max value us");
        assertThat(catalog.getTable("default", "checked").fileCount()).isZero();
        // (a refused commit aborts the write; a new one for the next case)
        session = send(http, base + "/v1/namespaces/default/tables/checked/writes",
                "{\"mode\":\"append\",\"schema\":" + Events.SCHEMA.toJson() + "}").body();
        s = json.readTree(session);
        stageEvents(s.path("stagingUri").asText() + "a.parquet");
        var missing = send(http, base + "/v1/writes/" + s.path("writeId").asText() + "/commit",
                "{\"commitId\":\"c2\",\"files\":[" + file + "}]}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("must declare partitionValues");
    }

    /** Writes events 0 and 1 (regions eu and us) as a real Parquet file, as a client would; returns its size. */
    private long stageEvents(String uri) {
        try (VectorSchemaRoot rows = Events.rows(fx.allocator, 0, 2);
             io.deltacat.io.spi.FormatWriter w = io.deltacat.io.spi.Formats.require("parquet").openWriter(
                     Fixture.storage(uri).outputFile(uri), Events.SCHEMA,
                     java.util.Map.of(), fx.allocator)) {
            w.write(rows);
            return w.finish().sizeBytes();
        }
    }

    private static java.net.http.HttpResponse<String> send(java.net.http.HttpClient http, String uri, String body)
            throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(uri))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unpartitionedTablesReportEmptyLayouts() {
        try (VectorSchemaRoot rows = Events.rows(fx.allocator, 0, 10)) {
            catalog.write(rows, w -> w.table("plain"));
        }
        TableInfo t = catalog.getTable("default", "plain");
        assertThat(t.partitionKeys()).isEmpty();
        assertThat(t.sortKeys()).isEmpty();
        assertThat(catalog.plan(q -> q.table("plain")).files()).singleElement()
                .satisfies(f -> assertThat(f.partitionValues()).isEmpty());
    }
}
