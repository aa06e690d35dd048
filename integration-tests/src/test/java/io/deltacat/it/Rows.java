package io.deltacat.it;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.util.Text;

/** Turns Arrow results into plain rows for assertions. */
final class Rows {
    private Rows() {
    }

    /** Every row as a list of Java values (strings for utf8), in table order; closes the table. */
    static List<List<Object>> of(Table table) {
        List<List<Object>> rows = new ArrayList<>();
        try (table; VectorSchemaRoot root = table.toVectorSchemaRoot()) {
            for (int i = 0; i < root.getRowCount(); i++) {
                List<Object> row = new ArrayList<>();
                for (FieldVector v : root.getFieldVectors()) {
                    Object o = v.getObject(i);
                    row.add(o instanceof Text ? o.toString() : o);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** A table schema without the server-assigned field ids, to compare with the schema written. */
    static org.apache.arrow.vector.types.pojo.Schema withoutFieldIds(org.apache.arrow.vector.types.pojo.Schema s) {
        List<org.apache.arrow.vector.types.pojo.Field> out = new ArrayList<>();
        for (org.apache.arrow.vector.types.pojo.Field f : s.getFields()) {
            java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(f.getMetadata());
            org.assertj.core.api.Assertions.assertThat(meta.remove("deltacat.field_id")).as("field id of " + f.getName())
                    .isNotNull();
            out.add(new org.apache.arrow.vector.types.pojo.Field(f.getName(), new org.apache.arrow.vector.types.pojo
                    .FieldType(f.isNullable(), f.getType(), f.getDictionary(), meta.isEmpty() ? null : meta),
                    f.getChildren()));
        }
        return new org.apache.arrow.vector.types.pojo.Schema(out, s.getCustomMetadata());
    }

    static List<Object> row(Object... values) {
        return java.util.Arrays.asList(values);
    }
}
