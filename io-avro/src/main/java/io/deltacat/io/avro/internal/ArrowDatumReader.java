package io.deltacat.io.avro.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Decodes one record per {@link #read} call into row {@link #row} of the bound Arrow vectors,
 * driven by the file's (writer's) schema. Columns that are not projected are skipped without being
 * materialized.
 */
final class ArrowDatumReader implements DatumReader<Object> {
    interface ValueReader {
        void read(Decoder in, int row) throws IOException;
    }

    private Schema writerSchema;
    private List<String> projected = List.of();
    private ValueReader[] fields = new ValueReader[0];
    int row;

    /** The names of the projected columns, in the order of the vectors {@link #bind} receives. */
    void project(List<String> names) {
        this.projected = List.copyOf(names);
    }

    @Override
    public void setSchema(Schema schema) {
        this.writerSchema = schema;
    }

    Schema writerSchema() {
        return writerSchema;
    }

    /** Binds fresh vectors (in projection order) for the next batch. */
    void bind(List<FieldVector> vectors) {
        List<Schema.Field> wf = writerSchema.getFields();
        ValueReader[] r = new ValueReader[wf.size()];
        for (int i = 0; i < r.length; i++) {
            Schema.Field f = wf.get(i);
            int target = projected.indexOf(f.name());
            Schema s = f.schema();
            r[i] = target < 0 ? (in, row) -> skip(s, in) : reader(s, vectors.get(target));
        }
        fields = r;
    }

    @Override
    public Object read(Object reuse, Decoder in) throws IOException {
        for (ValueReader r : fields) {
            r.read(in, row);
        }
        return null;
    }

    static ValueReader reader(Schema schema, FieldVector v) {
        switch (schema.getType()) {
            case UNION: {
                List<Schema> branches = schema.getTypes();
                ValueReader[] readers = new ValueReader[branches.size()];
                for (int i = 0; i < readers.length; i++) {
                    Schema b = branches.get(i);
                    readers[i] = b.getType() == Schema.Type.NULL ? (in, r) -> {
                        in.readNull();
                        setNull(v, r);
                    } : reader(b, v);
                }
                return (in, r) -> readers[in.readIndex()].read(in, r);
            }
            case NULL:
                return (in, r) -> {
                    in.readNull();
                    setNull(v, r);
                };
            case INT:
                if (v instanceof TinyIntVector) {
                    TinyIntVector a = (TinyIntVector) v;
                    return (in, r) -> a.setSafe(r, (byte) in.readInt());
                } else if (v instanceof SmallIntVector) {
                    SmallIntVector a = (SmallIntVector) v;
                    return (in, r) -> a.setSafe(r, (short) in.readInt());
                } else if (v instanceof DateDayVector) {
                    DateDayVector a = (DateDayVector) v;
                    return (in, r) -> a.setSafe(r, in.readInt());
                } else {
                    IntVector a = (IntVector) v;
                    return (in, r) -> a.setSafe(r, in.readInt());
                }
            case LONG:
                if (v instanceof TimeStampVector) {
                    TimeStampVector a = (TimeStampVector) v;
                    return (in, r) -> a.setSafe(r, in.readLong());
                } else {
                    BigIntVector a = (BigIntVector) v;
                    return (in, r) -> a.setSafe(r, in.readLong());
                }
            case FLOAT: {
                Float4Vector a = (Float4Vector) v;
                return (in, r) -> a.setSafe(r, in.readFloat());
            }
            case DOUBLE: {
                Float8Vector a = (Float8Vector) v;
                return (in, r) -> a.setSafe(r, in.readDouble());
            }
            case BOOLEAN: {
                BitVector a = (BitVector) v;
                return (in, r) -> a.setSafe(r, in.readBoolean() ? 1 : 0);
            }
            case STRING: {
                VarCharVector a = (VarCharVector) v;
                Utf8[] reuse = {new Utf8()};
                return (in, r) -> {
                    Utf8 s = in.readString(reuse[0]);
                    reuse[0] = s;
                    a.setSafe(r, s.getBytes(), 0, s.getByteLength());
                };
            }
            case ENUM: {
                VarCharVector a = (VarCharVector) v;
                List<String> symbols = schema.getEnumSymbols();
                return (in, r) -> a.setSafe(r, new org.apache.arrow.vector.util.Text(symbols.get(in.readEnum())));
            }
            case BYTES: {
                ByteBuffer[] reuse = {null};
                if (v instanceof DecimalVector) {
                    DecimalVector a = (DecimalVector) v;
                    return (in, r) -> {
                        ByteBuffer b = in.readBytes(reuse[0]);
                        reuse[0] = b;
                        byte[] bytes = new byte[b.remaining()];
                        b.duplicate().get(bytes);
                        a.setBigEndianSafe(r, bytes);
                    };
                }
                VarBinaryVector a = (VarBinaryVector) v;
                return (in, r) -> {
                    ByteBuffer b = in.readBytes(reuse[0]);
                    reuse[0] = b;
                    a.setSafe(r, b, b.position(), b.remaining());
                };
            }
            case FIXED: {
                int size = schema.getFixedSize();
                if (v instanceof DecimalVector) {
                    DecimalVector a = (DecimalVector) v;
                    return (in, r) -> {
                        byte[] bytes = new byte[size];
                        in.readFixed(bytes);
                        a.setBigEndianSafe(r, bytes);
                    };
                }
                VarBinaryVector a = (VarBinaryVector) v;
                return (in, r) -> {
                    byte[] bytes = new byte[size];
                    in.readFixed(bytes);
                    a.setSafe(r, bytes);
                };
            }
            case ARRAY: {
                ListVector a = (ListVector) v;
                ValueReader element = reader(schema.getElementType(), a.getDataVector());
                return (in, r) -> {
                    int start = a.startNewValue(r);
                    int count = 0;
                    for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
                        for (long i = 0; i < n; i++) {
                            element.read(in, start + count++);
                        }
                    }
                    a.endValue(r, count);
                };
            }
            case MAP: {
                // entries in the file's order; the key is non-null, the value as its schema says
                MapVector a = (MapVector) v;
                StructVector entries = (StructVector) a.getDataVector();
                VarCharVector keys = (VarCharVector) entries.getChildrenFromFields().get(0);
                ValueReader value = reader(schema.getValueType(), entries.getChildrenFromFields().get(1));
                Utf8[] reuse = {new Utf8()};
                return (in, r) -> {
                    int start = a.startNewValue(r);
                    int count = 0;
                    for (long n = in.readMapStart(); n != 0; n = in.mapNext()) {
                        for (long i = 0; i < n; i++) {
                            int e = start + count++;
                            entries.setIndexDefined(e);
                            Utf8 key = in.readString(reuse[0]);
                            reuse[0] = key;
                            keys.setSafe(e, key.getBytes(), 0, key.getByteLength());
                            value.read(in, e);
                        }
                    }
                    a.endValue(r, count);
                };
            }
            case RECORD: {
                StructVector a = (StructVector) v;
                List<Schema.Field> wf = schema.getFields();
                ValueReader[] fields = new ValueReader[wf.size()];
                for (int i = 0; i < fields.length; i++) {
                    Schema.Field f = wf.get(i);
                    FieldVector child = (FieldVector) a.getChild(f.name());
                    Schema s = f.schema();
                    fields[i] = child == null ? (in, r) -> skip(s, in) : reader(s, child);
                }
                return (in, r) -> {
                    a.setIndexDefined(r);
                    for (ValueReader f : fields) {
                        f.read(in, r);
                    }
                };
            }
            default:
                throw new IllegalArgumentException("no Arrow reader for Avro type " + schema);
        }
    }

    private static void setNull(FieldVector v, int index) {
        if (v instanceof ListVector) {
            ListVector l = (ListVector) v;
            l.startNewValue(index);
            l.endValue(index, 0);
            l.setNull(index);
        } else {
            v.setNull(index);
        }
    }

    /** Skips one value of {@code schema}. */
    static void skip(Schema schema, Decoder in) throws IOException {
        switch (schema.getType()) {
            case NULL: in.readNull(); break;
            case BOOLEAN: in.readBoolean(); break;
            case INT: in.readInt(); break;
            case LONG: in.readLong(); break;
            case FLOAT: in.readFloat(); break;
            case DOUBLE: in.readDouble(); break;
            case STRING: in.skipString(); break;
            case BYTES: in.skipBytes(); break;
            case FIXED: in.skipFixed(schema.getFixedSize()); break;
            case ENUM: in.readEnum(); break;
            case UNION: skip(schema.getTypes().get(in.readIndex()), in); break;
            case ARRAY:
                for (long n = in.skipArray(); n > 0; n = in.skipArray()) {
                    for (long i = 0; i < n; i++) {
                        skip(schema.getElementType(), in);
                    }
                }
                break;
            case MAP:
                for (long n = in.skipMap(); n > 0; n = in.skipMap()) {
                    for (long i = 0; i < n; i++) {
                        in.skipString();
                        skip(schema.getValueType(), in);
                    }
                }
                break;
            case RECORD:
                for (Schema.Field f : schema.getFields()) {
                    skip(f.schema(), in);
                }
                break;
            default:
                throw new IOException("cannot skip Avro type " + schema);
        }
    }
}
