package io.deltacat.io.spi;

import io.deltacat.api.error.ServerException;
import io.deltacat.api.expr.Literals;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns batches of one schema (a data file's, or data to write) into batches of a target schema, by
 * field id ({@code deltacat.field_id}): a source column is found by id whatever its name (renames),
 * widened columns are cast, and target columns the source lacks (added later) are null or the
 * field's default ({@code deltacat.default}). Target fields without an id are found by name. When
 * nothing differs it is the identity and batches are used as they are.
 *
 * <p>Shared by the client (reading files of older schema versions; padding written data with the
 * columns it lacks) and the server (compacting files of older schema versions). The default is a
 * JSON scalar in field metadata; this module has no JSON parser, so the caller hands in one.
 */
public final class SchemaAdapter {
    /** Field metadata key of a top-level field's id. */
    public static final String FIELD_ID = "deltacat.field_id";
    /** Field metadata key of a field's default value (a JSON scalar). */
    public static final String DEFAULT = "deltacat.default";

    /** One output column: the source column it comes from (null when the source lacks it) or its fill. */
    private record Column(Field target, Field source, Object fill) {
    }

    private final List<Column> columns;
    private final boolean identity;
    /** A source column read only for its row count, when the source has none of the target columns. */
    private final Field carrier;

    private SchemaAdapter(List<Column> columns, boolean identity, Field carrier) {
        this.columns = columns;
        this.identity = identity;
        this.carrier = carrier;
    }

    /**
     * The adapter from batches of {@code source} (null when unknown: used as they are) to the
     * {@code target} columns.
     *
     * @param parseDefault parses the JSON scalar of a {@code deltacat.default} into a plain value (Long,
     *                     Double or BigDecimal, Boolean, String), which is then normalized to the
     *                     field's type; called once per filled column with a default
     * @throws ServerException when a default cannot be read as a value of its field's type
     */
    public static SchemaAdapter of(Schema target, Schema source, Function<String, Object> parseDefault) {
        List<Column> columns = new ArrayList<>();
        boolean identity = true;
        for (Field t : target.getFields()) {
            Field s = source == null ? t : find(source, t);
            columns.add(new Column(t, s, s == null ? defaultOf(t, parseDefault) : null));
            if (s == null || !s.getName().equals(t.getName()) || !s.getType().equals(t.getType())) {
                identity = false;
            }
        }
        boolean none = columns.stream().allMatch(c -> c.source() == null);
        Field carrier = none && source != null && !source.getFields().isEmpty() ? source.getFields().get(0) : null;
        return new SchemaAdapter(columns, identity, carrier);
    }

    private static Field find(Schema source, Field t) {
        String id = t.getMetadata().get(FIELD_ID);
        for (Field f : source.getFields()) {
            if (id != null ? id.equals(f.getMetadata().get(FIELD_ID)) : f.getName().equals(t.getName())) {
                return f;
            }
        }
        return null;
    }

    private static Object defaultOf(Field field, Function<String, Object> parseDefault) {
        String json = field.getMetadata().get(DEFAULT);
        if (json == null) {
            return null;
        }
        Object parsed;
        try {
            parsed = parseDefault.apply(json);
        } catch (RuntimeException e) {
            throw new ServerException("unreadable default value " + json + " of column '" + field.getName() + "': "
                    + e.getMessage(), e);
        }
        return Literals.normalize(field.getName(), field.getType(), parsed);
    }

    /**
     * {@code schema} without the catalog's field metadata ({@code deltacat.*}: field ids, defaults,
     * merge keys): plain Arrow, as clients send and receive it.
     */
    public static Schema plain(Schema schema) {
        List<Field> out = new ArrayList<>();
        for (Field f : schema.getFields()) {
            Map<String, String> meta = new LinkedHashMap<>(f.getMetadata());
            meta.keySet().removeIf(k -> k.startsWith("deltacat."));
            out.add(new Field(f.getName(), new FieldType(f.isNullable(), f.getType(), f.getDictionary(),
                    meta.isEmpty() ? null : meta), f.getChildren()));
        }
        return new Schema(out, schema.getCustomMetadata());
    }

    /** Whether batches are used as they are. */
    public boolean identity() {
        return identity;
    }

    /** Whether some target column is missing from the source (filled with null or its default). */
    public boolean fills() {
        return columns.stream().anyMatch(c -> c.source() == null);
    }

    /** The source's names of the columns to read, in target order (those it has). */
    public List<String> fileColumns() {
        List<String> out = new ArrayList<>();
        fileReadSchema().getFields().forEach(f -> out.add(f.getName()));
        return out;
    }

    /** The source schema restricted to {@link #fileColumns()}, for formats that need the expected types. */
    public Schema fileReadSchema() {
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

    /** A read of {@link #fileColumns()}: every row in file order, no filter (the filter names target columns). */
    public ReadRequest readRequest(int batchRows) {
        return new ReadRequest(fileColumns(), java.util.Optional.empty(), batchRows,
                java.util.Optional.of(fileReadSchema()));
    }

    /**
     * A batch of the target columns from a batch of the source's columns. The result is new (the
     * caller closes it); the source columns it needs are transferred out of {@code batch} (emptied)
     * or cast.
     */
    public VectorSchemaRoot adapt(VectorSchemaRoot batch, BufferAllocator allocator) {
        return adapt(batch, allocator, false);
    }

    /**
     * Like {@link #adapt} but leaves {@code batch} as it is: the result shares the buffers of the
     * columns it takes as they are (reference counted, in their own allocator), so closing either
     * keeps the other valid. For data a caller still owns.
     */
    public VectorSchemaRoot adaptKeeping(VectorSchemaRoot batch, BufferAllocator allocator) {
        return adapt(batch, allocator, true);
    }

    private VectorSchemaRoot adapt(VectorSchemaRoot batch, BufferAllocator allocator, boolean keep) {
        int rows = batch.getRowCount();
        List<FieldVector> out = new ArrayList<>();
        try {
            for (Column c : columns) {
                if (c.source() == null) {
                    FieldVector dst = c.target().createVector(allocator);
                    out.add(dst);
                    fill(dst, c.fill(), rows);
                    continue;
                }
                FieldVector src = batch.getVector(c.source().getName());
                if (src.getField().getType().equals(c.target().getType())) {
                    if (keep) {
                        // a split of the whole range retains the source's buffers instead of moving them;
                        // in the source's allocator, since buffers cannot change allocator roots
                        FieldVector dst = c.target().createVector(src.getAllocator());
                        out.add(dst);
                        src.makeTransferPair(dst).splitAndTransfer(0, rows);
                    } else {
                        FieldVector dst = c.target().createVector(allocator);
                        out.add(dst);
                        src.makeTransferPair(dst).transfer();
                    }
                } else {
                    FieldVector dst = c.target().createVector(allocator);
                    out.add(dst);
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

    /**
     * A reader of the target columns over {@code fileReader}, which reads {@link #fileColumns()}; the
     * returned reader closes it, and owns each adapted batch until the next {@code next()}.
     */
    public FormatReader reader(FormatReader fileReader, BufferAllocator allocator) {
        if (identity) {
            return fileReader;
        }
        List<Field> fields = new ArrayList<>();
        columns.forEach(c -> fields.add(c.target()));
        Schema schema = new Schema(fields);
        return new FormatReader() {
            private VectorSchemaRoot current;

            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public boolean next() {
                release();
                if (!fileReader.next()) {
                    return false;
                }
                current = adapt(fileReader.batch(), allocator);
                return true;
            }

            @Override
            public VectorSchemaRoot batch() {
                return current;
            }

            @Override
            public void close() {
                try {
                    release();
                } finally {
                    fileReader.close();
                }
            }

            private void release() {
                if (current != null) {
                    current.close();
                    current = null;
                }
            }
        };
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

    /** A column the source lacks: {@code value} (its default) on every row, or null. */
    private static void fill(FieldVector dst, Object value, int rows) {
        dst.setInitialCapacity(Math.max(rows, 1));
        dst.allocateNew();
        if (value != null) {
            for (int i = 0; i < rows; i++) {
                set(dst, i, value);
            }
        }
        dst.setValueCount(rows); // without a default every slot stays null (validity is zeroed)
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
