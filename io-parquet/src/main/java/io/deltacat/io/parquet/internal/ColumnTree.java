package io.deltacat.io.parquet.internal;

import java.util.List;
import java.util.function.IntConsumer;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * Moves one Arrow column (and its children) to and from its Parquet leaf columns with repetition and
 * definition levels (Dremel shredding and assembly). Supports primitives, structs and lists nested at
 * any depth: a list's elements carry its repetition level plus one, so an inner list's entries
 * continue while their level is its own and hand back to the outer list at a lower one. Leaves are
 * numbered depth-first, the order of {@code MessageType.getColumns()}; the writer and reader arrays
 * are indexed by that number and refilled for each row group.
 */
final class ColumnTree {
    private ColumnTree() {
    }

    // ---------------------------------------------------------------- writing

    /** Writes the value at an index of a bound vector into its leaf columns. */
    abstract static class Shredder {
        /** Writes the value at {@code index}; its parent is present at definition level {@code def}. */
        abstract void write(int index, int rep, int def);

        /** Writes an absent value (its parent is null or an empty list) into every leaf below. */
        abstract void writeNulls(int rep, int def);
    }

    /** Binds a shredder to {@code vector}, whose Parquet type is {@code type}; {@code next[0]} counts leaves. */
    static Shredder shredder(FieldVector vector, Type type, int def, int rep, List<ColumnDescriptor> leaves,
                             ColumnWriter[] writers, int[] next) {
        boolean nullable = !type.isRepetition(Type.Repetition.REQUIRED);
        if (type.isPrimitive()) {
            int leaf = next[0]++;
            int maxDef = leaves.get(leaf).getMaxDefinitionLevel();
            ParquetTypes.ValueWriter values = ParquetTypes.writer(vector, type.asPrimitiveType());
            return new Shredder() {
                @Override
                void write(int index, int r, int d) {
                    ColumnWriter w = writers[leaf];
                    if (nullable && vector.isNull(index)) {
                        w.writeNull(r, d);
                    } else {
                        values.write(w, index, r, maxDef);
                    }
                }

                @Override
                void writeNulls(int r, int d) {
                    writers[leaf].writeNull(r, d);
                }
            };
        }
        GroupType group = type.asGroupType();
        int myDef = def + (nullable ? 1 : 0);
        if (group.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            ListVector list = (ListVector) vector;
            Type element = group.getType(0).asGroupType().getType(0);
            int myRep = rep + 1;
            Shredder elements = shredder(list.getDataVector(), element, myDef + 1, myRep, leaves, writers, next);
            return new Shredder() {
                @Override
                void write(int index, int r, int d) {
                    if (nullable && list.isNull(index)) {
                        elements.writeNulls(r, d);
                        return;
                    }
                    int start = list.getElementStartIndex(index);
                    int end = list.getElementEndIndex(index);
                    if (start == end) {
                        elements.writeNulls(r, myDef);
                        return;
                    }
                    for (int j = start; j < end; j++) {
                        elements.write(j, j == start ? r : myRep, myDef + 1);
                    }
                }

                @Override
                void writeNulls(int r, int d) {
                    elements.writeNulls(r, d);
                }
            };
        }
        StructVector struct = (StructVector) vector;
        List<FieldVector> childVectors = struct.getChildrenFromFields();
        Shredder[] children = new Shredder[group.getFieldCount()];
        for (int k = 0; k < children.length; k++) {
            children[k] = shredder(childVectors.get(k), group.getType(k), myDef, rep, leaves, writers, next);
        }
        return new Shredder() {
            @Override
            void write(int index, int r, int d) {
                if (nullable && struct.isNull(index)) {
                    writeNulls(r, d);
                    return;
                }
                for (Shredder c : children) {
                    c.write(index, r, myDef);
                }
            }

            @Override
            void writeNulls(int r, int d) {
                for (Shredder c : children) {
                    c.writeNulls(r, d);
                }
            }
        };
    }

    // ---------------------------------------------------------------- reading

    /** Reads one value of its leaf columns into an index of a bound vector. */
    abstract static class Assembler {
        /** Reads the next value (its parent is present) into {@code index}. */
        abstract void read(int index);

        /** Consumes the next entry of every leaf below without producing a value (absent parent). */
        abstract void skip();

        /** The reader of the first leaf below, whose levels describe this node's structure. */
        abstract ColumnReader first();
    }

    /** Binds an assembler to {@code vector}, whose Parquet type is {@code type}; {@code next[0]} counts leaves. */
    static Assembler assembler(FieldVector vector, Type type, int def, int rep, List<ColumnDescriptor> leaves,
                               ColumnReader[] readers, int[] next) {
        boolean nullable = !type.isRepetition(Type.Repetition.REQUIRED);
        if (type.isPrimitive()) {
            int leaf = next[0]++;
            int maxDef = leaves.get(leaf).getMaxDefinitionLevel();
            ParquetTypes.ValueReader values = ParquetTypes.reader(vector, type.asPrimitiveType());
            IntConsumer nulls = nullSetter(vector);
            return new Assembler() {
                @Override
                void read(int index) {
                    ColumnReader r = readers[leaf];
                    if (r.getCurrentDefinitionLevel() == maxDef) {
                        values.read(r, index);
                    } else {
                        nulls.accept(index);
                    }
                    r.consume();
                }

                @Override
                void skip() {
                    readers[leaf].consume();
                }

                @Override
                ColumnReader first() {
                    return readers[leaf];
                }
            };
        }
        GroupType group = type.asGroupType();
        int myDef = def + (nullable ? 1 : 0);
        if (group.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            ListVector list = (ListVector) vector;
            Type repeated = ParquetSchemas.listRepeated(group);
            Type element = repeated.isPrimitive() ? repeated : repeated.asGroupType().getType(0);
            int myRep = rep + 1;
            Assembler elements = assembler(list.getDataVector(), element, myDef + 1, myRep, leaves, readers, next);
            return new Assembler() {
                @Override
                void read(int index) {
                    int d = elements.first().getCurrentDefinitionLevel();
                    if (d < myDef) {
                        list.setNull(index);
                        elements.skip();
                    } else if (d == myDef) {
                        list.startNewValue(index);
                        list.endValue(index, 0);
                        elements.skip();
                    } else {
                        int offset = list.startNewValue(index);
                        int n = 0;
                        do {
                            elements.read(offset + n);
                            n++;
                        } while (elements.first().getCurrentRepetitionLevel() == myRep);
                        list.endValue(index, n);
                    }
                }

                @Override
                void skip() {
                    elements.skip();
                }

                @Override
                ColumnReader first() {
                    return elements.first();
                }
            };
        }
        StructVector struct = (StructVector) vector;
        List<FieldVector> childVectors = struct.getChildrenFromFields();
        Assembler[] children = new Assembler[group.getFieldCount()];
        for (int k = 0; k < children.length; k++) {
            children[k] = assembler(childVectors.get(k), group.getType(k), myDef, rep, leaves, readers, next);
        }
        return new Assembler() {
            @Override
            void read(int index) {
                if (nullable && children[0].first().getCurrentDefinitionLevel() < myDef) {
                    struct.setNull(index);
                } else {
                    struct.setIndexDefined(index);
                }
                for (Assembler c : children) {
                    c.read(index); // children of a null struct read (and store) nulls
                }
            }

            @Override
            void skip() {
                for (Assembler c : children) {
                    c.skip();
                }
            }

            @Override
            ColumnReader first() {
                return children[0].first();
            }
        };
    }

    private static IntConsumer nullSetter(FieldVector v) {
        if (v instanceof BaseFixedWidthVector) {
            return ((BaseFixedWidthVector) v)::setNull;
        }
        if (v instanceof BaseVariableWidthVector) {
            return ((BaseVariableWidthVector) v)::setNull;
        }
        if (v instanceof BaseLargeVariableWidthVector) {
            return ((BaseLargeVariableWidthVector) v)::setNull;
        }
        throw new IllegalStateException("unexpected vector " + v.getClass().getName());
    }
}
