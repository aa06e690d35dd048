package io.deltacat.compat.internal;

import static io.deltacat.compat.internal.Checks.check;
import static io.deltacat.compat.internal.Checks.equal;
import static io.deltacat.compat.internal.Checks.expectThrows;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.model.WriteResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Scenarios of data: write modes, formats, reads with projection/filter/limit/asOf, merge keys. */
final class DataScenarios {
    /** The formats whose round trip is checked: the client's packaged providers. */
    static final List<String> FORMATS = List.of("parquet", "feather", "csv", "json");
    private static final List<String> WRITES = List.of("catalog", "staged-writes", "read-plan");

    private DataScenarios() {
    }

    static List<Scenario> all() {
        List<Scenario> list = new ArrayList<>();
        list.add(Scenario.writing("writes/modes", "auto creates, append adds, create on an existing table is refused,"
                + " replace replaces: rows read back exactly", WRITES, DataScenarios::modes));
        for (String format : FORMATS) {
            list.add(Scenario.writing("writes/format-" + format, "a " + format + " table round-trips its rows, nulls"
                    + " included", WRITES, ctx -> format(ctx, format)));
        }
        list.add(Scenario.writing("reads/projection-filter-limit", "columns in the asked order, filters (comparison,"
                + " like, in, is null, and/or) and limits return exactly the expected rows", WRITES,
                DataScenarios::projectionFilterLimit));
        list.add(Scenario.writing("reads/as-of", "a read as of the first commit's time sees only that commit",
                List.of("catalog", "staged-writes", "read-plan", "time-travel"), DataScenarios::asOf));
        list.add(Scenario.writing("merge/upsert-delete", "a merge-key table upserts and deletes by key (merge on read)",
                WRITES, DataScenarios::merge));
        return list;
    }

    private static WriteResult write(ScenarioContext ctx, String table, List<List<Object>> rows, WriteMode mode) {
        String ns = ctx.namespace();
        try (VectorSchemaRoot batch = Data.people(ctx.client().allocator(), rows)) {
            return ctx.client().catalog().write(batch, w -> w.namespace(ns).table(table).mode(mode));
        }
    }

    private static void modes(ScenarioContext ctx) throws Exception {
        String ns = ctx.namespace();
        WriteResult first = write(ctx, "modes", Data.firstPeople(1, 3), WriteMode.AUTO);
        check(first.tableCreated(), "mode auto on a missing table should create it");
        equal(3L, first.rowCount(), "rows committed by the first write");
        write(ctx, "modes", Data.firstPeople(4, 2), WriteMode.APPEND);
        equal(Data.firstPeople(1, 5), Data.read(ctx.client(), q -> q.namespace(ns).table("modes")), "rows after append");
        expectThrows(AlreadyExistsException.class, "mode create on an existing table",
                () -> write(ctx, "modes", Data.firstPeople(9, 1), WriteMode.CREATE));
        write(ctx, "modes", Data.firstPeople(7, 2), WriteMode.REPLACE);
        equal(Data.firstPeople(7, 2), Data.read(ctx.client(), q -> q.namespace(ns).table("modes")), "rows after replace");
        TableInfo t = ctx.client().catalog().getTable(ns, "modes");
        equal(2L, t.rowCount(), "rowCount after replace");
    }

    private static void format(ScenarioContext ctx, String format) throws Exception {
        String ns = ctx.namespace();
        CatalogClient catalog = ctx.client().catalog();
        try {
            catalog.createTable(o -> o.namespace(ns).table("t_" + format).schema(Data.PEOPLE).format(format));
        } catch (InvalidRequestException | UnsupportedFeatureException e) {
            if (e.getMessage() != null && e.getMessage().contains(format)) {
                throw new SkipException("the server does not store format '" + format + "': " + e.getMessage());
            }
            throw e;
        }
        List<List<Object>> rows = new ArrayList<>(Data.firstPeople(1, 3));
        rows.add(Data.row(4, null, null));
        write(ctx, "t_" + format, rows, WriteMode.APPEND);
        TableInfo t = catalog.getTable(ns, "t_" + format);
        equal(format, t.format(), "table format");
        equal(rows, Data.read(ctx.client(), q -> q.namespace(ns).table("t_" + format)), "rows read back");
    }

    private static void projectionFilterLimit(ScenarioContext ctx) throws Exception {
        String ns = ctx.namespace();
        List<List<Object>> rows = new ArrayList<>(Data.firstPeople(1, 9));
        rows.add(Data.row(10, null, 100L));
        write(ctx, "people", rows, WriteMode.AUTO);
        equal(List.of("age", "id"), Data.columns(ctx.client(), q -> q.namespace(ns).table("people").columns("age", "id")),
                "columns of a projection, in the asked order");
        equal(List.of(List.of(8L, "p8"), List.of(9L, "p9")), Data.read(ctx.client(), q -> q.namespace(ns).table("people")
                .columns("id", "name").filter(Predicate.and(Predicate.gt("age", 70), Predicate.like("name", "p%")))),
                "rows with age > 70 and name like 'p%'");
        equal(List.of(List.of(2L), List.of(5L)), Data.read(ctx.client(), q -> q.namespace(ns).table("people")
                .columns("id").filter(Predicate.in("id", 2, 5, 42))), "rows with id in (2, 5, 42)");
        equal(List.of(List.of(10L)), Data.read(ctx.client(), q -> q.namespace(ns).table("people").columns("id")
                .filter(Predicate.isNull("name"))), "rows with name is null");
        equal(List.of(List.of(1L), List.of(10L)), Data.read(ctx.client(), q -> q.namespace(ns).table("people")
                .columns("id").filter(Predicate.or(Predicate.eq("id", 1), Predicate.ge("age", 100)))),
                "rows with id = 1 or age >= 100");
        int limited = Data.read(ctx.client(), q -> q.namespace(ns).table("people").limit(3)).size();
        equal(3, limited, "rows of a read limited to 3");
        expectThrows(InvalidRequestException.class, "a filter on an unknown column",
                () -> Data.read(ctx.client(), q -> q.namespace(ns).table("people").filter(Predicate.eq("nope", 1))));
    }

    private static void asOf(ScenarioContext ctx) throws Exception {
        String ns = ctx.namespace();
        WriteResult first = write(ctx, "history", Data.firstPeople(1, 3), WriteMode.AUTO);
        WriteResult second = write(ctx, "history", Data.firstPeople(4, 2), WriteMode.APPEND);
        check(second.commitTime() > first.commitTime(), "commit times must increase: " + first.commitTime() + " then "
                + second.commitTime());
        equal(Data.firstPeople(1, 3), Data.read(ctx.client(), q -> q.namespace(ns).table("history")
                .asOf(first.commitTime())), "rows as of the first commit");
        equal(Data.firstPeople(1, 5), Data.read(ctx.client(), q -> q.namespace(ns).table("history")
                .asOf(second.commitTime())), "rows as of the second commit");
    }

    private static void merge(ScenarioContext ctx) throws Exception {
        String ns = ctx.namespace();
        ctx.client().catalog().createTable(o -> o.namespace(ns).table("keyed").schema(Data.PEOPLE).mergeKeys("id"));
        write(ctx, "keyed", Data.firstPeople(1, 3), WriteMode.APPEND);
        write(ctx, "keyed", List.of(Data.row(2, "two", 22L), Data.row(4, "four", 44L)), WriteMode.MERGE);
        write(ctx, "keyed", List.of(Data.row(1, null, null)), WriteMode.DELETE);
        equal(List.of(Data.row(2, "two", 22L), Data.row(3, "p3", 30L), Data.row(4, "four", 44L)),
                Data.read(ctx.client(), q -> q.namespace(ns).table("keyed")), "rows after upsert of 2, 4 and delete of 1");
        equal(List.of("id"), ctx.client().catalog().getTable(ns, "keyed").mergeKeys(), "merge keys");
    }
}
