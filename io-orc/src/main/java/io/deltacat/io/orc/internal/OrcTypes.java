package io.deltacat.io.orc.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.expr.Literals;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import io.deltacat.bundle.orc.shaded.TypeDescription;

/**
 * Arrow types to ORC types and back.
 *
 * <p>Mapping: int8/16/32/64 to tinyint/smallint/int/bigint, float32/64 to float/double, bool to
 * boolean, utf8 to string, binary to binary, decimal128(p &le; 38, s) to decimal(p,s), date32 to date,
 * timestamps without a zone to {@code timestamp} and with a zone to
 * {@code timestamp with local time zone} (both nanosecond precision, UTC based), list to array,
 * struct to struct. Everything else (unsigned integers, large/view types, maps, unions, dictionaries,
 * time, interval, date64...) is rejected. The exact Arrow field (widths, timestamp unit and zone,
 * metadata, nullability) is kept in the file's user metadata under {@link #ARROW_SCHEMA_KEY}.
 */
final class OrcTypes {
    /** User metadata key holding the Arrow schema (JSON) of the file. */
    static final String ARROW_SCHEMA_KEY = "deltacat.arrow.schema";

    private OrcTypes() {
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

    private static InvalidRequestException cannotStore(Field column) {
        return new InvalidRequestException("orc provider cannot store column '" + column.getName()
                + "' of type " + describe(column));
    }

    /** The ORC struct of an Arrow schema; rejects the first column it cannot store. */
    static TypeDescription toOrc(Schema schema) {
        TypeDescription struct = TypeDescription.createStruct();
        List<String> seen = new ArrayList<>();
        for (Field f : schema.getFields()) {
            if (seen.contains(f.getName())) {
                throw new InvalidRequestException("orc provider cannot store two columns named '" + f.getName() + "'");
            }
            seen.add(f.getName());
            TypeDescription t = toOrc(f);
            if (t == null) {
                throw cannotStore(f);
            }
            struct.addField(f.getName(), t);
        }
        return struct;
    }

    /** The ORC type of a field, or null when ORC cannot hold it. */
    private static TypeDescription toOrc(Field field) {
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
                switch (t.getBitWidth()) {
                    case 8: return TypeDescription.createByte();
                    case 16: return TypeDescription.createShort();
                    case 32: return TypeDescription.createInt();
                    case 64: return TypeDescription.createLong();
                    default: return null;
                }
            }
            case FloatingPoint: {
                FloatingPointPrecision p = ((ArrowType.FloatingPoint) type).getPrecision();
                return p == FloatingPointPrecision.SINGLE ? TypeDescription.createFloat()
                        : p == FloatingPointPrecision.DOUBLE ? TypeDescription.createDouble() : null;
            }
            case Bool:
                return TypeDescription.createBoolean();
            case Utf8:
                return TypeDescription.createString();
            case Binary:
                return TypeDescription.createBinary();
            case Decimal: {
                ArrowType.Decimal d = (ArrowType.Decimal) type;
                if (d.getBitWidth() != 128 || d.getPrecision() < 1 || d.getPrecision() > 38
                        || d.getScale() < 0 || d.getScale() > d.getPrecision()) {
                    return null;
                }
                return TypeDescription.createDecimal().withScale(d.getScale()).withPrecision(d.getPrecision());
            }
            case Date:
                return ((ArrowType.Date) type).getUnit() == DateUnit.DAY ? TypeDescription.createDate() : null;
            case Timestamp:
                return ((ArrowType.Timestamp) type).getTimezone() == null ? TypeDescription.createTimestamp()
                        : TypeDescription.createTimestampInstant();
            case List: {
                if (field.getChildren().size() != 1) {
                    return null;
                }
                TypeDescription element = toOrc(field.getChildren().get(0));
                return element == null ? null : TypeDescription.createList(element);
            }
            case Struct: {
                if (field.getChildren().isEmpty()) {
                    return null;
                }
                TypeDescription s = TypeDescription.createStruct();
                for (Field c : field.getChildren()) {
                    TypeDescription t = toOrc(c);
                    if (t == null || s.getFieldNames().contains(c.getName())) {
                        return null;
                    }
                    s.addField(c.getName(), t);
                }
                return s;
            }
            default:
                return null;
        }
    }

    /**
     * The Arrow field of an ORC column: {@code stored} (from the file's Arrow schema) when it maps to
     * exactly this ORC type, else derived from the ORC type.
     */
    static Field toArrow(String name, TypeDescription orc, Field stored) {
        if (stored != null && stored.getName().equals(name)) {
            TypeDescription expected = toOrc(stored);
            if (expected != null && expected.toString().equals(orc.toString())) {
                return stored;
            }
        }
        return derive(name, orc);
    }

    private static Field derive(String name, TypeDescription orc) {
        ArrowType type;
        List<Field> children = null;
        switch (orc.getCategory()) {
            case BOOLEAN: type = ArrowType.Bool.INSTANCE; break;
            case BYTE: type = new ArrowType.Int(8, true); break;
            case SHORT: type = new ArrowType.Int(16, true); break;
            case INT: type = new ArrowType.Int(32, true); break;
            case LONG: type = new ArrowType.Int(64, true); break;
            case FLOAT: type = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE); break;
            case DOUBLE: type = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE); break;
            case STRING: case CHAR: case VARCHAR: type = ArrowType.Utf8.INSTANCE; break;
            case BINARY: type = ArrowType.Binary.INSTANCE; break;
            case DECIMAL: type = new ArrowType.Decimal(orc.getPrecision(), orc.getScale(), 128); break;
            case DATE: type = new ArrowType.Date(DateUnit.DAY); break;
            case TIMESTAMP: type = new ArrowType.Timestamp(TimeUnit.NANOSECOND, null); break;
            case TIMESTAMP_INSTANT: type = new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC"); break;
            case LIST:
                type = new ArrowType.List();
                children = List.of(derive("item", orc.getChildren().get(0)));
                break;
            case STRUCT: {
                type = ArrowType.Struct.INSTANCE;
                children = new ArrayList<>();
                for (int i = 0; i < orc.getFieldNames().size(); i++) {
                    children.add(derive(orc.getFieldNames().get(i), orc.getChildren().get(i)));
                }
                break;
            }
            default:
                throw new InvalidRequestException("orc provider cannot read column '" + name + "' of ORC type " + orc);
        }
        return new Field(name, FieldType.nullable(type), children);
    }

    /** The Arrow schema stored by our writer, or null when absent or unreadable. */
    static Schema storedSchema(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Schema.fromJSON(json);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable: derive every type from the ORC schema
        }
    }
}
