package io.deltacat.io.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Files of the format's reference implementation read by the provider, and the reverse. */
final class References {
    private References() {
    }

    static final int ROWS = 1000;

    /** The columns both the provider and the reference hold. */
    static Schema shared(Harness h, ReferenceFormat ref) {
        List<Kind> kinds = new ArrayList<>();
        for (Kind k : h.caps.types()) {
            if (ref.holds(k.field())) {
                kinds.add(k);
            }
        }
        kinds.sort(null);
        return ContractData.schema(kinds);
    }

    static void readTheirs(Harness h, ReferenceFormat ref) throws Exception {
        Schema schema = shared(h, ref);
        Path path = h.path("theirs");
        try (VectorSchemaRoot data = ContractData.batch(schema, 0, ROWS, h.allocator)) {
            ref.write(path, data, h.allocator);
        }
        Harness.Read read = h.read(path, h.all(schema, 4096));
        List<String> names = read.schema().getFields().stream().map(Field::getName).toList();
        List<String> columns = schema.getFields().stream().map(Field::getName).toList();
        assertThat(names).as("columns of the file %s wrote", ref.name()).containsAll(columns);
        List<List<Object>> got = new ArrayList<>();
        for (List<Object> row : read.rows()) {
            got.add(columns.stream().map(c -> row.get(names.indexOf(c))).toList());
        }
        h.assertSameRows("a file written by " + ref.name(), schema.getFields(), h.expected(schema, ROWS, List.of()), got);
    }

    static void theyReadOurs(Harness h, ReferenceFormat ref) throws Exception {
        Schema schema = shared(h, ref);
        Path path = h.path("ours");
        h.write(path, schema, Map.of(), ROWS, 400);
        List<String> columns = schema.getFields().stream().map(Field::getName).toList();
        List<List<Object>> got = new ArrayList<>();
        ref.read(path, h.allocator, batch -> {
            for (String c : columns) {
                assertThat(batch.getVector(c)).as("column '%s' as %s reads it", c, ref.name()).isNotNull();
            }
            for (int r = 0; r < batch.getRowCount(); r++) {
                List<Object> row = new ArrayList<>();
                for (String c : columns) {
                    FieldVector v = batch.getVector(c);
                    row.add(ContractData.value(v, r));
                }
                got.add(row);
            }
        });
        h.assertSameRows(ref.name() + " reading the provider's file", schema.getFields(),
                h.expected(schema, ROWS, List.of()), got);
    }
}
