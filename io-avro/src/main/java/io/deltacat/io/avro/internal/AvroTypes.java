package io.deltacat.io.avro.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Arrow types to Avro schemas and back.
 *
 * <p>Mapping: int8/16/32 to {@code int}, int64 to {@code long}, float32/64 to {@code float}/{@code double},
 * bool to {@code boolean}, utf8 to {@code string}, binary to {@code bytes}, decimal128 to
 * {@code bytes} with logical type {@code decimal(p,s)}, date32 to {@code int}/{@code date},
 * timestamps to {@code long} with {@code timestamp-millis/-micros/-nanos} (with a time zone) or
 * {@code local-timestamp-*} (without), list to {@code array}, struct to {@code record}, a map with
 * utf8 keys to {@code map} (Avro's keys are strings; entries keep their order both ways). A nullable
 * column is the union {@code ["null", T]}. Column names must be valid Avro names. The exact Arrow
 * schema (int widths, the zone itself, metadata) is kept in the file metadata under
 * {@link #ARROW_SCHEMA_KEY}.
 */
final class AvroTypes {
    static final String ARROW_SCHEMA_KEY = "deltacat.arrow.schema";
    static final String ROOT_RECORD = "deltacat_row";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private AvroTypes() {
    }

    static String describe(Field field) {
        ArrowType type = field.getType();
        switch (type.getTypeID()) {
            case Struct: {
                StringBuilder b = new StringBuilder("struct<");
                for (int i = 0; i < field.getChildren().size(); i++) {
                    Field c = field.getChildren().get(i);
                    b.append(i == 0 ? "" : ", ").append(c.getName()).append(": ").append(describe(c));
                }
                return b.append('>').toString();
            }
            case List: case LargeList: case FixedSizeList: case Map:
                return Literals.typeName(type) + (field.getChildren().isEmpty() ? ""
                        : "<" + describe(field.getChildren().get(0)) + ">");
            default:
                return Literals.typeName(type);
        }
    }

    /** The Avro record schema of an Arrow schema; rejects the first column it cannot store. */
    static Schema toAvro(org.apache.arrow.vector.types.pojo.Schema schema) {
        List<Schema.Field> fields = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Field f : schema.getFields()) {
            if (!NAME.matcher(f.getName()).matches()) {
                throw new InvalidRequestException("avro provider cannot store column '" + f.getName()
                        + "': not a valid Avro name ([A-Za-z_][A-Za-z0-9_]*)");
            }
            if (!seen.add(f.getName())) {
                throw new InvalidRequestException("avro provider cannot store two columns named '" + f.getName() + "'");
            }
            Schema s = toAvro(f, ROOT_RECORD + "_" + f.getName());
            if (s == null) {
                throw new InvalidRequestException("avro provider cannot store column '" + f.getName()
                        + "' of type " + describe(f));
            }
            fields.add(new Schema.Field(f.getName(), s));
        }
        return Schema.createRecord(ROOT_RECORD, null, null, false, fields);
    }

    /** The Avro schema of a field (a union with null when nullable), or null when Avro cannot hold it. */
    private static Schema toAvro(Field field, String recordName) {
        Schema s = valueSchema(field, recordName);
        if (s == null) {
            return null;
        }
        return field.isNullable() ? Schema.createUnion(Schema.create(Schema.Type.NULL), s) : s;
    }

    private static Schema valueSchema(Field field, String recordName) {
        if (field.getDictionary() != null) {
            return null;
        }
        ArrowType type = field.getType();
        switch (type.getTypeID()) {
            case Int: {
                ArrowType.Int t = (ArrowType.Int) type;
                if (!t.getIsSigned()) {
                    return null;
                }
                return Schema.create(t.getBitWidth() == 64 ? Schema.Type.LONG : Schema.Type.INT);
            }
            case FloatingPoint: {
                FloatingPointPrecision p = ((ArrowType.FloatingPoint) type).getPrecision();
                return p == FloatingPointPrecision.SINGLE ? Schema.create(Schema.Type.FLOAT)
                        : p == FloatingPointPrecision.DOUBLE ? Schema.create(Schema.Type.DOUBLE) : null;
            }
            case Bool:
                return Schema.create(Schema.Type.BOOLEAN);
            case Utf8:
                return Schema.create(Schema.Type.STRING);
            case Binary:
                return Schema.create(Schema.Type.BYTES);
            case Decimal: {
                ArrowType.Decimal d = (ArrowType.Decimal) type;
                if (d.getBitWidth() != 128 || d.getScale() < 0 || d.getScale() > d.getPrecision()) {
                    return null;
                }
                return LogicalTypes.decimal(d.getPrecision(), d.getScale()).addToSchema(Schema.create(Schema.Type.BYTES));
            }
            case Date:
                return ((ArrowType.Date) type).getUnit() == DateUnit.DAY
                        ? LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT)) : null;
            case Timestamp: {
                ArrowType.Timestamp t = (ArrowType.Timestamp) type;
                boolean local = t.getTimezone() == null;
                LogicalType logical;
                switch (t.getUnit()) {
                    case MILLISECOND: logical = local ? LogicalTypes.localTimestampMillis() : LogicalTypes.timestampMillis(); break;
                    case MICROSECOND: logical = local ? LogicalTypes.localTimestampMicros() : LogicalTypes.timestampMicros(); break;
                    case NANOSECOND: logical = local ? LogicalTypes.localTimestampNanos() : LogicalTypes.timestampNanos(); break;
                    default: return null;
                }
                return logical.addToSchema(Schema.create(Schema.Type.LONG));
            }
            case List: {
                if (field.getChildren().size() != 1) {
                    return null;
                }
                Schema element = toAvro(field.getChildren().get(0), recordName + "_item");
                return element == null ? null : Schema.createArray(element);
            }
            case Map: {
                // Arrow: map<entries: struct<key (non-null), value>>; Avro's map keys are strings
                if (field.getChildren().size() != 1 || field.getChildren().get(0).getChildren().size() != 2) {
                    return null;
                }
                Field key = field.getChildren().get(0).getChildren().get(0);
                Field value = field.getChildren().get(0).getChildren().get(1);
                if (key.isNullable() || !(key.getType() instanceof ArrowType.Utf8) || key.getDictionary() != null) {
                    return null;
                }
                Schema values = toAvro(value, recordName + "_value");
                return values == null ? null : Schema.createMap(values);
            }
            case Struct: {
                if (field.getChildren().isEmpty()) {
                    return null;
                }
                List<Schema.Field> fields = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (Field c : field.getChildren()) {
                    if (!NAME.matcher(c.getName()).matches() || !seen.add(c.getName())) {
                        return null;
                    }
                    Schema s = toAvro(c, recordName + "_" + c.getName());
                    if (s == null) {
                        return null;
                    }
                    fields.add(new Schema.Field(c.getName(), s));
                }
                return Schema.createRecord(recordName, null, null, false, fields);
            }
            default:
                return null;
        }
    }

    /**
     * The Arrow field of an Avro record field: {@code stored} (from the file's Arrow schema) when it
     * maps to exactly this Avro schema, else derived from the Avro schema.
     */
    static Field toArrow(Schema.Field avro, Field stored) {
        if (stored != null && stored.getName().equals(avro.name())) {
            Schema expected = toAvro(stored, ROOT_RECORD + "_" + stored.getName());
            if (expected != null && expected.equals(avro.schema())) {
                return stored;
            }
        }
        return derive(avro.name(), avro.schema());
    }

    /** The non-null branch of {@code ["null", T]} / {@code [T, "null"]}, or null when not such a union. */
    static Schema nullableBranch(Schema union) {
        if (union.getType() != Schema.Type.UNION || union.getTypes().size() != 2) {
            return null;
        }
        Schema a = union.getTypes().get(0);
        Schema b = union.getTypes().get(1);
        if (a.getType() == Schema.Type.NULL && b.getType() != Schema.Type.NULL) {
            return b;
        }
        if (b.getType() == Schema.Type.NULL && a.getType() != Schema.Type.NULL) {
            return a;
        }
        return null;
    }

    private static Field derive(String name, Schema schema) {
        boolean nullable = false;
        Schema s = schema;
        if (s.getType() == Schema.Type.UNION) {
            s = nullableBranch(schema);
            nullable = true;
            if (s == null) {
                throw new InvalidRequestException("avro provider cannot read column '" + name
                        + "' of Avro type " + schema + ": only unions of null and one type are supported");
            }
        }
        ArrowType type;
        List<Field> children = null;
        LogicalType logical = s.getLogicalType();
        String ln = logical == null ? "" : logical.getName();
        switch (s.getType()) {
            case INT:
                type = ln.equals("date") ? new ArrowType.Date(DateUnit.DAY) : new ArrowType.Int(32, true);
                break;
            case LONG:
                switch (ln) {
                    case "timestamp-millis": type = new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"); break;
                    case "timestamp-micros": type = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"); break;
                    case "timestamp-nanos": type = new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC"); break;
                    case "local-timestamp-millis": type = new ArrowType.Timestamp(TimeUnit.MILLISECOND, null); break;
                    case "local-timestamp-micros": type = new ArrowType.Timestamp(TimeUnit.MICROSECOND, null); break;
                    case "local-timestamp-nanos": type = new ArrowType.Timestamp(TimeUnit.NANOSECOND, null); break;
                    default: type = new ArrowType.Int(64, true);
                }
                break;
            case FLOAT: type = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE); break;
            case DOUBLE: type = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE); break;
            case BOOLEAN: type = ArrowType.Bool.INSTANCE; break;
            case STRING: case ENUM: type = ArrowType.Utf8.INSTANCE; break;
            case BYTES: case FIXED:
                if (logical instanceof LogicalTypes.Decimal && ((LogicalTypes.Decimal) logical).getPrecision() <= 38) {
                    LogicalTypes.Decimal d = (LogicalTypes.Decimal) logical;
                    type = new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128);
                } else {
                    type = ArrowType.Binary.INSTANCE;
                }
                break;
            case ARRAY:
                type = new ArrowType.List();
                children = List.of(derive("item", s.getElementType()));
                break;
            case MAP:
                // Arrow's canonical layout, as pyarrow names it: entries<key: utf8 not null, value>
                type = new ArrowType.Map(false);
                children = List.of(new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(
                        new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                        derive("value", s.getValueType()))));
                break;
            case RECORD:
                type = ArrowType.Struct.INSTANCE;
                children = new ArrayList<>();
                for (Schema.Field f : s.getFields()) {
                    children.add(derive(f.name(), f.schema()));
                }
                break;
            default:
                throw new InvalidRequestException("avro provider cannot read column '" + name + "' of Avro type " + schema);
        }
        return new Field(name, new FieldType(nullable, type, null), children);
    }

    static org.apache.arrow.vector.types.pojo.Schema storedSchema(String json) {
        if (json == null) {
            return null;
        }
        try {
            return org.apache.arrow.vector.types.pojo.Schema.fromJSON(json);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
