package io.deltacat.example.selective;

import io.deltacat.api.DeltacatClient;
import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.model.WriteResult;
import java.util.List;
import java.util.TreeSet;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code Main SERVER_URL FORMAT TABLE [EXPECT_MISSING_MODULE]}: writes three rows into {@code TABLE} in
 * {@code FORMAT} and reads them back, printing {@code OK <format> <rows>}; or, when the format is not on
 * the module path, prints {@code MISSING <message>}. First prints the deltacat modules of the boot layer.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String format = args[1];
        String table = args[2];
        TreeSet<String> modules = new TreeSet<>();
        ModuleLayer.boot().modules().forEach(m -> {
            if (m.getName().startsWith("io.deltacat")) {
                modules.add(m.getName());
            }
        });
        System.out.println("MODULES " + String.join(",", modules));
        Schema schema = new Schema(List.of(
                new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
        try (DeltacatClient client = DeltacatClient.connect(url)) {
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, client.allocator())) {
                BigIntVector id = (BigIntVector) root.getVector("id");
                VarCharVector name = (VarCharVector) root.getVector("name");
                String[] names = {"Cheshire", "Dinah", null};
                for (int i = 0; i < names.length; i++) {
                    id.setSafe(i, i + 1);
                    if (names[i] != null) {
                        name.setSafe(i, names[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                root.setRowCount(names.length);
                WriteResult w = client.catalog().write(root, o -> o.table(table).format(format));
                System.out.println("WROTE " + w.rowCount());
            } catch (DeltacatException e) {
                System.out.println("MISSING " + e.getClass().getSimpleName() + ": " + e.getMessage());
                return;
            }
            TableInfo info = client.catalog().getTable(table);
            try (Table t = client.catalog().readAll(q -> q.table(table))) {
                System.out.println("OK " + info.format() + " " + t.getRowCount() + " " + t.contentToTSVString()
                        .replace('\n', '|'));
            }
        }
    }
}
