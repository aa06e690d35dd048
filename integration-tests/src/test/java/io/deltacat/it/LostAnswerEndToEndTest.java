package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.CommitOutcomeUnknownException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.WriteState;
import io.deltacat.api.model.WriteStatus;
import io.deltacat.api.model.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit whose answer is lost on the way back (DESIGN section 6): the operation is not failed
 * blindly, it is resolved by the write's state, and applied exactly once.
 */
class LostAnswerEndToEndTest {
    @TempDir
    Path dir;
    Fixture fx;
    LossyProxy proxy;
    DeltacatClient client;

    @BeforeEach
    void start() throws IOException {
        fx = new Fixture(dir);
        proxy = new LossyProxy(fx.server.uri());
        client = DeltacatClient.connect(ClientConfig.builder().uri(proxy.uri()).allocator(fx.allocator)
                .maxRetries(1).retryBaseDelay(Duration.ofMillis(10)).build());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        proxy.close();
        fx.close();
    }

    private long parquetFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".parquet")).count();
        }
    }

    @Test
    void aLostCommitAnswerIsResolvedByTheWriteStateAndAppliedOnce() {
        proxy.loseAnswers(line -> line.contains("/commit "));
        WriteResult result;
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            result = client.catalog().write(cats, w -> w.table("cats"));
        }
        assertThat(proxy.lost.get()).as("the commit and its keyed resend both lost their answers").isEqualTo(2);
        assertThat(result.commitTime()).isPositive();
        assertThat(result.rowCount()).isEqualTo(3);
        proxy.loseAnswers(line -> false);
        assertThat(Rows.of(client.catalog().readAll(q -> q.table("cats")))).hasSize(3);
        assertThat(fx.client.catalog().getTable("default", "cats").latestCommitTime()).hasValue(result.commitTime());
    }

    @Test
    void anUnresolvableOutcomeIsReportedAndKeepsTheStagedFiles() throws IOException {
        proxy.loseAnswers(line -> line.contains("/v1/writes/"));
        CommitOutcomeUnknownException e;
        try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
            e = catchThrowableOfType(CommitOutcomeUnknownException.class,
                    () -> client.catalog().write(cats, w -> w.table("cats")));
        }
        assertThat(e).hasMessageContaining("unknown").hasMessageContaining("writeStatus");
        assertThat(e.kind()).isEqualTo(CommitOutcomeUnknownException.Kind.WRITE);
        assertThat(e.writeId()).isEqualTo(e.id());
        // the commit did reach the server: its data is there, once, and nothing was deleted
        assertThat(parquetFiles()).isEqualTo(1);
        assertThat(Rows.of(fx.client.catalog().readAll(q -> q.table("cats")))).hasSize(3);
        // the caller resolves it later, by the write's id
        proxy.loseAnswers(line -> false);
        WriteStatus status = client.catalog().writeStatus(e.writeId());
        assertThat(status.state()).isEqualTo(WriteState.COMMITTED);
        assertThat(status.isCommitted()).isTrue();
        assertThat(status.table()).isEqualTo("cats");
        assertThat(status.namespace()).isEqualTo("default");
        assertThat(status.commitId()).isPresent();
        assertThat(status.commitTime()).hasValue(fx.client.catalog().getTable("default", "cats").latestCommitTime()
                .getAsLong());
    }

    @Test
    void statusOfAnUnknownWriteIsNotFound() {
        assertThatThrownBy(() -> client.catalog().writeStatus("no-such-write")).isInstanceOf(NotFoundException.class);
    }
}
