package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.UnauthorizedException;
import io.deltacat.auth.TokenProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with a bootstrap token: the client's token providers against it. */
class AuthEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void theRightTokenWorksAndAWrongOrMissingOneIsRefused() throws Exception {
        try (io.deltacat.server.DeltacatServer server = io.deltacat.server.DeltacatServer.builder()
                .root(dir.resolve("data")).port(0).authToken("s3cret-token").build().start();
             RootAllocator allocator = new RootAllocator()) {
            String uri = server.uri().toString();
            assertThatThrownBy(() -> DeltacatClient.connect(ClientConfig.builder().uri(uri).allocator(allocator).build()))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> DeltacatClient.connect(ClientConfig.builder().uri(uri).allocator(allocator)
                    .tokenProvider(TokenProviders.ofToken("wrong")).build()))
                    .isInstanceOf(UnauthorizedException.class);
            Path tokenFile = dir.resolve("token");
            Files.writeString(tokenFile, "s3cret-token\n");
            try (DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(uri).allocator(allocator)
                    .tokenProvider(TokenProviders.chain(TokenProviders.fromEnv("DELTACAT_TEST_UNSET_VAR"),
                            TokenProviders.fromFile(tokenFile))).build());
                 VectorSchemaRoot cats = Cats.first(allocator)) {
                client.catalog().write(cats, w -> w.table("cats"));
                assertThat(Rows.of(client.catalog().readAll(q -> q.table("cats")))).hasSize(3);
                // a rotated token file is picked up; the server now refuses the new token
                Files.writeString(tokenFile, "rotated-token");
                Files.setLastModifiedTime(tokenFile, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
                assertThatThrownBy(() -> client.catalog().listNamespaces()).isInstanceOf(UnauthorizedException.class);
            }
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }
}
