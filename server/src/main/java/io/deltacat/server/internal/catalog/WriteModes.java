package io.deltacat.server.internal.catalog;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.MergeKeysRequiredException;
import io.deltacat.api.expr.Literals;
import io.deltacat.api.model.MergeKeys;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rules of write modes, merge keys and the table properties this branch owns: which modes need
 * an existing table or merge keys, what data each accepts, and which delta type a commit records.
 *
 * <p>Delta types: {@code append} (plain rows), {@code upsert} (rows that replace the live row of their
 * merge key), {@code delete} (keys whose live rows go), {@code replace} (supersedes every earlier file
 * of the table) and {@code compacted} (written by compaction). On a table with merge keys every
 * non-delete delta reconciles by key, so {@code append} behaves like {@code upsert} there.
 */
final class WriteModes {
    static final Set<String> MODES = Set.of("auto", "create", "add", "append", "replace", "merge", "delete");
    static final String READ_OPTIMIZATION_LEVEL = "read_optimization_level";

    private WriteModes() {
    }

    static void checkMode(String mode) {
        if (!MODES.contains(mode)) {
            throw new InvalidRequestException("unknown write mode '" + mode
                    + "'; known: auto, create, add, append, replace, merge, delete");
        }
    }

    /** Whether the mode fails on a missing table instead of creating it. */
    static boolean needsTable(String mode) {
        return !mode.equals("auto") && !mode.equals("create");
    }

    /** The delta type a commit of {@code mode} records on a table with or without merge keys. */
    static String deltaType(String mode, boolean hasMergeKeys) {
        switch (mode) {
            case "merge": return "upsert";
            case "delete": return "delete";
            case "replace": return "replace";
            case "auto": return hasMergeKeys ? "upsert" : "append";
            default: return "append";
        }
    }

    /**
     * Checks that data of schema {@code data} may be written with {@code mode} into a table of schema
     * {@code table}: MERGE and DELETE need merge keys; DELETE takes any subset of the table's columns
     * that includes every merge key; the others take exactly the table's columns.
     */
    /** {@code merge} and {@code delete} need a table with merge keys. */
    static void requireMergeKeys(String namespace, String name, String mode, Schema table) {
        if ((mode.equals("merge") || mode.equals("delete")) && MergeKeys.of(table).isEmpty()) {
            throw new MergeKeysRequiredException("table '" + namespace + "." + name + "' has no merge keys; write mode '"
                    + mode + "' needs them (declare them with mergeKeys when creating the table)");
        }
    }

    static void checkData(String namespace, String name, String mode, Schema table, Schema data) {
        requireMergeKeys(namespace, name, mode, table);
        List<String> keys = MergeKeys.of(table);
        if (!mode.equals("delete")) {
            SchemaChecks.checkSchema(table, data);
            return;
        }
        Map<String, Field> fields = table.getFields().stream()
                .collect(Collectors.toMap(Field::getName, f -> f));
        Set<String> seen = new LinkedHashSet<>();
        for (Field d : data.getFields()) {
            Field t = fields.get(d.getName());
            if (t == null) {
                throw new InvalidRequestException("delete data column '" + d.getName() + "' is not in table '"
                        + namespace + "." + name + "'; its columns are " + fields.keySet());
            }
            if (!t.getType().equals(d.getType())) {
                throw new InvalidRequestException("schema mismatch at column '" + d.getName() + "': data type "
                        + Literals.typeName(d.getType()) + " does not match table type " + Literals.typeName(t.getType()));
            }
            seen.add(d.getName());
        }
        List<String> missing = keys.stream().filter(k -> !seen.contains(k)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidRequestException("delete data lacks merge key column(s) " + missing + " of table '"
                    + namespace + "." + name + "'");
        }
    }

    /**
     * The schema of a table to create: {@code schema} with exactly {@code mergeKeys} marked (field
     * metadata {@code deltacat.merge_key=true}); when {@code mergeKeys} is empty, the fields the schema
     * already marks. Merge keys must be top-level columns of a non-floating-point primitive or string
     * type, each named once.
     */
    static Schema withMergeKeys(Schema schema, List<String> mergeKeys) {
        List<String> keys = mergeKeys.isEmpty() ? MergeKeys.of(schema) : mergeKeys;
        Set<String> names = schema.getFields().stream().map(Field::getName).collect(Collectors.toSet());
        Set<String> unique = new LinkedHashSet<>();
        for (String k : keys) {
            if (!names.contains(k)) {
                throw new InvalidRequestException("merge key '" + k + "' is not a column of the schema; its columns are "
                        + schema.getFields().stream().map(Field::getName).toList());
            }
            if (!unique.add(k)) {
                throw new InvalidRequestException("merge key '" + k + "' is named more than once");
            }
        }
        List<Field> out = new ArrayList<>();
        for (Field f : schema.getFields()) {
            boolean key = unique.contains(f.getName());
            if (key && !keyType(f.getType())) {
                throw new InvalidRequestException("merge key '" + f.getName() + "' has type "
                        + Literals.typeName(f.getType()) + "; merge keys must be integer, string, boolean, date,"
                        + " timestamp or decimal columns (not floating point or nested)");
            }
            Map<String, String> meta = new java.util.LinkedHashMap<>(f.getMetadata() == null ? Map.of() : f.getMetadata());
            if (key) {
                meta.put(MergeKeys.METADATA_KEY, "true");
            } else {
                meta.remove(MergeKeys.METADATA_KEY);
            }
            out.add(new Field(f.getName(), new org.apache.arrow.vector.types.pojo.FieldType(f.isNullable(), f.getType(),
                    f.getDictionary(), meta.isEmpty() ? null : meta), f.getChildren()));
        }
        return new Schema(out, schema.getCustomMetadata());
    }

    private static boolean keyType(ArrowType t) {
        return t instanceof ArrowType.Int || t instanceof ArrowType.Utf8 || t instanceof ArrowType.LargeUtf8
                || t instanceof ArrowType.Bool || t instanceof ArrowType.Date || t instanceof ArrowType.Timestamp
                || t instanceof ArrowType.Decimal;
    }

    /**
     * Checks the properties this branch owns: {@code read_optimization_level} (none | moderate | max)
     * and the thresholds of background compaction ({@link CompactionPolicy}).
     */
    static void checkProperties(Map<String, String> properties) {
        CompactionPolicy.check(properties);
    }

    /** Whether writes to a table with these properties compact it before answering. */
    static boolean compactsOnWrite(Map<String, String> properties) {
        return CompactionPolicy.of(properties).max();
    }
}
