package io.deltacat.spark;

import io.deltacat.api.CatalogClient;
import io.deltacat.api.error.AlreadyExistsException;
import io.deltacat.api.error.ConflictException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.NotFoundException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.NamespaceInfo;
import io.deltacat.api.model.PartitionKey;
import io.deltacat.api.model.TableInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.NonEmptyNamespaceException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark catalog over a DeltaCAT server:
 *
 * <pre>
 * spark.sql.catalog.dc       = io.deltacat.spark.DeltacatCatalog
 * spark.sql.catalog.dc.uri   = http://deltacat-server:8080
 * spark.sql.catalog.dc.token = dct_...            (optional)
 * </pre>
 *
 * Namespaces are one level ({@code dc.robotics}); tables are {@code dc.robotics.episodes}.
 * {@code CREATE TABLE ... USING parquet PARTITIONED BY (...) TBLPROPERTIES ('merge_keys'='id', ...)}
 * creates a table: the provider is its format, the partition transforms (identity, bucket, truncate,
 * years, months, days, hours) its partition keys, {@code merge_keys} (comma-separated) its merge keys,
 * and the other properties its table properties. {@code VERSION AS OF <commit time in ns>} and
 * {@code TIMESTAMP AS OF} read the table as it was. {@code ALTER TABLE} changes columns and properties
 * ({@link TableChanges}); {@code ALTER TABLE ... RENAME TO} is refused (the server has no table rename).
 */
public final class DeltacatCatalog implements TableCatalog, SupportsNamespaces {
    /** Table property holding the merge keys, comma-separated. */
    static final String MERGE_KEYS = "merge_keys";
    /** Properties Spark adds to every CREATE TABLE that are not the table's own. */
    private static final Set<String> SPARK_RESERVED = Set.of("provider", "owner", "location", "comment", "external",
            "is_managed_location", "path");

    private String name;
    private Connection connection;

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.name = name;
        this.connection = Connection.of(options);
    }

    @Override
    public String name() {
        return name;
    }

    private CatalogClient catalog() {
        return connection.client().catalog();
    }

    @Override
    public String[][] listNamespaces() {
        List<NamespaceInfo> all = catalog().listNamespaces();
        String[][] out = new String[all.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = new String[] {all.get(i).name()};
        }
        return out;
    }

    @Override
    public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
        if (namespace.length == 0) {
            return listNamespaces();
        }
        String ns = namespace(namespace);
        if (!catalog().namespaceExists(ns)) {
            throw new NoSuchNamespaceException(namespace);
        }
        return new String[0][]; // one level: a namespace has no children
    }

    @Override
    public boolean namespaceExists(String[] namespace) {
        return namespace.length == 1 && catalog().namespaceExists(namespace[0]);
    }

    @Override
    public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
        try {
            return catalog().getNamespace(namespace(namespace)).properties();
        } catch (NotFoundException e) {
            throw new NoSuchNamespaceException(namespace);
        }
    }

    @Override
    public void createNamespace(String[] namespace, Map<String, String> metadata)
            throws NamespaceAlreadyExistsException {
        Map<String, String> props = new LinkedHashMap<>(metadata);
        props.keySet().removeAll(SPARK_RESERVED);
        try {
            catalog().createNamespace(namespace(namespace), props);
        } catch (AlreadyExistsException e) {
            throw new NamespaceAlreadyExistsException(namespace);
        }
    }

    /** DeltaCAT namespaces' properties are set at creation; changing them is not part of the API. */
    @Override
    public void alterNamespace(String[] namespace, NamespaceChange... changes) {
        throw new UnsupportedOperationException("DeltaCAT namespace properties cannot be changed after creation");
    }

    @Override
    public boolean dropNamespace(String[] namespace, boolean cascade)
            throws NoSuchNamespaceException, NonEmptyNamespaceException {
        String ns = namespace(namespace);
        try {
            catalog().dropNamespace(ns, cascade);
            return true;
        } catch (NotFoundException e) {
            throw new NoSuchNamespaceException(namespace);
        } catch (ConflictException e) {
            throw new NonEmptyNamespaceException(namespace);
        }
    }

    @Override
    public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
        try {
            List<TableInfo> tables = catalog().listTables(namespace(namespace));
            return tables.stream().map(t -> Identifier.of(namespace, t.name())).toArray(Identifier[]::new);
        } catch (NotFoundException e) {
            throw new NoSuchNamespaceException(namespace);
        }
    }

    @Override
    public Table loadTable(Identifier ident) throws NoSuchTableException {
        return load(ident, OptionalLong.empty());
    }

    /** {@code VERSION AS OF '<n>'}: the table as of commit time {@code n} (nanoseconds since the epoch). */
    @Override
    public Table loadTable(Identifier ident, String version) throws NoSuchTableException {
        long asOf;
        try {
            asOf = Long.parseLong(version.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("VERSION AS OF takes a DeltaCAT commit time (nanoseconds since the "
                    + "epoch), not '" + version + "'");
        }
        return load(ident, OptionalLong.of(asOf));
    }

    /**
     * {@code TIMESTAMP AS OF}: Spark's timestamps have microseconds, commit times nanoseconds; a timestamp
     * stands for its whole microsecond, so the table is read with every commit up to the microsecond's
     * last nanosecond (a commit time truncated to a Spark timestamp finds that commit).
     */
    @Override
    public Table loadTable(Identifier ident, long timestampMicros) throws NoSuchTableException {
        return load(ident, OptionalLong.of(Math.addExact(Math.multiplyExact(timestampMicros, 1000L), 999L)));
    }

    private Table load(Identifier ident, OptionalLong asOf) throws NoSuchTableException {
        try {
            return new DeltacatTable(connection, catalog().getTable(namespace(ident.namespace()), ident.name()), asOf);
        } catch (NotFoundException e) {
            throw new NoSuchTableException(ident);
        }
    }

    @Override
    public Table createTable(Identifier ident, Column[] columns, Transform[] partitions, Map<String, String> properties)
            throws TableAlreadyExistsException, NoSuchNamespaceException {
        StructField[] fields = new StructField[columns.length];
        for (int i = 0; i < columns.length; i++) {
            fields[i] = new StructField(columns[i].name(), columns[i].dataType(), columns[i].nullable(),
                    org.apache.spark.sql.types.Metadata.empty());
        }
        String ns = namespace(ident.namespace());
        String format = properties.getOrDefault("provider", "parquet").toLowerCase(Locale.ROOT);
        Map<String, String> props = new LinkedHashMap<>(properties);
        props.keySet().removeAll(SPARK_RESERVED);
        props.keySet().removeIf(k -> k.startsWith("option."));
        String mergeKeys = props.remove(MERGE_KEYS);
        List<PartitionKey> keys = new ArrayList<>();
        for (Transform t : partitions) {
            keys.add(partitionKey(t));
        }
        try {
            TableInfo info = catalog().createTable(c -> {
                c.namespace(ns).table(ident.name()).schema(SparkTypes.toArrow(new StructType(fields))).format(format)
                        .partitionBy(keys);
                props.forEach(c::property);
                if (mergeKeys != null && !mergeKeys.isBlank()) {
                    c.mergeKeys(Arrays.stream(mergeKeys.split(",")).map(String::trim).toArray(String[]::new));
                }
            });
            return new DeltacatTable(connection, info, OptionalLong.empty());
        } catch (AlreadyExistsException e) {
            throw new TableAlreadyExistsException(ident);
        } catch (NotFoundException e) {
            throw new NoSuchNamespaceException(ident.namespace());
        }
    }

    private static PartitionKey partitionKey(Transform t) {
        String column = null;
        Integer parameter = null;
        for (var arg : t.arguments()) {
            if (arg instanceof NamedReference ref && ref.fieldNames().length == 1) {
                column = ref.fieldNames()[0];
            } else if (arg instanceof Literal<?> lit && lit.value() instanceof Number n) {
                parameter = n.intValue();
            }
        }
        if (column == null) {
            throw new InvalidRequestException("partition transform " + t.describe() + " names no top-level column");
        }
        String transform = t.name().toLowerCase(Locale.ROOT);
        return switch (transform) {
            case "identity" -> PartitionKey.identity(column);
            case "bucket" -> PartitionKey.bucket(column, required(parameter, t));
            case "truncate" -> PartitionKey.truncate(column, required(parameter, t));
            case "years", "year" -> PartitionKey.year(column);
            case "months", "month" -> PartitionKey.month(column);
            case "days", "day" -> PartitionKey.day(column);
            case "hours", "hour" -> PartitionKey.hour(column);
            default -> throw new InvalidRequestException("partition transform " + t.describe()
                    + " has no DeltaCAT counterpart (identity, bucket, truncate, years, months, days, hours)");
        };
    }

    private static int required(Integer parameter, Transform t) {
        if (parameter == null) {
            throw new InvalidRequestException("partition transform " + t.describe() + " needs a number");
        }
        return parameter;
    }

    /**
     * {@code ALTER TABLE}: the changes as one DeltaCAT {@code alterTable}, applied atomically
     * ({@link TableChanges} says which changes translate; others are refused before anything changes).
     */
    @Override
    public Table alterTable(Identifier ident, TableChange... changes) throws NoSuchTableException {
        String ns = namespace(ident.namespace());
        try {
            TableInfo table = catalog().getTable(ns, ident.name());
            io.deltacat.api.options.AlterTableOptions.Builder alter =
                    io.deltacat.api.options.AlterTableOptions.builder().namespace(ns).table(ident.name());
            if (!TableChanges.translate(table, changes, alter)) {
                return new DeltacatTable(connection, table, OptionalLong.empty());
            }
            TableInfo altered = catalog().alterTable(a -> {
                a.namespace(ns).table(ident.name());
                TableChanges.translate(table, changes, a);
            });
            return new DeltacatTable(connection, altered, OptionalLong.empty());
        } catch (NotFoundException e) {
            throw new NoSuchTableException(ident);
        }
    }

    @Override
    public boolean dropTable(Identifier ident) {
        try {
            catalog().dropTable(namespace(ident.namespace()), ident.name());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * {@code ALTER TABLE dc.ns.t RENAME TO ...}: one server rename within the table's namespace (data,
     * history and placements stay). The new name may be given as Spark passes it relative to this
     * catalog ({@code ns.t2}), with this catalog's name in front ({@code dc.ns.t2}), or bare
     * ({@code t2}); another namespace is refused, since the server renames within a namespace only.
     */
    @Override
    public void renameTable(Identifier oldIdent, Identifier newIdent)
            throws NoSuchTableException, TableAlreadyExistsException {
        String ns = namespace(oldIdent.namespace());
        String[] target = newIdent.namespace();
        if (target.length == 2 && target[0].equals(name)) {
            target = new String[] {target[1]}; // "dc.ns.t2": Spark keeps our catalog's name in the new name
        }
        if (target.length > 1 || (target.length == 1 && !target[0].equals(ns))) {
            throw new UnsupportedFeatureException("cannot rename " + ns + "." + oldIdent.name() + " to "
                    + String.join(".", newIdent.namespace()) + "." + newIdent.name() + ": DeltaCAT renames a"
                    + " table within its namespace only; create the new table and write it from the old one");
        }
        try {
            catalog().renameTable(ns, oldIdent.name(), newIdent.name());
        } catch (NotFoundException e) {
            throw new NoSuchTableException(oldIdent);
        } catch (AlreadyExistsException e) {
            throw new TableAlreadyExistsException(Identifier.of(new String[] {ns}, newIdent.name()));
        }
    }

    private static String namespace(String[] namespace) {
        if (namespace.length != 1) {
            throw new InvalidRequestException("DeltaCAT namespaces have one level, not " + Arrays.toString(namespace));
        }
        return namespace[0];
    }
}
