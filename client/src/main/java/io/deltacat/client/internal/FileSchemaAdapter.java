package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.error.ServerException;
import io.deltacat.api.expr.Literals;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads one data file under the table's current schema, by field id ({@code deltacat.field_id}): the
 * file's columns are found by id whatever their name there (renames), widened columns are cast, and
 * columns the file lacks (added later) are null or the field's default ({@code deltacat.default}).
 * Built per file from the schema the file was written with; when nothing differs it is the identity
 * and the file is read as it is.
 */
final class FileSchemaAdapter {
    static final String FIELD_ID = "deltacat.field_id";
    static final String DEFAULT = "deltacat.default";

    /** One output column: the file column it comes from (null when the file lacks it). */
    private record Column(Field target, Field source) {
    }

    private final List<Column> columns;
    private final boolean identity;
    /** A file column read only for its row count, when the file has none of the target columns. */
    private final Field carrier;

    private FileSchemaAdapter(List<Column> columns, boolean identity, Field carrier) {
        this.columns = columns;
        this.identity = identity;
        this.carrier = carrier;
    }

    /**
     * The adapter from a file written with {@code fileSchema} (null when unknown: read as it is) to the
     * {@code target} columns.
     */
    static FileSchemaAdapter of(Schema target, Schema fileSchema) {
        List<Column> columns = new ArrayList<>();
        boolean identity = true;
        for (Field t : target.getFields()) {
            Field s = fileSchema == null ? t : find(fileSchema, t);
            columns.add(new Column(t, s));
            if (s == null || !s.getName().equals(t.getName()) || !s.getType().equals(t.getType())) {
                identity = false;
            }
        }
        boolean none = columns.stream().allMatch(c -> c.source() == null);
        Field carrier = none && fileSchema != null && !fileSchema.getFields().isEmpty()
                ? fileSchema.getFields().get(0) : null;
        return new FileSchemaAdapter(columns, identity, carrier);
    }

    private static Field find(Schema fileSchema, Field t) {
        String id = t.getMetadata().get(FIELD_ID);
        for (Field f : fileSchema.getFields()) {
            if (id != null ? id.equals(f.getMetadata().get(FIELD_ID)) : f.getName().equals(t.getName())) {
                return f;
            }
        }
        return null;
    }

    /**
     * {@code schema} without the catalog's field metadata ({@code deltacat.*}: field ids, defaults, merge
     * keys): what reads hand out and what local input files are compared with, plain Arrow as clients send.
     */
    static Schema plain(Schema schema) {
        List<Field> out = new ArrayList<>();
        for (Field f : schema.getFields()) {
            java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(f.getMetadata());
            meta.keySet().removeIf(k -> k.startsWith("deltacat."));
            out.add(new Field(f.getName(), new org.apache.arrow.vector.types.pojo.FieldType(f.isNullable(), f.getType(),
                    f.getDictionary(), meta.isEmpty() ? null : meta), f.getChildren()));
        }
        return new Schema(out, schema.getCustomMetadata());
    }

    /** Whether the file is read as it is. */
    boolean identity() {
        return identity;
    }

    /** The file's names of the columns to read from it, in target order (those it has). */
    List<String> fileColumns() {
        List<String> out = new ArrayList<>();
        columns.forEach(c -> {
            if (c.source() != null) {
                out.add(c.source().getName());
            }
        });
        if (carrier != null) {
            out.add(carrier.getName());
        }
        return out;
    }

    /** The file's schema restricted to {@link #fileColumns()}, for formats that need the expected types. */
    Schema fileReadSchema() {
        List<Field> out = new ArrayList<>();
        columns.forEach(c -> {
            if (c.source() != null) {
                out.add(c.source());
            }
        });
        if (carrier != null) {
            out.add(carrier);
        }
        return new Schema(out);
    }

    /**
     * A batch of the target columns from a batch of the file's columns. The result is new (the caller
     * closes it); the file columns it needs are transferred or copied out of {@code batch}.
     */
    VectorSchemaRoot adapt(VectorSchemaRoot batch, BufferAllocator allocator) {
        int rows = batch.getRowCount();
        List<FieldVector> out = new ArrayList<>();
        try {
            for (Column c : columns) {
                FieldVector dst = c.target().createVector(allocator);
                out.add(dst);
                if (c.source() == null) {
                    fillDefault(dst, c.target(), rows);
                    continue;
                }
                FieldVector src = batch.getVector(c.source().getName());
                if (src.getField().getType().equals(c.target().getType())) {
                    src.makeTransferPair(dst).transfer();
                } else {
                    cast(src, dst, rows);
                }
            }
        } catch (RuntimeException e) {
            out.forEach(FieldVector::close);
            throw e;
        }
        List<Field> fields = new ArrayList<>();
        out.forEach(v -> fields.add(v.getField()));
        return new VectorSchemaRoot(fields, out, rows);
    }

    /** Widening: integers to a wider integer, floats to a wider float. */
    private static void cast(FieldVector src, FieldVector dst, int rows) {
        dst.setInitialCapacity(Math.max(rows, 1));
        dst.allocateNew();
        for (int i = 0; i < rows; i++) {
            if (src.isNull(i)) {
                dst.setNull(i);
            } else if (src instanceof BaseIntVector s && dst instanceof BaseIntVector d) {
                d.setWithPossibleTruncate(i, s.getValueAsLong(i));
            } else if (dst instanceof Float8Vector d) {
                d.set(i, src instanceof Float4Vector s ? s.get(i) : ((Float2Vector) src).getValueAsDouble(i));
            } else if (dst instanceof Float4Vector d && src instanceof Float2Vector s) {
                d.set(i, s.getValueAsFloat(i));
            } else {
                throw new ServerException("cannot read column '" + src.getField().getName() + "' of type "
                        + Literals.typeName(src.getField().getType()) + " as "
                        + Literals.typeName(dst.getField().getType()));
            }
        }
        dst.setValueCount(rows);
    }

    /** A column the file lacks: its default on every row, or null. */
    private static void fillDefault(FieldVector dst, Field field, int rows) {
        dst.setInitialCapacity(Math.max(rows, 1));
        dst.allocateNew();
        String json = field.getMetadata().get(DEFAULT);
        if (json != null) {
            Object v = Literals.normalize(field.getName(), field.getType(), parse(json));
            for (int i = 0; i < rows; i++) {
                set(dst, i, v);
            }
        }
        dst.setValueCount(rows); // without a default every slot stays null (validity is zeroed)
    }

    private static Object parse(String json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            if (n.isIntegralNumber()) {
                return n.asLong();
            }
            if (n.isNumber()) {
                return n.asDouble();
            }
            if (n.isBoolean()) {
                return n.asBoolean();
            }
            return n.asText();
        } catch (IOException e) {
            throw new ServerException("unreadable default value " + json + ": " + e.getMessage(), e);
        }
    }

    private static void set(FieldVector v, int i, Object value) {
        if (v instanceof TimeStampVector t) {
            t.setSafe(i, (Long) value);
        } else if (v instanceof DateDayVector d) {
            d.setSafe(i, (int) (long) (Long) value);
        } else if (v instanceof BaseIntVector n) {
            n.setWithPossibleTruncate(i, (Long) value);
        } else if (v instanceof Float8Vector f) {
            f.setSafe(i, ((Number) value).doubleValue());
        } else if (v instanceof Float4Vector f) {
            f.setSafe(i, ((Number) value).floatValue());
        } else if (v instanceof BitVector b) {
            b.setSafe(i, (Boolean) value ? 1 : 0);
        } else if (v instanceof VarCharVector s) {
            s.setSafe(i, value.toString().getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof LargeVarCharVector s) {
            s.setSafe(i, value.toString().getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof DecimalVector d) {
            d.setSafe(i, ((BigDecimal) value).setScale(d.getScale()));
        } else {
            throw new ServerException("cannot fill column '" + v.getField().getName() + "' of type "
                    + Literals.typeName(v.getField().getType()) + " with a default");
        }
    }
}
