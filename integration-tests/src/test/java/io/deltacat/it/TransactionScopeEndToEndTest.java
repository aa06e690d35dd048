package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.model.TransactionResult;
import io.deltacat.api.model.TransactionState;
import io.deltacat.api.model.WriteResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DeltacatClient#inTransaction} and {@link DeltacatClient#callInTransaction} (issue 13, item 11):
 * Python's {@code with} semantics, commit on normal return and abort on an exception, which is rethrown.
 */
class TransactionScopeEndToEndTest {
    @TempDir
    Path dir;
    private Fixture fx;
    private DeltacatClient client;
    private CatalogClient catalog;

    @BeforeEach
    void start() {
        fx = new Fixture(dir);
        client = fx.client;
        catalog = client.catalog();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private WriteResult write(CatalogClient c, String table, long start, int n) {
        try (VectorSchemaRoot cats = Cats.generated(fx.allocator, start, n)) {
            return c.write(cats, w -> w.table(table));
        }
    }

    private int rows(String table) {
        return Rows.of(catalog.readAll(q -> q.table(table))).size();
    }

    @Test
    void aNormalReturnCommits() {
        AtomicReference<String> id = new AtomicReference<>();
        TransactionResult result = client.inTransaction("load", tx -> {
            id.set(tx.id());
            write(tx.catalog(), "a", 0, 3);
            write(tx.catalog(), "b", 0, 2);
            assertThat(catalog.tableExists("default", "a")).as("invisible outside until the commit").isFalse();
        });
        assertThat(result.transactionId()).isEqualTo(id.get());
        assertThat(rows("a")).isEqualTo(3);
        assertThat(rows("b")).isEqualTo(2);
        assertThat(catalog.getTable("default", "a").latestCommitTime()).hasValue(result.commitTime());
        assertThat(client.transactionStatus(id.get()).state()).isEqualTo(TransactionState.COMMITTED);
    }

    @Test
    void aCheckedExceptionAbortsAndIsRethrownUnchanged() {
        AtomicReference<Transaction> seen = new AtomicReference<>();
        IOException failure = new IOException("upstream died");
        Throwable thrown = catchThrowable(() -> client.inTransaction(t -> t.message("fails"), tx -> {
            seen.set(tx);
            write(tx.catalog(), "a", 0, 3);
            throw failure; // a checked exception, declared by inTransaction through its type parameter
        }));
        assertThat(thrown).isSameAs(failure);
        assertThat(failure.getSuppressed()).isEmpty();
        assertThat(seen.get().isOpen()).isFalse();
        assertThat(catalog.tableExists("default", "a")).isFalse();
        assertThat(client.transactionStatus(seen.get().id()).state()).isEqualTo(TransactionState.ABORTED);
    }

    @Test
    void anUncheckedExceptionOrErrorAbortsToo() {
        AtomicReference<String> id = new AtomicReference<>();
        IllegalArgumentException failure = new IllegalArgumentException("bad row");
        Throwable thrown = catchThrowable(() -> client.inTransaction("fails", tx -> {
            id.set(tx.id());
            write(tx.catalog(), "a", 0, 3);
            throw failure;
        }));
        assertThat(thrown).isSameAs(failure);
        assertThat(client.transactionStatus(id.get()).state()).isEqualTo(TransactionState.ABORTED);

        AssertionError error = new AssertionError("boom");
        Throwable thrownError = catchThrowable(() -> client.callInTransaction("fails", tx -> {
            id.set(tx.id());
            write(tx.catalog(), "b", 0, 1);
            throw error;
        }));
        assertThat(thrownError).isSameAs(error);
        assertThat(client.transactionStatus(id.get()).state()).isEqualTo(TransactionState.ABORTED);
        assertThat(catalog.tableExists("default", "a")).isFalse();
        assertThat(catalog.tableExists("default", "b")).isFalse();
    }

    @Test
    void theValueVariantCommitsAndReturnsTheValue() throws IOException {
        write(catalog, "inbox", 0, 4);
        long moved = client.callInTransaction("move", tx -> {
            WriteResult w = write(tx.catalog(), "archive", 0, 4);
            tx.catalog().dropTable("default", "inbox");
            return w.rowCount();
        });
        assertThat(moved).isEqualTo(4);
        assertThat(rows("archive")).isEqualTo(4);
        assertThat(catalog.tableExists("default", "inbox")).isFalse();

        // a body that declares a checked exception and does not throw it
        String name = client.callInTransaction(t -> t.message("checked"), tx -> {
            if (tx.id().isEmpty()) {
                throw new IOException("never");
            }
            write(tx.catalog(), "more", 0, 1);
            return "more";
        });
        assertThat(rows(name)).isEqualTo(1);
    }
}
