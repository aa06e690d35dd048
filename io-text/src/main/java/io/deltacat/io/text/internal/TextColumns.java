package io.deltacat.io.text.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.ReadRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns a text reader produces. With an expected schema and no projection, the file must hold
 * exactly the schema's columns (in any order) and the batches follow the schema's order; with a
 * projection, each projected column must be in the file (and in the expected schema, when given).
 */
final class TextColumns {
    private TextColumns() {
    }

    /**
     * @param format    format name for messages
     * @param uri       the file
     * @param fileNames the file's column names (CSV header; for JSON, those of the schema)
     * @param full      the expected schema, or the one inferred from the file
     * @param expected  whether {@code full} was given by the caller
     */
    static Schema output(String format, String uri, List<String> fileNames, Schema full, boolean expected,
                         ReadRequest request) {
        Set<String> names = new LinkedHashSet<>(fileNames);
        if (request.columns().isEmpty()) {
            if (expected) {
                Set<String> want = new LinkedHashSet<>();
                full.getFields().forEach(f -> want.add(f.getName()));
                if (!want.equals(names)) {
                    Set<String> missing = new TreeSet<>(want);
                    missing.removeAll(names);
                    Set<String> extra = new TreeSet<>(names);
                    extra.removeAll(want);
                    throw new InvalidRequestException(format + " file " + uri + " does not have the expected columns"
                            + (missing.isEmpty() ? "" : ": missing " + missing)
                            + (extra.isEmpty() ? "" : (missing.isEmpty() ? ": " : ", ") + "unexpected " + extra));
                }
            }
            return full;
        }
        List<Field> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String c : request.columns()) {
            if (!seen.add(c)) {
                throw new InvalidRequestException("column '" + c + "' is requested more than once");
            }
            if (!names.contains(c)) {
                throw new InvalidRequestException("column '" + c + "' is not in " + format + " file " + uri);
            }
            Field f = find(full, c);
            if (f == null) {
                throw new InvalidRequestException("column '" + c + "' of " + format + " file " + uri
                        + " is not in the expected schema");
            }
            out.add(f);
        }
        return new Schema(out, full.getCustomMetadata());
    }

    static Field find(Schema schema, String name) {
        for (Field f : schema.getFields()) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
