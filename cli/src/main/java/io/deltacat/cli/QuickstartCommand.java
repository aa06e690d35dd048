package io.deltacat.cli;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.expr.Predicate;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteResult;
import io.deltacat.server.DeltacatServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deltacat quickstart}: starts an embedded server, writes, appends, filters and time-travels
 * the {@code cool_cats} table, printing each step.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Start an embedded server and walk through writes, reads, filters and time travel.")
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--root", description = "Data root directory (default: a new temporary directory).")
    Path root;

    static final Schema CATS = new Schema(List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("name", FieldType.nullable(new ArrowType.Utf8()), null),
            new Field("age", FieldType.nullable(new ArrowType.Int(64, true)), null)));

    @Override
    public Integer call() throws Exception {
        Path dir = root != null ? root.toAbsolutePath() : Files.createTempDirectory("deltacat-quickstart-");
        say("Starting an embedded DeltaCAT server with data root " + dir);
        try (DeltacatServer server = DeltacatServer.builder().root(dir).port(0).build().start();
             DeltacatClient client = DeltacatClient.connect(server.uri().toString())) {
            say("Connected to " + server.uri() + " (server " + client.serverInfo().serverVersion() + ")");
            BufferAllocator allocator = client.allocator();

            WriteResult first;
            try (VectorSchemaRoot cats = cats(allocator, new long[] {1, 2, 3},
                    new String[] {"Cheshire", "Dinah", "Felix"}, new long[] {3, 7, 5})) {
                say("Writing table default.cool_cats (mode auto creates it):");
                System.out.print(cats.contentToTSVString());
                first = client.catalog().write(cats, w -> w.table("cool_cats"));
            }
            say("Committed " + first.rowCount() + " rows in " + first.fileCount() + " file(s) at commit time "
                    + first.commitTime());

            say("Reading it back:");
            print(client.catalog().readAll(q -> q.table("cool_cats")));

            try (VectorSchemaRoot more = cats(allocator, new long[] {4, 5},
                    new String[] {"Garfield", "Tom"}, new long[] {9, 2})) {
                say("Appending a second batch:");
                System.out.print(more.contentToTSVString());
                WriteResult second = client.catalog().write(more, w -> w.table("cool_cats"));
                say("Committed at commit time " + second.commitTime());
            }
            TableInfo info = client.catalog().getTable("cool_cats");
            say("Table now has " + info.rowCount() + " rows in " + info.fileCount() + " files");

            say("All cats:");
            print(client.catalog().readAll(q -> q.table("cool_cats")));

            say("Cats older than 4 (filter age > 4), columns name and age:");
            print(client.catalog().readAll(q -> q.table("cool_cats").columns("name", "age")
                    .filter(Predicate.gt("age", 4))));

            long asOf = first.commitTime();
            say("Time travel: the table as of the first commit (asOf " + asOf + "):");
            print(client.catalog().readAll(q -> q.table("cool_cats").asOf(asOf)));
        }
        say("Done. Data files are under " + dir);
        return 0;
    }

    private static VectorSchemaRoot cats(BufferAllocator allocator, long[] ids, String[] names, long[] ages) {
        VectorSchemaRoot root = VectorSchemaRoot.create(CATS, allocator);
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        BigIntVector age = (BigIntVector) root.getVector("age");
        for (int i = 0; i < ids.length; i++) {
            id.setSafe(i, ids[i]);
            name.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
            age.setSafe(i, ages[i]);
        }
        root.setRowCount(ids.length);
        return root;
    }

    private static void print(Table table) {
        try (table; VectorSchemaRoot root = table.toVectorSchemaRoot()) {
            System.out.print(root.contentToTSVString());
        }
    }

    private static void say(String line) {
        System.out.println();
        System.out.println("== " + line);
    }
}
