package io.deltacat.io.avro.internal;

import java.io.IOException;
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
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Encodes one row of the bound Arrow vectors per {@link #write} call, straight from the vectors
 * (no generic record in between). The datum is the row index. Writes exactly the schema made by
 * {@link AvroTypes#toAvro}: nullable values as branch 1 of {@code ["null", T]}.
 */
final class ArrowDatumWriter implements DatumWriter<Integer> {
    interface ValueWriter {
        void write(int row, Encoder out) throws IOException;
    }

    private ValueWriter[] columns = new ValueWriter[0];

    /** Binds the vectors of the batch about to be written, encoded as the schema's fields say. */
    void bind(List<FieldVector> vectors, List<org.apache.arrow.vector.types.pojo.Field> fields) {
        ValueWriter[] w = new ValueWriter[vectors.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = writer(vectors.get(i), fields.get(i));
        }
        columns = w;
    }

    @Override
    public void setSchema(Schema schema) {
        // the schema is derived from the same Arrow schema as the bound vectors
    }

    @Override
    public void write(Integer row, Encoder out) throws IOException {
        int r = row;
        for (ValueWriter w : columns) {
            w.write(r, out);
        }
    }

    private static ValueWriter writer(FieldVector v, org.apache.arrow.vector.types.pojo.Field field) {
        ValueWriter value = valueWriter(v, field);
        if (!field.isNullable()) {
            return value;
        }
        return (row, out) -> {
            if (v.isNull(row)) {
                out.writeIndex(0);
                out.writeNull();
            } else {
                out.writeIndex(1);
                value.write(row, out);
            }
        };
    }

    private static ValueWriter valueWriter(FieldVector v, org.apache.arrow.vector.types.pojo.Field field) {
        ArrowType type = v.getField().getType();
        switch (type.getTypeID()) {
            case Int:
                switch (((ArrowType.Int) type).getBitWidth()) {
                    case 8: {
                        TinyIntVector a = (TinyIntVector) v;
                        return (r, out) -> out.writeInt(a.get(r));
                    }
                    case 16: {
                        SmallIntVector a = (SmallIntVector) v;
                        return (r, out) -> out.writeInt(a.get(r));
                    }
                    case 32: {
                        IntVector a = (IntVector) v;
                        return (r, out) -> out.writeInt(a.get(r));
                    }
                    default: {
                        BigIntVector a = (BigIntVector) v;
                        return (r, out) -> out.writeLong(a.get(r));
                    }
                }
            case FloatingPoint:
                if (v instanceof Float4Vector) {
                    Float4Vector a = (Float4Vector) v;
                    return (r, out) -> out.writeFloat(a.get(r));
                } else {
                    Float8Vector a = (Float8Vector) v;
                    return (r, out) -> out.writeDouble(a.get(r));
                }
            case Bool: {
                BitVector a = (BitVector) v;
                return (r, out) -> out.writeBoolean(a.get(r) != 0);
            }
            case Utf8: {
                VarCharVector a = (VarCharVector) v;
                // a string is encoded like bytes: length then UTF-8
                return (r, out) -> out.writeBytes(a.get(r));
            }
            case Binary: {
                VarBinaryVector a = (VarBinaryVector) v;
                return (r, out) -> out.writeBytes(a.get(r));
            }
            case Decimal: {
                DecimalVector a = (DecimalVector) v;
                return (r, out) -> out.writeBytes(a.getObject(r).unscaledValue().toByteArray());
            }
            case Date: {
                DateDayVector a = (DateDayVector) v;
                return (r, out) -> out.writeInt(a.get(r));
            }
            case Timestamp: {
                TimeStampVector a = (TimeStampVector) v;
                return (r, out) -> out.writeLong(a.get(r));
            }
            case List: {
                ListVector a = (ListVector) v;
                ValueWriter element = writer(a.getDataVector(), field.getChildren().get(0));
                return (r, out) -> {
                    int start = a.getElementStartIndex(r);
                    int end = a.getElementEndIndex(r);
                    out.writeArrayStart();
                    out.setItemCount(end - start);
                    for (int i = start; i < end; i++) {
                        out.startItem();
                        element.write(i, out);
                    }
                    out.writeArrayEnd();
                };
            }
            case Map: {
                MapVector a = (MapVector) v;
                StructVector entries = (StructVector) a.getDataVector();
                VarCharVector keys = (VarCharVector) entries.getChildrenFromFields().get(0);
                org.apache.arrow.vector.types.pojo.Field entryField = field.getChildren().get(0);
                ValueWriter value = writer(entries.getChildrenFromFields().get(1), entryField.getChildren().get(1));
                return (r, out) -> {
                    int start = a.getElementStartIndex(r);
                    int end = a.getElementEndIndex(r);
                    out.writeMapStart();
                    out.setItemCount(end - start);
                    for (int i = start; i < end; i++) {
                        out.startItem();
                        out.writeBytes(keys.get(i)); // a string is encoded as its UTF-8 bytes
                        value.write(i, out);
                    }
                    out.writeMapEnd();
                };
            }
            case Struct: {
                StructVector a = (StructVector) v;
                List<FieldVector> children = a.getChildrenFromFields();
                ValueWriter[] fields = new ValueWriter[children.size()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = writer(children.get(i), field.getChildren().get(i));
                }
                return (r, out) -> {
                    for (ValueWriter f : fields) {
                        f.write(r, out);
                    }
                };
            }
            default:
                throw new IllegalArgumentException("no Avro writer for " + type);
        }
    }
}
