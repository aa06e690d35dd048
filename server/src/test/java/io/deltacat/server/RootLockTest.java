package io.deltacat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One SQLite root has one server: a second one refuses to start, clearly, and the first keeps serving. */
class RootLockTest extends ServerTestSupport {
    @TempDir
    Path other;

    @Test
    void aSecondServerOnTheSameSqliteRootRefusesToStart() {
        start();
        assertThat(post("/v1/namespaces", obj().put("name", "before")).status()).isEqualTo(201);

        DeltacatServer second = DeltacatServer.builder().root(root).port(0).build();
        assertThatThrownBy(second::start)
                .isInstanceOf(RootInUseException.class)
                .hasMessageContaining("another DeltaCAT server")
                .hasMessageContaining(root.toAbsolutePath().normalize().toString())
                .hasMessageContaining("pid " + ProcessHandle.current().pid())
                .satisfies(e -> assertThat(((RootInUseException) e).lockFile())
                        .isEqualTo(root.toAbsolutePath().normalize().resolve(".deltacat").resolve("server.lock")));

        // the refused server changed nothing: the first one keeps serving reads and writes
        assertThat(post("/v1/namespaces", obj().put("name", "after")).status()).isEqualTo(201);
        assertThat(get("/v1/namespaces/before").status()).isEqualTo(200);

        // closing the first frees the root for the next server
        server.close();
        server = DeltacatServer.builder().root(root).port(0).build().start();
        assertThat(get("/v1/namespaces/after").status()).isEqualTo(200);
    }

    @Test
    void twoRootsSharingOneSqliteFileAreRefusedToo() {
        Path metadata = root.resolve("shared-metadata.db");
        start(b -> b.metadataPath(metadata));
        DeltacatServer second = DeltacatServer.builder().root(other).metadataPath(metadata).port(0).build();
        assertThatThrownBy(second::start).isInstanceOf(RootInUseException.class)
                .hasMessageContaining(metadata.toAbsolutePath().normalize().toString());
        assertThat(get("/v1/namespaces").status()).isEqualTo(200);
        // nothing of the refused server is left holding the other root
        DeltacatServer third = DeltacatServer.builder().root(other).port(0).build().start();
        third.close();
    }
}
