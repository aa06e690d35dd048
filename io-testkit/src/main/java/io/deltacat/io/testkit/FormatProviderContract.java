package io.deltacat.io.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.ReadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility suite every {@link FormatProvider} runs: extend it in one test class, say what
 * the provider supports, and JUnit runs every case against it.
 *
 * <pre>{@code
 * class MyFormatContractTest extends FormatProviderContract {
 *     @Override
 *     protected FormatProvider provider() {
 *         return new MyFormatProvider();
 *     }
 *
 *     @Override
 *     protected Capabilities capabilities() {
 *         return Capabilities.holding(Kind.core()).minus(Kind.TIMESTAMP_S).compression("zstd", "none");
 *     }
 * }
 * }</pre>
 *
 * <p>The cases (each named as JUnit reports it, so that {@link Capabilities#knownIssue} can skip one):
 * exact round trips of every declared {@link Kind} with nulls and edge values ({@code roundTrip[col]}),
 * timestamps at the epoch's edges and the unit's extremes ({@code timestamps[col: ...]}), every
 * declared kind in one file read at batch sizes from 1 up ({@code batches[...]}), projection in
 * request order, empty files, a writer closed without finishing leaving nothing behind, a failing
 * stream leaving nothing behind, refusal of every undeclared kind before any byte naming the column
 * and its type ({@code refuses[col]}), options, statistics that match the data, the advisory filter
 * never losing a matching row, and the declared capabilities (compression, projection pushdown,
 * pruning, footer statistics, a reference implementation's files). Every case runs with its own
 * allocator and fails when a buffer is still allocated after everything it opened was closed.
 */
public abstract class FormatProviderContract {

    /** The provider under test; called once per case. */
    protected abstract FormatProvider provider();

    /** What the provider supports; called once per test class instance. */
    protected abstract Capabilities capabilities();

    @TempDir
    private Path base;
    private Capabilities caps;

    /** The body of one case. */
    @FunctionalInterface
    interface Case {
        void run(Harness h) throws Exception;
    }

    private Capabilities caps() {
        if (caps == null) {
            caps = capabilities();
        }
        return caps;
    }

    /** Runs a case in a directory and allocator of its own, unless a known issue skips it. */
    final void run(String name, Case body) throws Exception {
        Optional<String> known = caps().knownIssue(name);
        if (known.isPresent()) {
            Assumptions.abort("known issue, case not run: " + known.get());
        }
        Path dir = Files.createDirectories(base.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_")));
        RootAllocator root = new RootAllocator();
        BufferAllocator allocator = root.newChildAllocator(name, 0, Long.MAX_VALUE);
        Throwable failure = null;
        try {
            body.run(new Harness(provider(), caps(), dir, allocator));
        } catch (Throwable t) {
            failure = t;
        }
        long leaked = allocator.getAllocatedMemory();
        try {
            allocator.close();
            root.close();
        } catch (IllegalStateException e) {
            // reported below; the allocator cannot close while a buffer is still allocated
        }
        if (failure != null) {
            if (leaked > 0) {
                failure.addSuppressed(new AssertionError(leaked + " bytes of Arrow memory also leaked"));
            }
            if (failure instanceof Error) {
                throw (Error) failure;
            }
            throw (Exception) failure;
        }
        if (leaked > 0) {
            fail("%s: %d bytes of Arrow memory were still allocated after every reader, writer and batch of the "
                    + "case was closed: the %s provider leaks a buffer", name, leaked, provider().name());
        }
    }

    private List<Kind> held() {
        List<Kind> out = new ArrayList<>(caps().types());
        Collections.sort(out);
        return out;
    }

    private Schema heldSchema() {
        return ContractData.schema(held());
    }

    @Test
    @DisplayName("describesItself")
    void describesItself() throws Exception {
        run("describesItself", h -> {
            assertThat(h.provider.name()).as("name()").matches("[a-z0-9_]+");
            assertThat(h.provider.extensions()).as("extensions()").isNotEmpty().allMatch(e -> e.matches("[a-z0-9_]+"));
            assertThat(Formats.find(h.provider.name())).as("Formats.find(\"%s\"): the provider is declared to "
                    + "ServiceLoader (provides ... with ...)", h.provider.name())
                    .hasValueSatisfying(p -> assertThat(p.getClass()).isEqualTo(h.provider.getClass()));
            h.provider.checkSchema(heldSchema());
        });
    }

    @TestFactory
    Stream<DynamicTest> roundTrip() {
        return held().stream().map(k -> DynamicTest.dynamicTest("roundTrip[" + k.column() + "]",
                () -> run("roundTrip[" + k.column() + "]", h -> roundTrip(h, ContractData.schema(List.of(k)), 1000))));
    }

    static void roundTrip(Harness h, Schema schema, int rows) {
        Path path = h.path("t");
        h.write(path, schema, Map.of(), rows, rows);
        Harness.Read read = h.read(path, h.all(schema, 4096));
        assertThat(read.schema().getFields()).as("%s: the schema read back", h.provider.name())
                .isEqualTo(schema.getFields());
        h.assertSameRows("round trip", schema.getFields(), h.expected(schema, rows, List.of()), read.rows());
    }

    @TestFactory
    Stream<DynamicTest> timestamps() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kind k : held()) {
            if (!k.isTimestamp()) {
                continue;
            }
            for (TimestampEdges.Edge edge : TimestampEdges.edges(k)) {
                String name = "timestamps[" + k.column() + ": " + edge.name() + "]";
                tests.add(DynamicTest.dynamicTest(name, () -> run(name, h -> TimestampEdges.check(h, k, edge))));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> batches() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int size : new int[] {1, 7, 1000, 100_000}) {
            String name = "batches[1200 rows written in batches of 1, 7, 1000, 1, 7, 184; read " + size + " at a time]";
            tests.add(DynamicTest.dynamicTest(name, () -> run(name, h -> {
                Schema schema = heldSchema();
                Path path = h.path("b");
                h.write(path, schema, Map.of(), 1200, 1, 7, 1000);
                Harness.Read read = h.read(path, h.all(schema, size));
                assertThat(read.schema().getFields()).isEqualTo(schema.getFields());
                h.assertSameRows("read " + size + " at a time", schema.getFields(), h.expected(schema, 1200, List.of()),
                        read.rows());
            })));
        }
        String many = "batches[20000 rows written 4096 at a time; read 5000 at a time]";
        tests.add(DynamicTest.dynamicTest(many, () -> run(many, h -> {
            Schema schema = heldSchema();
            Path path = h.path("many");
            h.write(path, schema, Map.of(), 20_000, 4096);
            Harness.Read read = h.read(path, h.all(schema, 5000));
            h.assertSameRows("20000 rows", schema.getFields(), h.expected(schema, 20_000, List.of()), read.rows());
        })));
        return tests.stream();
    }

    @Test
    @DisplayName("projection")
    void projection() throws Exception {
        run("projection", h -> {
            Schema schema = heldSchema();
            Path path = h.path("p");
            h.write(path, schema, Map.of(), 300, 300);
            List<String> columns = new ArrayList<>();
            for (int i = schema.getFields().size() - 1; i >= 1; i -= 2) {
                columns.add(schema.getFields().get(i).getName()); // every other column, last first
            }
            columns.add("id");
            ReadRequest request = new ReadRequest(columns, Optional.empty(), 128);
            if (h.caps.hasUntypedFiles()) {
                request = request.withExpectedSchema(new Schema(columns.stream().map(schema::findField).toList()));
            }
            Harness.Read read = h.read(path, request);
            assertThat(read.schema().getFields()).as("projected schema, in request order")
                    .isEqualTo(columns.stream().map(schema::findField).toList());
            h.assertSameRows("projection " + columns, read.schema().getFields(), h.expected(schema, 300, columns),
                    read.rows());
            for (List<String> bad : List.of(List.of("id", "no_such_column"), List.of("id", "id"))) {
                ReadRequest r = new ReadRequest(bad, Optional.empty(), 10);
                ReadRequest typed = h.caps.hasUntypedFiles() ? r.withExpectedSchema(schema) : r;
                assertThatThrownBy(() -> h.read(path, typed)).as("projection %s", bad)
                        .isInstanceOf(InvalidRequestException.class).hasMessageContaining(bad.get(1));
            }
        });
    }

    @Test
    @DisplayName("emptyFile")
    void emptyFile() throws Exception {
        run("emptyFile", h -> {
            Schema schema = heldSchema();
            Path path = h.path("empty");
            h.write(path, schema, Map.of(), 0, 1);
            Harness.Read read = h.read(path, h.all(schema, 10));
            assertThat(read.schema().getFields()).isEqualTo(schema.getFields());
            assertThat(read.rows()).as("rows of an empty file").isEmpty();
        });
    }

    @Test
    @DisplayName("writerClosedWithoutFinishLeavesNothing")
    void writerClosedWithoutFinishLeavesNothing() throws Exception {
        run("writerClosedWithoutFinishLeavesNothing", h -> {
            Schema schema = heldSchema();
            try (FormatWriter w = h.provider.openWriter(h.output(h.path("discarded")), schema, Map.of(), h.allocator)) {
                for (int from = 0; from < 6000; from += 2000) {
                    try (VectorSchemaRoot b = ContractData.batch(schema, from, 2000, h.allocator)) {
                        w.write(b);
                    }
                }
            }
            try (FormatWriter w = h.provider.openWriter(h.output(h.path("untouched")), schema, Map.of(), h.allocator)) {
                assertThat(w).isNotNull();
            }
            assertThat(h.leftovers()).as("files left by writers closed without finish()").isEmpty();
        });
    }

    @Test
    @DisplayName("failingStreamLeavesNothingAndNamesTheFile")
    void failingStreamLeavesNothingAndNamesTheFile() throws Exception {
        Assumptions.assumeFalse(caps().isDirectoryShaped(), "a directory-shaped format writes no stream");
        run("failingStreamLeavesNothingAndNamesTheFile", h -> {
            Schema schema = heldSchema();
            Path path = h.path("failing");
            assertThatThrownBy(() -> {
                try (FormatWriter w = h.provider.openWriter(h.failingAfter(path, 20_000), schema, Map.of(), h.allocator)) {
                    for (int from = 0; from < 20_000; from += 5000) {
                        try (VectorSchemaRoot b = ContractData.batch(schema, from, 5000, h.allocator)) {
                            w.write(b);
                        }
                    }
                    w.finish();
                }
            }).as("writing past a stream that fails").isInstanceOf(RuntimeException.class)
                    .hasMessageContaining(h.output(path).uri()).hasMessageContaining(h.provider.name());
            assertThat(h.leftovers()).as("files left by a failed write").isEmpty();
        });
    }

    @Test
    @DisplayName("unreadableFilesAreRefusedNamingTheFile")
    void unreadableFilesAreRefusedNamingTheFile() throws Exception {
        run("unreadableFilesAreRefusedNamingTheFile", h -> {
            Schema schema = heldSchema();
            Path missing = h.path("missing");
            assertThatThrownBy(() -> h.read(missing, h.all(schema, 10))).as("reading a file that does not exist")
                    .hasMessageContaining(missing.getFileName().toString());
            if (!h.caps.hasUntypedFiles() && !h.caps.isDirectoryShaped()) {
                Path garbage = h.path("garbage");
                Files.writeString(garbage, "this is not a " + h.provider.name() + " file at all, not even close");
                assertThatThrownBy(() -> h.read(garbage, h.all(schema, 10))).as("reading bytes of another format")
                        .hasMessageContaining(garbage.getFileName().toString()).hasMessageContaining(h.provider.name());
            }
        });
    }

    @Test
    @DisplayName("existingFileIsNeverOverwritten")
    void existingFileIsNeverOverwritten() throws Exception {
        run("existingFileIsNeverOverwritten", h -> {
            Schema schema = heldSchema();
            Path path = h.path("x");
            h.write(path, schema, Map.of(), 10, 10);
            assertThatThrownBy(() -> h.write(path, schema, Map.of(), 20, 20)).as("writing over an existing file")
                    .isInstanceOf(RuntimeException.class);
            h.assertSameRows("the first file", schema.getFields(), h.expected(schema, 10, List.of()),
                    h.read(path, h.all(schema, 100)).rows());
        });
    }

    @TestFactory
    Stream<DynamicTest> refuses() {
        Set<Kind> refused = EnumSet.allOf(Kind.class);
        refused.removeAll(caps().types());
        return refused.stream().map(k -> DynamicTest.dynamicTest("refuses[" + k.column() + "]",
                () -> run("refuses[" + k.column() + "]", h -> Refusals.check(h, k))));
    }

    @Test
    @DisplayName("requiredColumnWithANullIsRefused")
    void requiredColumnWithANullIsRefused() throws Exception {
        run("requiredColumnWithANullIsRefused", h -> {
            Field required = new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null);
            Field nullable = new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null);
            Path path = h.path("required");
            try (FormatWriter w = h.provider.openWriter(h.output(path), new Schema(List.of(required)), Map.of(), h.allocator);
                 VectorSchemaRoot b = VectorSchemaRoot.create(new Schema(List.of(nullable)), h.allocator)) {
                BigIntVector id = (BigIntVector) b.getVector(0);
                id.allocateNew(3);
                id.set(0, 1);
                id.setNull(1);
                id.set(2, 3);
                id.setValueCount(3);
                b.setRowCount(3);
                assertThatThrownBy(() -> {
                    w.write(b);
                    w.finish();
                }).as("a null in a column declared non-null").isInstanceOf(InvalidRequestException.class);
            }
            assertThat(h.leftovers()).as("files left by a refused write").isEmpty();
        });
    }

    @Test
    @DisplayName("options")
    void options() throws Exception {
        run("options", h -> {
            Schema schema = heldSchema();
            Path path = h.path("o");
            assertThatThrownBy(() -> h.provider.openWriter(h.output(path), schema, Map.of("no_such_option", "1"),
                    h.allocator)).as("an unknown writer option").isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("no_such_option");
            if (!h.caps.compressionCodecs().isEmpty()) {
                assertThatThrownBy(() -> h.provider.openWriter(h.output(path), schema,
                        Map.of("compression", "no-such-codec"), h.allocator)).as("an unknown compression codec")
                        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no-such-codec");
            }
            assertThat(h.leftovers()).as("files left by refused options").isEmpty();
        });
    }

    @TestFactory
    Stream<DynamicTest> compression() {
        return caps().compressionCodecs().stream().map(codec -> DynamicTest.dynamicTest("compression[" + codec + "]",
                () -> run("compression[" + codec + "]", h -> {
                    Schema schema = heldSchema();
                    Path path = h.path("c");
                    h.write(path, schema, Map.of("compression", codec), 700, 700);
                    h.assertSameRows("compression " + codec, schema.getFields(), h.expected(schema, 700, List.of()),
                            h.read(path, h.all(schema, 1000)).rows());
                })));
    }

    @Test
    @DisplayName("callerMayTransferVectorsOutOfABatch")
    void callerMayTransferVectorsOutOfABatch() throws Exception {
        run("callerMayTransferVectorsOutOfABatch", h -> {
            Schema schema = ContractData.schema(List.of());
            Path path = h.path("transfer");
            h.write(path, schema, Map.of(), 2500, 2500);
            List<BigIntVector> kept = new ArrayList<>();
            try {
                try (FormatReader r = h.provider.openReader(h.input(path), h.all(schema, 1000), h.allocator)) {
                    while (r.next()) {
                        var tp = r.batch().getVector(0).getTransferPair(h.allocator);
                        tp.transfer();
                        kept.add((BigIntVector) tp.getTo());
                    }
                }
                long next = 0;
                for (BigIntVector v : kept) {
                    for (int i = 0; i < v.getValueCount(); i++) {
                        assertThat(v.get(i)).as("id after the reader closed").isEqualTo(next++);
                    }
                }
                assertThat(next).isEqualTo(2500);
            } finally {
                kept.forEach(BigIntVector::close);
            }
        });
    }

    @Test
    @DisplayName("statistics")
    void statistics() throws Exception {
        run("statistics", Statistics::check);
    }

    @Test
    @DisplayName("filterNeverLosesAMatchingRow")
    void filterNeverLosesAMatchingRow() throws Exception {
        run("filterNeverLosesAMatchingRow", h -> Pruning.check(h, Map.of(), false));
    }

    @Test
    @DisplayName("predicatePruning")
    void predicatePruning() throws Exception {
        Assumptions.assumeTrue(caps().pruningOptions().isPresent(), "the provider declares no pruning");
        run("predicatePruning", h -> Pruning.check(h, h.caps.pruningOptions().orElseThrow(), true));
    }

    @Test
    @DisplayName("projectionPushdown")
    void projectionPushdown() throws Exception {
        Assumptions.assumeTrue(caps().projectionPushdownDeclared() && !caps().isDirectoryShaped(),
                "the provider declares no projection pushdown over a byte stream");
        run("projectionPushdown", Pruning::checkProjectionPushdown);
    }

    @TestFactory
    Stream<DynamicTest> reference() {
        Optional<ReferenceFormat> ref = caps().referenceFormat();
        if (ref.isEmpty()) {
            return Stream.empty();
        }
        List<DynamicTest> tests = new ArrayList<>();
        String written = "reference[provider reads a file written by " + ref.get().name() + "]";
        tests.add(DynamicTest.dynamicTest(written, () -> run(written, h -> References.readTheirs(h, ref.get()))));
        if (ref.get().reads()) {
            String read = "reference[" + ref.get().name() + " reads a file written by the provider]";
            tests.add(DynamicTest.dynamicTest(read, () -> run(read, h -> References.theyReadOurs(h, ref.get()))));
        }
        return tests.stream();
    }
}
