package io.deltacat.io.orc.internal;

import java.math.BigDecimal;
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
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import io.deltacat.bundle.orc.shaded.storage.common.type.HiveDecimal;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.BytesColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.ColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.DateColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.DecimalColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.DoubleColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.ListColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.LongColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.StructColumnVector;
import io.deltacat.bundle.orc.shaded.storage.ql.exec.vector.TimestampColumnVector;
import io.deltacat.bundle.orc.shaded.storage.serde2.io.HiveDecimalWritable;

/**
 * Copies values between Arrow vectors and ORC column vectors, one row at a time through a tree of
 * small per-column copiers built once per column (no type dispatch per value).
 */
final class OrcVectors {
    private OrcVectors() {
    }

    // ------------------------------------------------------------------ Arrow -> ORC

    /** Copies row {@code from} of an Arrow vector into row {@code to} of an ORC column vector. */
    interface ToOrc {
        void copy(int from, ColumnVector cv, int to);
    }

    static ToOrc toOrc(FieldVector v) {
        ToOrc values = valuesToOrc(v);
        return (from, cv, to) -> {
            if (v.isNull(from)) {
                cv.noNulls = false;
                cv.isNull[to] = true;
                markChildrenNull(cv, to);
            } else {
                cv.isNull[to] = false;
                values.copy(from, cv, to);
            }
        };
    }

    /** Struct children under a null struct row are null too (ORC skips them, this keeps them tidy). */
    private static void markChildrenNull(ColumnVector cv, int row) {
        if (cv instanceof StructColumnVector) {
            for (ColumnVector c : ((StructColumnVector) cv).fields) {
                c.noNulls = false;
                c.isNull[row] = true;
                markChildrenNull(c, row);
            }
        } else if (cv instanceof ListColumnVector) {
            ListColumnVector l = (ListColumnVector) cv;
            l.offsets[row] = l.childCount;
            l.lengths[row] = 0;
        }
    }

    private static ToOrc valuesToOrc(FieldVector v) {
        ArrowType type = v.getField().getType();
        switch (type.getTypeID()) {
            case Int: {
                switch (((ArrowType.Int) type).getBitWidth()) {
                    case 8: {
                        TinyIntVector a = (TinyIntVector) v;
                        return (f, cv, t) -> ((LongColumnVector) cv).vector[t] = a.get(f);
                    }
                    case 16: {
                        SmallIntVector a = (SmallIntVector) v;
                        return (f, cv, t) -> ((LongColumnVector) cv).vector[t] = a.get(f);
                    }
                    case 32: {
                        IntVector a = (IntVector) v;
                        return (f, cv, t) -> ((LongColumnVector) cv).vector[t] = a.get(f);
                    }
                    default: {
                        BigIntVector a = (BigIntVector) v;
                        return (f, cv, t) -> ((LongColumnVector) cv).vector[t] = a.get(f);
                    }
                }
            }
            case FloatingPoint:
                if (v instanceof Float4Vector) {
                    Float4Vector a = (Float4Vector) v;
                    return (f, cv, t) -> ((DoubleColumnVector) cv).vector[t] = a.get(f);
                } else {
                    Float8Vector a = (Float8Vector) v;
                    return (f, cv, t) -> ((DoubleColumnVector) cv).vector[t] = a.get(f);
                }
            case Bool: {
                BitVector a = (BitVector) v;
                return (f, cv, t) -> ((LongColumnVector) cv).vector[t] = a.get(f);
            }
            case Utf8: {
                VarCharVector a = (VarCharVector) v;
                return (f, cv, t) -> ((BytesColumnVector) cv).setVal(t, a.get(f));
            }
            case Binary: {
                VarBinaryVector a = (VarBinaryVector) v;
                return (f, cv, t) -> ((BytesColumnVector) cv).setVal(t, a.get(f));
            }
            case Decimal: {
                DecimalVector a = (DecimalVector) v;
                return (f, cv, t) -> ((DecimalColumnVector) cv).vector[t].set(HiveDecimal.create(a.getObject(f)));
            }
            case Date: {
                DateDayVector a = (DateDayVector) v;
                return (f, cv, t) -> ((LongColumnVector) cv).vector[t] = a.get(f);
            }
            case Timestamp: {
                TimeStampVector a = (TimeStampVector) v;
                long perSecond = perSecond(((ArrowType.Timestamp) type).getUnit());
                long nanosPerUnit = 1_000_000_000L / perSecond;
                return (f, cv, t) -> {
                    long value = a.get(f);
                    long seconds = Math.floorDiv(value, perSecond);
                    long nanos = Math.floorMod(value, perSecond) * nanosPerUnit;
                    TimestampColumnVector ts = (TimestampColumnVector) cv;
                    if (seconds == -1 && nanos >= 1_000_000) {
                        // after -1 s and at least 1 ms before 0: ORC's Java writer stores the seconds
                        // as time / 1000 rounded toward zero, 0 here, and every ORC reader takes 0 s
                        // and a positive fraction as after 1970 (the mirror value). 0 s and a negative
                        // fraction is what ORC's C++ writer (pyarrow) stores for these values, and
                        // both ORC readers give it back exactly.
                        long negative = nanos - 1_000_000_000L;
                        ts.time[t] = negative / 1_000_000;
                        ts.nanos[t] = (int) negative;
                    } else {
                        ts.time[t] = seconds * 1000 + nanos / 1_000_000;
                        ts.nanos[t] = (int) nanos;
                    }
                };
            }
            case List: {
                ListVector a = (ListVector) v;
                ToOrc element = toOrc(a.getDataVector());
                return (f, cv, t) -> {
                    ListColumnVector l = (ListColumnVector) cv;
                    int start = a.getElementStartIndex(f);
                    int len = a.getElementEndIndex(f) - start;
                    int at = l.childCount;
                    l.offsets[t] = at;
                    l.lengths[t] = len;
                    l.childCount += len;
                    l.child.ensureSize(l.childCount, true);
                    for (int i = 0; i < len; i++) {
                        element.copy(start + i, l.child, at + i);
                    }
                };
            }
            case Struct: {
                StructVector a = (StructVector) v;
                List<FieldVector> children = a.getChildrenFromFields();
                ToOrc[] fields = new ToOrc[children.size()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = toOrc(children.get(i));
                }
                return (f, cv, t) -> {
                    StructColumnVector s = (StructColumnVector) cv;
                    for (int i = 0; i < fields.length; i++) {
                        fields[i].copy(f, s.fields[i], t);
                    }
                };
            }
            default:
                throw new IllegalArgumentException("no ORC copier for " + type);
        }
    }

    /**
     * The Arrow value of an ORC timestamp as ORC's reader hands it over: {@code time} in milliseconds
     * and {@code nanos} the fraction of the second. Files of ORC's Java writer have a fraction in
     * [0, 1 s) and {@code time} rounded down; files of ORC's C++ writer (pyarrow) give a negative
     * fraction for times before 1970 and {@code time} rounded toward zero. In both,
     * {@code time - nanos / 1,000,000} (Java's truncating division, as ORC's reader adds it) is a
     * whole number of seconds, the second the fraction counts from.
     */
    static long fromOrc(long time, int nanos, long perSecond, long nanosPerUnit) {
        long seconds = (time - nanos / 1_000_000) / 1000;
        return seconds * perSecond + Math.floorDiv(nanos, nanosPerUnit);
    }

    static long perSecond(TimeUnit unit) {
        switch (unit) {
            case SECOND: return 1;
            case MILLISECOND: return 1_000;
            case MICROSECOND: return 1_000_000;
            default: return 1_000_000_000;
        }
    }

    /**
     * Marks the date and timestamp vectors of a row batch column as holding proleptic Gregorian
     * values (Arrow's calendar), so that ORC writes them without a calendar conversion.
     */
    static void useProlepticCalendar(ColumnVector cv) {
        if (cv instanceof DateColumnVector) {
            ((DateColumnVector) cv).changeCalendar(true, false);
        } else if (cv instanceof TimestampColumnVector) {
            ((TimestampColumnVector) cv).changeCalendar(true, false);
            ((TimestampColumnVector) cv).setIsUTC(true);
        } else if (cv instanceof StructColumnVector) {
            for (ColumnVector c : ((StructColumnVector) cv).fields) {
                useProlepticCalendar(c);
            }
        } else if (cv instanceof ListColumnVector) {
            useProlepticCalendar(((ListColumnVector) cv).child);
        }
    }

    // ------------------------------------------------------------------ ORC -> Arrow

    /** Appends row {@code from} of an ORC column vector as row {@code to} of an Arrow vector. */
    interface ToArrow {
        void copy(ColumnVector cv, int from, int to);
    }

    static ToArrow toArrow(FieldVector v) {
        ToArrow values = valuesToArrow(v);
        return (cv, from, to) -> {
            int r = cv.isRepeating ? 0 : from;
            if (!cv.noNulls && cv.isNull[r]) {
                setNull(v, to);
            } else {
                values.copy(cv, r, to);
            }
        };
    }

    private static void setNull(FieldVector v, int index) {
        if (v instanceof ListVector) {
            ListVector l = (ListVector) v;
            // keeps the offsets continuous: an empty, null entry
            l.startNewValue(index);
            l.endValue(index, 0);
            l.setNull(index);
        } else if (v instanceof StructVector) {
            ((StructVector) v).setNull(index);
        } else {
            v.setNull(index); // fixed and variable width vectors grow as needed
        }
    }

    private static ToArrow valuesToArrow(FieldVector v) {
        ArrowType type = v.getField().getType();
        switch (type.getTypeID()) {
            case Int: {
                switch (((ArrowType.Int) type).getBitWidth()) {
                    case 8: {
                        TinyIntVector a = (TinyIntVector) v;
                        return (cv, f, t) -> a.setSafe(t, (byte) ((LongColumnVector) cv).vector[f]);
                    }
                    case 16: {
                        SmallIntVector a = (SmallIntVector) v;
                        return (cv, f, t) -> a.setSafe(t, (short) ((LongColumnVector) cv).vector[f]);
                    }
                    case 32: {
                        IntVector a = (IntVector) v;
                        return (cv, f, t) -> a.setSafe(t, (int) ((LongColumnVector) cv).vector[f]);
                    }
                    default: {
                        BigIntVector a = (BigIntVector) v;
                        return (cv, f, t) -> a.setSafe(t, ((LongColumnVector) cv).vector[f]);
                    }
                }
            }
            case FloatingPoint:
                if (v instanceof Float4Vector) {
                    Float4Vector a = (Float4Vector) v;
                    return (cv, f, t) -> a.setSafe(t, (float) ((DoubleColumnVector) cv).vector[f]);
                } else {
                    Float8Vector a = (Float8Vector) v;
                    return (cv, f, t) -> a.setSafe(t, ((DoubleColumnVector) cv).vector[f]);
                }
            case Bool: {
                BitVector a = (BitVector) v;
                return (cv, f, t) -> a.setSafe(t, ((LongColumnVector) cv).vector[f] != 0 ? 1 : 0);
            }
            case Utf8: {
                VarCharVector a = (VarCharVector) v;
                return (cv, f, t) -> {
                    BytesColumnVector b = (BytesColumnVector) cv;
                    a.setSafe(t, b.vector[f], b.start[f], b.length[f]);
                };
            }
            case Binary: {
                VarBinaryVector a = (VarBinaryVector) v;
                return (cv, f, t) -> {
                    BytesColumnVector b = (BytesColumnVector) cv;
                    a.setSafe(t, b.vector[f], b.start[f], b.length[f]);
                };
            }
            case Decimal: {
                DecimalVector a = (DecimalVector) v;
                int scale = ((ArrowType.Decimal) type).getScale();
                return (cv, f, t) -> {
                    HiveDecimalWritable w = ((DecimalColumnVector) cv).vector[f];
                    BigDecimal d = w.getHiveDecimal().bigDecimalValue().setScale(scale);
                    a.setSafe(t, d);
                };
            }
            case Date: {
                DateDayVector a = (DateDayVector) v;
                return (cv, f, t) -> a.setSafe(t, (int) ((LongColumnVector) cv).vector[f]);
            }
            case Timestamp: {
                TimeStampVector a = (TimeStampVector) v;
                long perSecond = perSecond(((ArrowType.Timestamp) type).getUnit());
                long nanosPerUnit = 1_000_000_000L / perSecond;
                return (cv, f, t) -> {
                    TimestampColumnVector ts = (TimestampColumnVector) cv;
                    a.setSafe(t, fromOrc(ts.time[f], ts.nanos[f], perSecond, nanosPerUnit));
                };
            }
            case List: {
                ListVector a = (ListVector) v;
                ToArrow element = toArrow(a.getDataVector());
                return (cv, f, t) -> {
                    ListColumnVector l = (ListColumnVector) cv;
                    int at = a.startNewValue(t);
                    int len = (int) l.lengths[f];
                    int start = (int) l.offsets[f];
                    for (int i = 0; i < len; i++) {
                        element.copy(l.child, start + i, at + i);
                    }
                    a.getDataVector().setValueCount(at + len);
                    a.endValue(t, len);
                };
            }
            case Struct: {
                StructVector a = (StructVector) v;
                List<FieldVector> children = a.getChildrenFromFields();
                ToArrow[] fields = new ToArrow[children.size()];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = toArrow(children.get(i));
                }
                return (cv, f, t) -> {
                    StructColumnVector s = (StructColumnVector) cv;
                    a.setIndexDefined(t);
                    for (int i = 0; i < fields.length; i++) {
                        fields[i].copy(s.fields[i], f, t);
                    }
                };
            }
            default:
                throw new IllegalArgumentException("no Arrow copier for " + type);
        }
    }
}
