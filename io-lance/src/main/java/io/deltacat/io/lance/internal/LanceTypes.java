package io.deltacat.io.lance.internal;

import io.deltacat.api.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow types this provider stores in Lance and reads back exactly. The list is deliberately
 * closed: a type joins it only once a round trip through Lance is tested. Lance's native code
 * aborts the whole JVM (a panic that cannot unwind through JNI) on some types it cannot hold, so
 * nothing may reach it unchecked.
 *
 * <p>One mapping: Lance writes a timestamp's type as {@code timestamp:<unit>:<zone>} and cannot
 * parse it back when the zone holds a colon, so an offset zone such as {@code +02:00} is stored as
 * {@code +0200} (the same offset for every Arrow reader) with the original spelling in the field
 * metadata key {@value #ZONE_KEY}; {@link #fromLance} restores it.
 */
final class LanceTypes {
    static final String ZONE_KEY = "deltacat:arrow_timezone";
    private static final Pattern OFFSET_ZONE = Pattern.compile("[+-]\\d{2}:\\d{2}");

    private LanceTypes() {
    }

    /** {@code schema} as handed to Lance: offset zones without their colon (see the class comment). */
    static Schema toLance(Schema schema) {
        List<Field> fields = new ArrayList<>();
        for (Field f : schema.getFields()) {
            fields.add(toLance(f));
        }
        return new Schema(fields, schema.getCustomMetadata());
    }

    private static Field toLance(Field field) {
        List<Field> children = new ArrayList<>();
        for (Field c : field.getChildren()) {
            children.add(toLance(c));
        }
        ArrowType type = field.getType();
        Map<String, String> metadata = field.getMetadata();
        if (type instanceof ArrowType.Timestamp ts && ts.getTimezone() != null
                && OFFSET_ZONE.matcher(ts.getTimezone()).matches()) {
            type = new ArrowType.Timestamp(ts.getUnit(), ts.getTimezone().replace(":", ""));
            metadata = new HashMap<>(metadata);
            metadata.put(ZONE_KEY, ts.getTimezone());
        }
        return new Field(field.getName(),
                new FieldType(field.isNullable(), type, field.getDictionary(), metadata), children);
    }

    /** The schema of a dataset as the writer was given it: {@link #toLance} undone. */
    static Schema fromLance(Schema schema) {
        List<Field> fields = new ArrayList<>();
        for (Field f : schema.getFields()) {
            fields.add(fromLance(f));
        }
        return new Schema(fields, schema.getCustomMetadata());
    }

    private static Field fromLance(Field field) {
        List<Field> children = new ArrayList<>();
        for (Field c : field.getChildren()) {
            children.add(fromLance(c));
        }
        ArrowType type = field.getType();
        Map<String, String> metadata = field.getMetadata();
        String zone = metadata.get(ZONE_KEY);
        if (type instanceof ArrowType.Timestamp ts && zone != null) {
            type = new ArrowType.Timestamp(ts.getUnit(), zone);
            metadata = new HashMap<>(metadata);
            metadata.remove(ZONE_KEY);
        }
        return new Field(field.getName(),
                new FieldType(field.isNullable(), type, field.getDictionary(), metadata), children);
    }

    /** Throws {@link InvalidRequestException} naming the first column whose type Lance cannot hold. */
    static void check(Schema schema) {
        Set<String> names = new HashSet<>();
        for (Field field : schema.getFields()) {
            if (!names.add(field.getName())) {
                throw new InvalidRequestException("lance provider cannot store column '" + field.getName()
                        + "': the name occurs more than once");
            }
            check(field.getName(), field);
        }
    }

    private static void check(String path, Field field) {
        if (field.getName() == null || field.getName().isEmpty()) {
            throw new InvalidRequestException("lance provider cannot store column '" + path
                    + "': a field has an empty name");
        }
        if (field.getName().contains(".")) {
            throw new InvalidRequestException("lance provider cannot store column '" + path
                    + "': Lance reads '.' in a field name as a path into a struct");
        }
        if (field.getDictionary() != null) {
            throw unsupported(path, field, "dictionary-encoded columns are not supported");
        }
        ArrowType type = field.getType();
        List<Field> children = field.getChildren();
        switch (type.getTypeID()) {
            case Int:
            case Bool:
            case Utf8:
            case LargeUtf8:
            case Binary:
            case LargeBinary:
            case FixedSizeBinary:
                return;
            case Timestamp:
                String zone = ((ArrowType.Timestamp) type).getTimezone();
                if (zone != null && zone.contains(":") && !OFFSET_ZONE.matcher(zone).matches()) {
                    throw unsupported(path, field, "Lance cannot hold a time zone with ':' other than an offset like +02:00");
                }
                if (field.getMetadata().containsKey(ZONE_KEY)) {
                    throw unsupported(path, field, "the field metadata key " + ZONE_KEY + " is reserved");
                }
                return;
            case FloatingPoint:
                if (((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.HALF) {
                    throw unsupported(path, field, "half-precision floats are not supported");
                }
                return;
            case Decimal:
                if (((ArrowType.Decimal) type).getBitWidth() != 128) {
                    throw unsupported(path, field, "only 128-bit decimals are supported");
                }
                return;
            case Date:
                return;
            case List:
            case LargeList:
                checkElement(path, children.get(0));
                return;
            case FixedSizeList:
                Field element = children.get(0);
                ArrowType.ArrowTypeID id = element.getType().getTypeID();
                if (id != ArrowType.ArrowTypeID.Int && id != ArrowType.ArrowTypeID.FloatingPoint) {
                    throw unsupported(path, field, "fixed-size lists may only hold integers or floats");
                }
                checkElement(path, element);
                return;
            case Struct:
                if (children.isEmpty()) {
                    throw unsupported(path, field, "a struct needs at least one field");
                }
                Set<String> names = new HashSet<>();
                for (Field child : children) {
                    if (!names.add(child.getName())) {
                        throw unsupported(path, field, "struct field '" + child.getName() + "' occurs more than once");
                    }
                    check(path + "." + child.getName(), child);
                }
                return;
            default:
                throw unsupported(path, field, "the type is not supported");
        }
    }

    /** A list's element: its name (usually "item") is not a column name, so only its type is checked. */
    private static void checkElement(String listPath, Field element) {
        String name = element.getName() == null || element.getName().isEmpty() || element.getName().contains(".")
                ? "item" : element.getName();
        Field renamed = new Field(name, element.getFieldType(), element.getChildren());
        check(listPath + "." + name, renamed);
    }

    private static InvalidRequestException unsupported(String path, Field field, String why) {
        return new InvalidRequestException("lance provider cannot store column '" + path + "' of type "
                + field.getType() + ": " + why);
    }
}
