package io.deltacat.spark;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The path-less data source {@code deltacat}, for DataFrame users without a configured catalog:
 *
 * <pre>{@code
 * spark.read().format("deltacat").option("uri", "http://server:8080").option("table", "robotics.episodes")
 *      .option("asOf", commitTimeNanos)   // optional
 *      .load();
 * df.write().format("deltacat").option("uri", ...).option("table", "robotics.episodes").mode("append").save();
 * }</pre>
 *
 * The table must exist (create it with SQL through {@link DeltacatCatalog} or with the client).
 */
public final class DeltacatSource implements TableProvider, DataSourceRegister {
    /** Option naming the table, {@code namespace.table}. */
    static final String TABLE = "table";
    /** Option: read as of this commit time (nanoseconds since the epoch). */
    static final String AS_OF = "asOf";

    @Override
    public String shortName() {
        return "deltacat";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return load(options).schema();
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return load(new CaseInsensitiveStringMap(properties));
    }

    @Override
    public boolean supportsExternalMetadata() {
        return false;
    }

    private static DeltacatTable load(CaseInsensitiveStringMap options) {
        String name = options.get(TABLE);
        if (name == null || name.indexOf('.') <= 0 || name.indexOf('.') == name.length() - 1) {
            throw new InvalidRequestException("option 'table' must be 'namespace.table', not '" + name + "'");
        }
        String ns = name.substring(0, name.indexOf('.'));
        String table = name.substring(name.indexOf('.') + 1);
        Connection connection = Connection.of(options);
        OptionalLong asOf = options.containsKey(AS_OF) ? OptionalLong.of(options.getLong(AS_OF, 0))
                : OptionalLong.empty();
        try {
            return new DeltacatTable(connection, connection.client().catalog().getTable(ns, table), asOf);
        } catch (NotFoundException e) {
            throw new NotFoundException("DeltaCAT table " + name + " does not exist at " + connection.uri());
        }
    }
}
