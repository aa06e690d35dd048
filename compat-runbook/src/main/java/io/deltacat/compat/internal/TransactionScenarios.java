package io.deltacat.compat.internal;

import static io.deltacat.compat.internal.Checks.check;
import static io.deltacat.compat.internal.Checks.equal;
import static io.deltacat.compat.internal.Checks.expectThrows;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.model.TransactionResult;
import io.deltacat.api.model.WriteMode;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Scenarios of multi-table transactions: atomic commit, abort, and a conflict refused whole. */
final class TransactionScenarios {
    private static final List<String> NEEDS = List.of("catalog", "staged-writes", "read-plan", "transactions");

    private TransactionScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                Scenario.writing("transactions/commit", "writes to two tables commit together at one commit time;"
                        + " an aborted transaction leaves nothing", NEEDS, TransactionScenarios::commit),
                Scenario.writing("transactions/conflict", "a transaction replacing a table that another commit appended"
                        + " to meanwhile is refused, and applies nothing", NEEDS, TransactionScenarios::conflict));
    }

    private static void write(io.deltacat.api.CatalogClient catalog, DeltacatClient client, String ns, String table,
                              List<List<Object>> rows, WriteMode mode) {
        try (VectorSchemaRoot batch = Data.people(client.allocator(), rows)) {
            catalog.write(batch, w -> w.namespace(ns).table(table).mode(mode));
        }
    }

    private static void commit(ScenarioContext ctx) throws Exception {
        DeltacatClient client = ctx.client();
        String ns = ctx.namespace();
        TransactionResult done = client.inTransaction("compat: two tables", tx -> {
            write(tx.catalog(), client, ns, "left", Data.firstPeople(1, 2), WriteMode.AUTO);
            write(tx.catalog(), client, ns, "right", Data.firstPeople(3, 2), WriteMode.AUTO);
            check(!client.catalog().tableExists(ns, "left"), "a table created in an open transaction is visible outside it");
        });
        equal(Data.firstPeople(1, 2), Data.read(client, q -> q.namespace(ns).table("left")), "rows of left");
        equal(Data.firstPeople(3, 2), Data.read(client, q -> q.namespace(ns).table("right")), "rows of right");
        equal(done.commitTime(), client.catalog().getTable(ns, "left").latestCommitTime().orElse(-1),
                "left's commit time is the transaction's");
        equal(done.commitTime(), client.catalog().getTable(ns, "right").latestCommitTime().orElse(-1),
                "right's commit time is the transaction's");
        try (Transaction tx = client.transaction("compat: aborted")) {
            write(tx.catalog(), client, ns, "left", Data.firstPeople(9, 1), WriteMode.APPEND);
            tx.abort();
        }
        equal(Data.firstPeople(1, 2), Data.read(client, q -> q.namespace(ns).table("left")), "rows of left after an abort");
    }

    private static void conflict(ScenarioContext ctx) throws Exception {
        DeltacatClient client = ctx.client();
        String ns = ctx.namespace();
        write(client.catalog(), client, ns, "contended", Data.firstPeople(1, 2), WriteMode.AUTO);
        try (Transaction tx = client.transaction("compat: conflicting replace")) {
            write(tx.catalog(), client, ns, "contended", Data.firstPeople(5, 1), WriteMode.REPLACE);
            write(client.catalog(), client, ns, "contended", Data.firstPeople(3, 1), WriteMode.APPEND);
            expectThrows(ConflictException.class, "committing a replace after another commit to the table", tx::commit);
        }
        equal(Data.firstPeople(1, 3), Data.read(client, q -> q.namespace(ns).table("contended")),
                "rows after the refused transaction: the append only");
    }
}
