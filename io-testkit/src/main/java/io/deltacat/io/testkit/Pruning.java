package io.deltacat.io.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.deltacat.api.expr.Predicate;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.ReadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The advisory filter and projection: never a matching row lost, and less read where declared. */
final class Pruning {
    private Pruning() {
    }

    static final int ROWS = 20_000;

    static void check(Harness h, Map<String, String> options, boolean mustPrune) throws Exception {
        Schema schema = ContractData.schema(List.of());
        Path path = h.path("prune");
        h.write(path, schema, options, ROWS, 1000);
        Predicate filter = Predicate.ge("id", ROWS - 10).bind(schema);
        ReadRequest request = new ReadRequest(List.of(), Optional.of(filter), 100_000);
        Harness.Read read = h.read(path, h.caps.hasUntypedFiles() ? request.withExpectedSchema(schema) : request);
        List<Long> ids = new ArrayList<>();
        read.rows().forEach(r -> ids.add((Long) r.get(0)));
        assertThat(ids).as("ids read with the filter id >= %d: in file order, each once", ROWS - 10)
                .isSorted().doesNotHaveDuplicates().allMatch(id -> id >= 0 && id < ROWS);
        for (long id = ROWS - 10; id < ROWS; id++) {
            assertThat(ids).as("the advisory filter is only advisory: matching row %d must be read", id).contains(id);
        }
        if (mustPrune) {
            assertThat(ids.size()).as("rows read with a filter that only the last units of %s match "
                    + "(the provider declares predicate pruning)", options).isLessThan(ROWS / 2);
        }
    }

    /** Reading one small column of a file with a wide incompressible column reads a fraction of its bytes. */
    static void checkProjectionPushdown(Harness h) throws Exception {
        Schema schema = new Schema(List.of(ContractData.ID,
                new Field("blob", FieldType.nullable(ArrowType.Binary.INSTANCE), null)));
        Path path = h.path("wide");
        int rows = 2000;
        try (VectorSchemaRoot b = VectorSchemaRoot.create(schema, h.allocator);
             FormatWriter w = h.provider.openWriter(h.output(path), schema, Map.of(), h.allocator)) {
            BigIntVector id = (BigIntVector) b.getVector(0);
            VarBinaryVector blob = (VarBinaryVector) b.getVector(1);
            SplittableRandom random = new SplittableRandom(25);
            byte[] bytes = new byte[1024];
            for (int i = 0; i < rows; i++) {
                id.setSafe(i, i);
                random.nextBytes(bytes);
                blob.setSafe(i, bytes);
            }
            id.setValueCount(rows);
            blob.setValueCount(rows);
            b.setRowCount(rows);
            w.write(b);
            w.finish();
        }
        AtomicLong bytesRead = new AtomicLong();
        ReadRequest request = new ReadRequest(List.of("id"), Optional.empty(), 4096);
        Harness.Read read = h.read(Harness.counting(h.input(path), bytesRead), request);
        assertThat(read.rows()).hasSize(rows);
        long size = Files.size(path);
        assertThat(bytesRead.get()).as("bytes read for column 'id' of a %d-byte file whose other column is 2 MB "
                + "of random bytes (the provider declares projection pushdown)", size).isLessThan(size / 4);
    }
}
