package io.deltacat.server.internal.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import io.deltacat.api.options.AlterTableOptions.AddField;
import io.deltacat.api.options.AlterTableOptions.DropField;
import io.deltacat.api.options.AlterTableOptions.RenameField;
import io.deltacat.api.options.AlterTableOptions.SchemaChange;
import io.deltacat.api.options.AlterTableOptions.SetMergeKeys;
import io.deltacat.api.options.AlterTableOptions.WidenField;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Schema evolution by field id: ids assigned at creation and on every added field (never reused),
 * the checked application of {@code alterTable} changes, and the rules of table property
 * {@code schema_evolution_mode} for writes that carry new fields.
 */
public final class SchemaEvolution {
    public static final String FIELD_ID = "deltacat.field_id";
    public static final String MERGE_KEY = "deltacat.merge_key";
    public static final String DEFAULT = "deltacat.default";
    public static final String MODE_PROPERTY = "schema_evolution_mode";
    private static final Set<String> MODES = Set.of("manual", "auto", "disabled");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaEvolution() {
    }

    /** A schema with its field ids assigned and the highest id given out so far. */
    public record Evolved(Schema schema, int lastFieldId, Layout layout) {
    }

    /** Checks the value of {@code schema_evolution_mode} in table properties, if set. */
    public static void checkProperties(Map<String, String> properties) {
        String mode = properties.get(MODE_PROPERTY);
        if (mode != null && !MODES.contains(mode)) {
            throw new InvalidRequestException("table property '" + MODE_PROPERTY + "' must be manual, auto or"
                    + " disabled, got '" + mode + "'");
        }
    }

    /** The table's schema evolution mode (manual when unset). */
    public static String mode(Map<String, String> properties) {
        return properties.getOrDefault(MODE_PROPERTY, "manual");
    }

    /** The field id of a top-level field, or -1 when it has none (tables created before field ids). */
    public static int fieldId(Field f) {
        String id = f.getMetadata() == null ? null : f.getMetadata().get(FIELD_ID);
        return id == null ? -1 : Integer.parseInt(id);
    }

    /** A new table's schema: ids 1..n on its top-level fields, any incoming ids replaced. */
    public static Evolved assignIds(Schema schema, Layout layout) {
        List<Field> out = new ArrayList<>();
        int id = 0;
        for (Field f : schema.getFields()) {
            out.add(withMetadata(f, FIELD_ID, Integer.toString(++id)));
        }
        return new Evolved(new Schema(out, schema.getCustomMetadata()), id, layout);
    }

    /** Gives ids to fields that have none (tables from before field ids), above {@code lastId}. */
    static Evolved ensureIds(Schema schema, int lastId, Layout layout) {
        int max = lastId;
        for (Field f : schema.getFields()) {
            max = Math.max(max, fieldId(f));
        }
        List<Field> out = new ArrayList<>();
        for (Field f : schema.getFields()) {
            out.add(fieldId(f) < 0 ? withMetadata(f, FIELD_ID, Integer.toString(++max)) : f);
        }
        return new Evolved(new Schema(out, schema.getCustomMetadata()), max, layout);
    }

    /**
     * Applies changes in order to a table's schema, checking each.
     *
     * @param hasData whether the table has any data file (merge keys change only without)
     * @throws InvalidRequestException for an invalid change (nothing is applied)
     * @throws ConflictException       for a merge key change on a table with data
     */
    public static Evolved apply(Schema schema, int lastFieldId, Layout layout, boolean hasData,
                                List<SchemaChange> changes) {
        Evolved e = ensureIds(schema, lastFieldId, layout);
        List<Field> fields = new ArrayList<>(e.schema().getFields());
        int lastId = e.lastFieldId();
        Layout lay = layout;
        for (SchemaChange change : changes) {
            if (change instanceof AddField add) {
                Field f = add.field();
                if (indexOf(fields, f.getName()) >= 0) {
                    throw new InvalidRequestException("cannot add field '" + f.getName() + "': the table already has"
                            + " a field of that name");
                }
                Names.check("field", f.getName());
                Field plain = new Field(f.getName(), new FieldType(f.isNullable(), f.getType(), f.getDictionary(),
                        null), f.getChildren());
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put(FIELD_ID, Integer.toString(++lastId));
                if (add.defaultValue() != null) {
                    if (!Literals.isComparable(f.getType())) {
                        throw new InvalidRequestException("cannot add field '" + f.getName() + "' with a default: type "
                                + Literals.typeName(f.getType()) + " takes no default value");
                    }
                    Object v = Literals.normalize(f.getName(), f.getType(), add.defaultValue());
                    meta.put(DEFAULT, defaultJson(v));
                } else if (!f.isNullable()) {
                    throw new InvalidRequestException("cannot add field '" + f.getName() + "': a non-nullable field"
                            + " needs a default value for the rows already written");
                }
                fields.add(new Field(plain.getName(), new FieldType(f.isNullable(), f.getType(), f.getDictionary(),
                        meta), plain.getChildren()));
            } else if (change instanceof RenameField r) {
                int i = require(fields, r.name(), "rename");
                Names.check("field", r.newName());
                if (indexOf(fields, r.newName()) >= 0) {
                    throw new InvalidRequestException("cannot rename field '" + r.name() + "' to '" + r.newName()
                            + "': the table already has a field of that name");
                }
                Field f = fields.get(i);
                fields.set(i, new Field(r.newName(), f.getFieldType(), f.getChildren()));
                lay = lay.rename(r.name(), r.newName());
            } else if (change instanceof WidenField w) {
                int i = require(fields, w.name(), "widen");
                Field f = fields.get(i);
                if (!widens(f.getType(), w.type())) {
                    throw new InvalidRequestException("cannot change field '" + w.name() + "' from "
                            + Literals.typeName(f.getType()) + " to " + Literals.typeName(w.type())
                            + ": only widening is allowed (int8/16/32 to a wider signed int, float16/32 to a wider float)");
                }
                fields.set(i, new Field(f.getName(), new FieldType(f.isNullable(), w.type(), f.getDictionary(),
                        f.getMetadata()), f.getChildren()));
            } else if (change instanceof DropField d) {
                int i = require(fields, d.name(), "drop");
                Field f = fields.get(i);
                if ("true".equals(f.getMetadata().get(MERGE_KEY))) {
                    throw new InvalidRequestException("cannot drop field '" + d.name() + "': it is a merge key");
                }
                if (lay.uses(d.name())) {
                    throw new InvalidRequestException("cannot drop field '" + d.name()
                            + "': it is the source of a partition or sort key");
                }
                if (fields.size() == 1) {
                    throw new InvalidRequestException("cannot drop field '" + d.name() + "': it is the table's only field");
                }
                fields.remove(i);
            } else if (change instanceof SetMergeKeys m) {
                if (hasData) {
                    throw new ConflictException("merge keys can only change while the table has no data; it has"
                            + " data files");
                }
                Set<String> keys = new HashSet<>(m.fields());
                for (String k : m.fields()) {
                    require(fields, k, "make a merge key of");
                }
                for (int i = 0; i < fields.size(); i++) {
                    Field f = fields.get(i);
                    Map<String, String> meta = new LinkedHashMap<>(f.getMetadata());
                    if (keys.contains(f.getName())) {
                        meta.put(MERGE_KEY, "true");
                    } else {
                        meta.remove(MERGE_KEY);
                    }
                    fields.set(i, new Field(f.getName(), new FieldType(f.isNullable(), f.getType(), f.getDictionary(),
                            meta), f.getChildren()));
                }
            }
        }
        return new Evolved(new Schema(fields, schema.getCustomMetadata()), lastId, lay);
    }

    /**
     * A write's effective schema (what its files must hold) and the fields it adds to the table.
     * {@code filled} names the table columns the data lacks, which the files get as null or default.
     */
    public record WriteSchema(Schema schema, List<Field> added, List<String> filled) {
    }

    /**
     * Checks a write's data schema against the table's under the table's evolution mode: the data's
     * table columns in table order with equal types, then, in {@code auto} mode only, new columns at
     * the end. A table column the data lacks is allowed when it is nullable or has a default and is
     * not a merge key: the effective schema has it at its table position (the table's field, with its
     * default), and the client writes it null or default on every row.
     */
    public static WriteSchema checkWrite(Schema table, Schema data, Map<String, String> properties) {
        Set<String> known = table.getFields().stream().map(Field::getName).collect(Collectors.toSet());
        List<Field> added = data.getFields().stream().filter(f -> !known.contains(f.getName())).toList();
        List<String> names = added.stream().map(Field::getName).toList();
        String mode = mode(properties);
        if (!added.isEmpty() && !mode.equals("auto")) {
            // a table column missing too is likely the same column under another name: say so
            Set<String> given = data.getFields().stream().map(Field::getName).collect(Collectors.toSet());
            List<String> lacking = table.getFields().stream().map(Field::getName).filter(x -> !given.contains(x))
                    .toList();
            throw new InvalidRequestException("the data has new field(s) " + names + " that the table does not have"
                    + (lacking.isEmpty() ? "" : " and lacks table column(s) " + lacking)
                    + "; schema_evolution_mode is '" + mode + "'" + (mode.equals("manual")
                    ? ": add them with alterTable first, or set table property schema_evolution_mode=auto"
                    : ": the table's schema cannot change"));
        }
        List<Field> df = data.getFields();
        int n = df.size() - added.size();
        if (!df.subList(n, df.size()).equals(added)) {
            throw new InvalidRequestException("the data has new field(s) " + names + ": with schema_evolution_mode"
                    + " auto, new fields must come after all of the table's columns "
                    + table.getFields().stream().map(Field::getName).toList() + ", in that order");
        }
        // the table's columns, each the data's own or, when the data lacks it, the table's to fill
        Map<String, Field> given = new LinkedHashMap<>();
        df.subList(0, n).forEach(f -> given.put(f.getName(), f));
        List<Field> effective = new ArrayList<>();
        List<String> filled = new ArrayList<>();
        List<Field> tf = table.getFields();
        for (int i = 0; i < tf.size(); i++) {
            Field t = tf.get(i);
            Field d = given.get(t.getName());
            if (d != null) {
                effective.add(d);
                continue;
            }
            if (!fillable(t)) {
                throw new InvalidRequestException("schema mismatch: the data lacks table column '" + t.getName()
                        + "' (" + Literals.typeName(t.getType()) + ") at position " + (i + 1) + ", which "
                        + ("true".equals(t.getMetadata().get(MERGE_KEY)) ? "is a merge key"
                        : "is not nullable and has no default"));
            }
            effective.add(t);
            filled.add(t.getName());
        }
        // the data's own columns out of table order: the positional check names the first difference
        List<String> order = df.subList(0, n).stream().map(Field::getName).toList();
        if (!order.equals(tf.stream().map(Field::getName).filter(given::containsKey).toList())) {
            SchemaChecks.checkSchema(table, new Schema(df.subList(0, n)));
        }
        SchemaChecks.checkSchema(table, new Schema(effective));
        effective.addAll(added);
        return new WriteSchema(new Schema(effective, data.getCustomMetadata()), added, filled);
    }

    /** Whether rows may leave a table column out: nullable or defaulted, and not a merge key. */
    private static boolean fillable(Field t) {
        return (t.isNullable() || t.getMetadata().containsKey(DEFAULT)) && !"true".equals(t.getMetadata().get(MERGE_KEY));
    }

    /** The table schema with {@code added} appended (nullable, with new ids). */
    public static Evolved addFields(Schema table, int lastFieldId, Layout layout, List<Field> added) {
        Evolved e = ensureIds(table, lastFieldId, layout);
        List<Field> fields = new ArrayList<>(e.schema().getFields());
        int lastId = e.lastFieldId();
        for (Field f : added) {
            fields.add(new Field(f.getName(), new FieldType(true, f.getType(), f.getDictionary(),
                    Map.of(FIELD_ID, Integer.toString(++lastId))), f.getChildren()));
        }
        return new Evolved(new Schema(fields, table.getCustomMetadata()), lastId, layout);
    }

    private static boolean widens(ArrowType from, ArrowType to) {
        if (from instanceof ArrowType.Int a && to instanceof ArrowType.Int b) {
            return a.getIsSigned() && b.getIsSigned() && b.getBitWidth() > a.getBitWidth();
        }
        if (from instanceof ArrowType.FloatingPoint a && to instanceof ArrowType.FloatingPoint b) {
            return rank(b.getPrecision()) > rank(a.getPrecision());
        }
        return false;
    }

    private static int rank(FloatingPointPrecision p) {
        return p == FloatingPointPrecision.HALF ? 0 : p == FloatingPointPrecision.SINGLE ? 1 : 2;
    }

    private static int indexOf(List<Field> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static int require(List<Field> fields, String name, String verb) {
        int i = indexOf(fields, name);
        if (i < 0) {
            throw new InvalidRequestException("cannot " + verb + " field '" + name + "': the table has no such field;"
                    + " its fields are " + fields.stream().map(Field::getName).toList());
        }
        return i;
    }

    private static Field withMetadata(Field f, String key, String value) {
        Map<String, String> meta = new LinkedHashMap<>(f.getMetadata() == null ? Map.of() : f.getMetadata());
        meta.put(key, value);
        return new Field(f.getName(), new FieldType(f.isNullable(), f.getType(), f.getDictionary(), meta),
                f.getChildren());
    }

    private static String defaultJson(Object v) {
        try {
            return JSON.writeValueAsString(v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
