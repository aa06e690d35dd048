package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.JobsClient;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.model.ClaimedJob;
import io.deltacat.api.model.Job;
import io.deltacat.api.model.JobState;
import io.deltacat.api.model.WriteMode;
import io.deltacat.api.expr.Predicate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tolerant reader (DESIGN section 6): a client works unchanged against a newer server whose
 * answers carry fields this client's document does not have ({@link NewerServerProxy} adds them to
 * every JSON answer of a real server, problem details included). The server side of the rule, that it
 * refuses fields it does not know, is {@code ContractTest.everyRouteWithABodyRefusesAFieldItDoesNotKnow};
 * enum values a newer server adds read as {@code UNKNOWN} ({@code WireJsonTest}).
 */
class ContractTolerantReaderTest {
    @TempDir
    Path dir;

    @Test
    void aNewerServersAddedFieldsDoNotBreakTheClient() throws Exception {
        try (Fixture fx = new Fixture(dir);
             NewerServerProxy newer = new NewerServerProxy(fx.server.uri());
             DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(newer.uri())
                     .allocator(fx.allocator).build())) {
            CatalogClient c = client.catalog();
            assertThat(c.describeCatalog("default").roots()).isNotEmpty();
            c.createNamespace("zoo", Map.of("owner", "keeper"));
            assertThat(c.getNamespace("zoo").properties()).containsEntry("owner", "keeper");
            assertThat(c.listNamespaces()).extracting(n -> n.name()).contains("zoo");
            c.createTable(t -> t.namespace("zoo").table("cats").schema(Cats.SCHEMA).mergeKeys("id"));
            try (VectorSchemaRoot cats = Cats.first(fx.allocator)) {
                assertThat(c.write(cats, w -> w.namespace("zoo").table("cats")).rowCount())
                        .isEqualTo(cats.getRowCount());
                c.write(cats, w -> w.namespace("zoo").table("cats").mode(WriteMode.MERGE));
            }
            assertThat(c.getTable("zoo", "cats").mergeKeys()).containsExactly("id");
            assertThat(c.listTables("zoo")).hasSize(1);
            assertThat(c.plan(q -> q.namespace("zoo").table("cats")).files()).isNotEmpty();
            assertThat(Rows.of(c.readAll(q -> q.namespace("zoo").table("cats").filter(Predicate.ge("id", 0)))))
                    .hasSize(Rows.of(fx.client.catalog().readAll(q -> q.namespace("zoo").table("cats"))).size());
            assertThatThrownBy(() -> c.getNamespace("nowhere")).isInstanceOf(NotFoundException.class);
            try (io.deltacat.api.Transaction tx = client.transaction("newer")) {
                tx.catalog().createTable(t -> t.namespace("zoo").table("dogs").schema(Cats.SCHEMA));
                tx.commit();
            }
            assertThat(c.tableExists("zoo", "dogs")).isTrue();
            JobsClient jobs = client.jobs();
            Job job = jobs.submit(s -> s.type("custom").workerTags("t"));
            assertThat(jobs.list(l -> l.type("custom")).jobs()).extracting(Job::id).contains(job.id());
            ClaimedJob claimed = jobs.claim(o -> o.workerTags("t")).orElseThrow();
            jobs.heartbeat(claimed);
            jobs.complete(claimed, 1, Map.of("at", 1));
            assertThat(jobs.get(job.id()).state()).isEqualTo(JobState.SUCCEEDED);
            Job compaction = jobs.submitCompaction("zoo", "cats");
            assertThat(jobs.waitFor(compaction.id(), Duration.ofSeconds(60)).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(client.auth().whoami()).isNotNull();
        }
    }

    @Test
    void theProxyReallyAddsFields() throws Exception {
        try (Fixture fx = new Fixture(dir);
             NewerServerProxy newer = new NewerServerProxy(fx.server.uri())) {
            var http = java.net.http.HttpClient.newHttpClient();
            String answer = ContractScenario.send(http, newer.uri() + "/v1/namespaces", "GET", null).body();
            assertThat(answer).contains(NewerServerProxy.ADDED);
            String problem = ContractScenario.send(http, newer.uri() + "/v1/namespaces/nowhere", "GET", null).body();
            assertThat(problem).contains(NewerServerProxy.ADDED).contains("not-found");
            assertThat(newer.extended()).isEqualTo(2);
        }
    }
}
