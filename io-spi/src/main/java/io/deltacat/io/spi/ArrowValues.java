package io.deltacat.io.spi;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Reads values out of Arrow vectors in their canonical form (see
 * {@link io.deltacat.api.expr.Literals}), for filtering and statistics.
 */
public final class ArrowValues {
    private ArrowValues() {
    }

    /** Whether {@link #canonical} supports this vector's type. */
    public static boolean supports(FieldVector v) {
        return v instanceof BaseIntVector && !(v instanceof org.apache.arrow.vector.TimeStampVector)
                || v instanceof Float4Vector || v instanceof Float8Vector || v instanceof DecimalVector
                || v instanceof VarCharVector || v instanceof LargeVarCharVector || v instanceof BitVector
                || v instanceof DateDayVector || v instanceof DateMilliVector || v instanceof TimeStampVector;
    }

    /** The canonical value at {@code index}, or null for a null slot. */
    public static Object canonical(FieldVector v, int index) {
        if (v.isNull(index)) {
            return null;
        }
        if (v instanceof TimeStampVector) {
            return ((TimeStampVector) v).get(index);
        }
        if (v instanceof DateDayVector) {
            return (long) ((DateDayVector) v).get(index);
        }
        if (v instanceof DateMilliVector) {
            return Math.floorDiv(((DateMilliVector) v).get(index), 86_400_000L);
        }
        if (v instanceof BaseIntVector) {
            return ((BaseIntVector) v).getValueAsLong(index);
        }
        if (v instanceof Float8Vector) {
            return ((Float8Vector) v).get(index);
        }
        if (v instanceof Float4Vector) {
            return (double) ((Float4Vector) v).get(index);
        }
        if (v instanceof VarCharVector) {
            return new String(((VarCharVector) v).get(index), StandardCharsets.UTF_8);
        }
        if (v instanceof LargeVarCharVector) {
            return new String(((LargeVarCharVector) v).get(index), StandardCharsets.UTF_8);
        }
        if (v instanceof BitVector) {
            return ((BitVector) v).get(index) != 0;
        }
        if (v instanceof DecimalVector) {
            BigDecimal d = ((DecimalVector) v).getObject(index);
            return d.stripTrailingZeros();
        }
        throw new IllegalArgumentException("no canonical value for vector type " + v.getField().getType());
    }
}
