package io.deltacat.it;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.server.DeltacatServer;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL database and data root, each running compaction jobs and checking
 * thresholds after the commits it takes: writers spread over both keep every guarantee, and no two
 * compactions of one table are ever pending or running at once, nor overlap in time.
 */
class ModerateCompactionTwoServersPostgresTest {
    @TempDir
    Path dir;

    @Test
    void twoServersNeverCompactOneTableTwiceAtOnce() throws Exception {
        String url = PgCluster.shared().newDatabase();
        try (RootAllocator allocator = new RootAllocator();
             DeltacatServer a = DeltacatServer.builder().root(dir).metadataUrl(url).build().start();
             DeltacatServer b = DeltacatServer.builder().root(dir).metadataUrl(url).build().start();
             DeltacatClient ca = DeltacatClient.connect(ClientConfig.builder().uri(a.uri().toString())
                     .allocator(allocator).build());
             DeltacatClient cb = DeltacatClient.connect(ClientConfig.builder().uri(b.uri().toString())
                     .allocator(allocator).build())) {
            new CompactionWorkload(allocator, List.of(ca, cb)).run(4, 2, 25);
        }
    }
}
