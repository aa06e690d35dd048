package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.Transaction;
import io.deltacat.api.error.CommitOutcomeUnknownException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.ServiceUnavailableException;
import io.deltacat.api.model.TransactionResult;
import io.deltacat.api.model.TransactionState;
import io.deltacat.api.model.TransactionStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction commit whose answer is lost (issue 13, item 5): resolved by the transaction's state,
 * never reported as a failure when it was applied, and {@link CommitOutcomeUnknownException} when it
 * cannot be resolved.
 */
class TransactionOutcomeEndToEndTest {
    @TempDir
    Path dir;
    Fixture fx;
    LossyProxy proxy;
    DeltacatClient client;

    @BeforeEach
    void start() throws Exception {
        fx = new Fixture(dir);
        proxy = new LossyProxy(fx.server.uri());
        client = DeltacatClient.connect(ClientConfig.builder().uri(proxy.uri()).allocator(fx.allocator)
                .maxRetries(1).retryBaseDelay(Duration.ofMillis(10)).build());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        proxy.close();
        fx.close();
    }

    private static boolean transactionCommit(String requestLine) {
        return requestLine.startsWith("POST /v1/transactions/") && requestLine.contains("/commit ");
    }

    private void write(io.deltacat.api.CatalogClient catalog, String table, long start, int n) {
        try (VectorSchemaRoot cats = Cats.generated(fx.allocator, start, n)) {
            catalog.write(cats, w -> w.table(table));
        }
    }

    private int rows(String table) {
        return Rows.of(fx.client.catalog().readAll(q -> q.table(table))).size();
    }

    @Test
    void aLostTransactionCommitAnswerIsResolvedAsCommitted() {
        Transaction tx = client.transaction("two tables");
        write(tx.catalog(), "a", 0, 5);
        write(tx.catalog(), "b", 0, 7);
        proxy.loseAnswers(TransactionOutcomeEndToEndTest::transactionCommit);

        TransactionResult result = tx.commit();

        assertThat(proxy.lost.get()).as("the commit and its keyed resend both lost their answers").isEqualTo(2);
        assertThat(result.transactionId()).isEqualTo(tx.id());
        assertThat(result.commitTime()).isPositive();
        assertThat(tx.isOpen()).isFalse();
        tx.close();
        assertThat(rows("a")).isEqualTo(5);
        assertThat(rows("b")).isEqualTo(7);
        assertThat(fx.client.catalog().getTable("default", "a").latestCommitTime()).hasValue(result.commitTime());
    }

    @Test
    void aLostAnswerOfACommitThatConflictedIsTheConflict() {
        write(fx.client.catalog(), "cats", 0, 3);
        Transaction tx = client.transaction("drop cats");
        tx.catalog().dropTable("default", "cats");
        write(fx.client.catalog(), "cats", 100, 2); // another commit to a table the transaction drops
        proxy.loseAnswers(TransactionOutcomeEndToEndTest::transactionCommit);

        assertThatThrownBy(tx::commit).isInstanceOf(ConflictException.class);

        assertThat(proxy.lost.get()).isEqualTo(2);
        assertThat(tx.isOpen()).isFalse();
        assertThat(rows("cats")).isEqualTo(5);
        TransactionStatus status = client.transactionStatus(tx.id());
        assertThat(status.state()).isEqualTo(TransactionState.ABORTED);
        assertThat(status.commitTime()).isEmpty();
        assertThat(status.error()).isPresent();
    }

    @Test
    void aTransactionCommitThatNeverGotThroughIsAbortedSoItNeverApplies() {
        Transaction tx = client.transaction("unsent");
        write(tx.catalog(), "a", 0, 4);
        // the commit never reaches the server (its request is dropped on the way), the look-up does
        proxy.dropRequests(TransactionOutcomeEndToEndTest::transactionCommit);

        assertThatThrownBy(tx::commit).isInstanceOf(ServiceUnavailableException.class)
                .isNotInstanceOf(CommitOutcomeUnknownException.class)
                .hasMessageContaining("nothing of it was applied");

        assertThat(tx.isOpen()).isFalse();
        assertThat(client.transactionStatus(tx.id()).state()).isEqualTo(TransactionState.ABORTED);
        assertThat(fx.client.catalog().tableExists("default", "a")).isFalse();
    }

    @Test
    void statusOfAnUnknownTransactionIsNotFound() {
        assertThatThrownBy(() -> client.transactionStatus("no-such-transaction")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anUnresolvableTransactionCommitIsOutcomeUnknownAndKeepsWhatItApplied() {
        Transaction tx = client.transaction("unresolvable");
        write(tx.catalog(), "a", 0, 4);
        // the commit's answers and the state look-ups' answers are all lost
        proxy.loseAnswers(line -> line.contains("/v1/transactions/"));

        CommitOutcomeUnknownException e = catchThrowableOfType(CommitOutcomeUnknownException.class, tx::commit);
        assertThat(e).hasMessageContaining(tx.id()).hasMessageContaining("unknown")
                .hasMessageContaining("transactionStatus");
        assertThat(e.kind()).isEqualTo(CommitOutcomeUnknownException.Kind.TRANSACTION);
        assertThat(e.id()).isEqualTo(tx.id());
        assertThatThrownBy(e::writeId).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("unknown outcome");

        tx.close(); // must not abort: the outcome is unknown, and it was in fact applied
        proxy.loseAnswers(line -> false);
        // the caller resolves it later, by the id
        TransactionStatus status = client.transactionStatus(e.id());
        assertThat(status.state()).isEqualTo(TransactionState.COMMITTED);
        assertThat(status.isCommitted()).isTrue();
        assertThat(status.message()).isEqualTo("unresolvable");
        assertThat(status.commitTime()).hasValue(fx.client.catalog().getTable("default", "a").latestCommitTime().getAsLong());
        assertThat(status.error()).isEmpty();
        assertThat(rows("a")).isEqualTo(4);
        assertThat(fx.client.catalog().listTables("default")).extracting(t -> t.name()).isEqualTo(List.of("a"));
    }
}
