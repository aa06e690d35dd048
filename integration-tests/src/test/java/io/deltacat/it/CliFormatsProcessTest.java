package io.deltacat.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.ClientConfig;
import io.deltacat.api.DeltacatClient;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.Storages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code deltacat} command ships every format provider of the project: a CLI server
 * process stores tables of each format, and {@code deltacat write} reads input files of each format
 * (the packaged lib/ once held only Parquet and the text formats).
 */
class CliFormatsProcessTest {
    private static final Path CLI = Path.of(System.getProperty("deltacat.cli.dir", "../cli/target"), "deltacat");
    private static final List<String> FORMATS = List.of("orc", "avro", "lance", "parquet", "feather", "csv", "json");
    private static final Schema SCHEMA = new Schema(List.of(
            new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

    @TempDir
    Path dir;

    private static Process launch(List<String> args) throws IOException {
        assertThat(CLI).as("the CLI is packaged before the integration tests run").isExecutable();
        List<String> command = new ArrayList<>(List.of(CLI.toString()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** A three-row input file of {@code format}, written by that format's provider. */
    private Path input(String format, RootAllocator allocator) {
        Path path = dir.resolve("in-" + format + "." + Formats.require(format).extensions().iterator().next());
        String uri = path.toUri().toString();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
             FormatWriter w = Formats.require(format).openWriter(Storages.forUri(uri, Map.of()).outputFile(uri),
                     SCHEMA, Map.of(), allocator)) {
            for (int i = 0; i < 3; i++) {
                ((BigIntVector) root.getVector("id")).setSafe(i, i);
                ((VarCharVector) root.getVector("name")).setSafe(i, (format + i).getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(3);
            w.write(root);
            w.finish();
        }
        return path;
    }

    @Test
    void theCliWritesEveryFormatFromInputsOfEveryFormat() throws Exception {
        Path root = dir.resolve("root");
        try (RootAllocator allocator = new RootAllocator()) {
            Process server = launch(List.of("server", "--root", root.toString(), "--port", "0"));
            try {
                String uri = ServerProcesses.awaitUri(server);
                for (String format : FORMATS) {
                    Path in = input(format, allocator);
                    Process write = launch(List.of("write", in.toString(), "--table", "t_" + format,
                            "--format", format, "--server", uri));
                    String out = new String(write.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(write.waitFor(120, TimeUnit.SECONDS)).isTrue();
                    assertThat(write.exitValue()).as("deltacat write %s --format %s: %s", in.getFileName(), format, out)
                            .isZero();
                    assertThat(out).contains("Committed 3 rows", "(table created)");
                }
                try (DeltacatClient client = DeltacatClient.connect(ClientConfig.builder().uri(uri)
                        .allocator(allocator).build())) {
                    for (String format : FORMATS) {
                        assertThat(client.catalog().getTable("default", "t_" + format).format()).isEqualTo(format);
                        assertThat(Rows.of(client.catalog().readAll(q -> q.table("t_" + format))))
                                .as(format).hasSize(3);
                    }
                }
            } finally {
                server.destroy();
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }
}
