package io.deltacat.spark;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.io.spi.SchemaAdapter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils;

/**
 * Table schemas between Arrow (the catalog's) and Spark. Only Arrow types that Spark's
 * {@code ArrowColumnVector} reads as they are and Spark's {@code ArrowWriter} writes are accepted, so
 * reads hand Spark the decoded Arrow buffers without a copy and writes fill Arrow vectors directly:
 * signed integers, float, double, boolean, utf8 and binary (and their large forms), decimal(128),
 * date(day), timestamp(microsecond; with a time zone it is Spark's TIMESTAMP, without one
 * TIMESTAMP_NTZ), and lists, structs and maps of those. Anything else (unsigned integers, timestamps of
 * another unit, times, fixed-size binaries) is refused naming the column.
 */
final class SparkTypes {
    /** Spark's own spelling of UTC, the zone of the timestamps it writes. */
    static final String UTC = "UTC";

    private SparkTypes() {
    }

    /** The Spark schema of an Arrow table schema (catalog metadata dropped). */
    static StructType toSpark(Schema schema) {
        List<StructField> fields = new ArrayList<>();
        for (Field f : SchemaAdapter.plain(schema).getFields()) {
            check(f, f.getName());
            fields.add(new StructField(f.getName(), ArrowUtils.fromArrowField(f), f.isNullable(),
                    org.apache.spark.sql.types.Metadata.empty()));
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    /** The Arrow schema of a Spark schema, for new tables: timestamps in microseconds, UTC. */
    static Schema toArrow(StructType schema) {
        Schema arrow = ArrowUtils.toArrowSchema(schema, UTC, true, false);
        arrow.getFields().forEach(f -> check(f, f.getName()));
        return arrow;
    }

    private static void check(Field f, String path) {
        ArrowType t = f.getType();
        boolean ok = switch (t.getTypeID()) {
            case Int -> ((ArrowType.Int) t).getIsSigned();
            case FloatingPoint -> ((ArrowType.FloatingPoint) t).getPrecision() != FloatingPointPrecision.HALF;
            case Bool, Utf8, LargeUtf8, Binary, LargeBinary, Null, List, Struct, Map -> true;
            case Decimal -> ((ArrowType.Decimal) t).getBitWidth() == 128;
            case Date -> ((ArrowType.Date) t).getUnit() == DateUnit.DAY;
            case Timestamp -> ((ArrowType.Timestamp) t).getUnit() == TimeUnit.MICROSECOND;
            default -> false;
        };
        if (!ok) {
            throw new UnsupportedFeatureException("column '" + path + "' has Arrow type " + t
                    + ", which Spark cannot read without converting it; the connector reads and writes only types "
                    + "Spark's Arrow vectors hold as they are (see the README's Spark section)");
        }
        for (Field child : f.getChildren()) {
            check(child, path + "." + child.getName());
        }
    }
}
