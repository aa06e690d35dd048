package io.deltacat.io.orc.internal;

import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.BytesColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.ColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.DoubleColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.LongColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.TimestampColumnVector;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Copies a run of consecutive rows of an ORC column into an Arrow vector in one loop per column, for
 * the common flat types (64- and 32-bit integers, dates, doubles, timestamps, strings and binaries):
 * one call per run instead of two indirect calls per value, and fixed-width vectors sized once per
 * run. Other types, and runs of a repeating ORC column, go row by row through {@link OrcVectors}.
 */
final class OrcColumnRuns {
    private OrcColumnRuns() {
    }

    /** Copies rows {@code from .. from + count} of an ORC column as rows {@code to ..} of an Arrow vector. */
    interface Run {
        void copy(ColumnVector cv, int from, int to, int count);
    }

    static Run of(FieldVector v) {
        OrcVectors.ToArrow row = OrcVectors.toArrow(v);
        Run whole = whole(v);
        return (cv, from, to, count) -> {
            if (whole == null || cv.isRepeating) {
                for (int i = 0; i < count; i++) {
                    row.copy(cv, from + i, to + i);
                }
            } else {
                whole.copy(cv, from, to, count);
            }
        };
    }

    private static void reserve(BaseFixedWidthVector v, int rows) {
        while (v.getValueCapacity() < rows) {
            v.reAlloc();
        }
    }

    /** The one-loop copier of a flat type, or null for the others. */
    private static Run whole(FieldVector v) {
        if (v instanceof BigIntVector || v instanceof IntVector || v instanceof DateDayVector) {
            // ORC holds all three as longs; Arrow stores 8 or 4 bytes a value
            BaseFixedWidthVector a = (BaseFixedWidthVector) v;
            boolean wide = a.getTypeWidth() == Long.BYTES;
            return (cv, from, to, count) -> {
                reserve(a, to + count);
                ArrowBuf data = a.getDataBuffer();
                ArrowBuf validity = a.getValidityBuffer();
                long[] values = ((LongColumnVector) cv).vector;
                boolean[] nulls = cv.noNulls ? null : cv.isNull;
                for (int i = 0; i < count; i++) {
                    int t = to + i;
                    if (nulls != null && nulls[from + i]) {
                        BitVectorHelper.unsetBit(validity, t);
                    } else {
                        if (wide) {
                            data.setLong((long) t * Long.BYTES, values[from + i]);
                        } else {
                            data.setInt((long) t * Integer.BYTES, (int) values[from + i]);
                        }
                        BitVectorHelper.setBit(validity, t);
                    }
                }
            };
        }
        if (v instanceof Float8Vector a) {
            return (cv, from, to, count) -> {
                reserve(a, to + count);
                double[] values = ((DoubleColumnVector) cv).vector;
                boolean[] nulls = cv.noNulls ? null : cv.isNull;
                for (int i = 0; i < count; i++) {
                    if (nulls != null && nulls[from + i]) {
                        a.setNull(to + i);
                    } else {
                        a.set(to + i, values[from + i]);
                    }
                }
            };
        }
        if (v instanceof TimeStampVector a) {
            long perSecond = OrcVectors.perSecond(((ArrowType.Timestamp) a.getField().getType()).getUnit());
            long nanosPerUnit = 1_000_000_000L / perSecond;
            return (cv, from, to, count) -> {
                reserve(a, to + count);
                TimestampColumnVector ts = (TimestampColumnVector) cv;
                boolean[] nulls = cv.noNulls ? null : cv.isNull;
                for (int i = 0; i < count; i++) {
                    int f = from + i;
                    if (nulls != null && nulls[f]) {
                        a.setNull(to + i);
                    } else {
                        a.set(to + i, OrcVectors.fromOrc(ts.time[f], ts.nanos[f], perSecond, nanosPerUnit));
                    }
                }
            };
        }
        if (v instanceof VarCharVector || v instanceof VarBinaryVector) {
            BaseVariableWidthVector a = (BaseVariableWidthVector) v;
            return (cv, from, to, count) -> {
                BytesColumnVector b = (BytesColumnVector) cv;
                boolean[] nulls = cv.noNulls ? null : cv.isNull;
                for (int i = 0; i < count; i++) {
                    int f = from + i;
                    if (nulls != null && nulls[f]) {
                        a.setNull(to + i);
                    } else {
                        a.setSafe(to + i, b.vector[f], b.start[f], b.length[f]);
                    }
                }
            };
        }
        return null;
    }
}
