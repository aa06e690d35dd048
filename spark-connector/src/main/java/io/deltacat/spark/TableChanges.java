package io.deltacat.spark;

import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.api.model.TableInfo;
import io.deltacat.api.options.AlterTableOptions;
import java.util.Arrays;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark's {@code ALTER TABLE} changes as one DeltaCAT {@code alterTable} (applied atomically, in order):
 * {@code ADD COLUMN} (nullable, at the end), {@code RENAME COLUMN}, {@code ALTER COLUMN ... TYPE} (the
 * widenings the server allows), {@code DROP COLUMN} and {@code SET TBLPROPERTIES} ({@code merge_keys}
 * sets the merge keys, while the table has no data). What the catalog has no counterpart for is refused
 * naming the change, before anything is applied: nested columns, column positions, comments,
 * nullability, defaults, and {@code UNSET TBLPROPERTIES} (the server keeps a property once set; set it
 * to another value instead).
 */
final class TableChanges {
    private TableChanges() {
    }

    /**
     * Adds the changes to {@code alter}; answers whether there was any (a {@code DROP COLUMN IF EXISTS}
     * of a missing column is none).
     */
    static boolean translate(TableInfo table, TableChange[] changes, AlterTableOptions.Builder alter) {
        boolean any = false;
        for (TableChange change : changes) {
            if (change instanceof TableChange.SetProperty p) {
                if (p.property().equals(DeltacatCatalog.MERGE_KEYS)) {
                    alter.mergeKeys(Arrays.stream(p.value().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                            .toArray(String[]::new));
                } else {
                    alter.property(p.property(), p.value());
                }
            } else if (change instanceof TableChange.AddColumn a) {
                String name = topLevel(a.fieldNames(), change);
                if (a.position() != null) {
                    throw refuse(change, "columns are added at the end only");
                }
                if (a.defaultValue() != null) {
                    throw refuse(change, "column defaults are not translated");
                }
                if (!a.isNullable()) {
                    throw refuse(change, "an added column must be nullable (the rows already written have no value)");
                }
                alter.addField(arrowField(name, a.dataType(), true));
            } else if (change instanceof TableChange.RenameColumn r) {
                alter.renameField(topLevel(r.fieldNames(), change), r.newName());
            } else if (change instanceof TableChange.UpdateColumnType u) {
                String name = topLevel(u.fieldNames(), change);
                alter.widenField(name, arrowField(name, u.newDataType(), true).getType());
            } else if (change instanceof TableChange.DeleteColumn d) {
                String name = topLevel(d.fieldNames(), change);
                if (Boolean.TRUE.equals(d.ifExists())
                        && table.schema().getFields().stream().noneMatch(f -> f.getName().equals(name))) {
                    continue;
                }
                alter.dropField(name);
            } else if (change instanceof TableChange.RemoveProperty p) {
                throw refuse(change, "the DeltaCAT server has no removal of a table property ('" + p.property()
                        + "' stays until set to another value with SET TBLPROPERTIES)");
            } else {
                throw refuse(change, "DeltaCAT's alterTable has no counterpart");
            }
            any = true;
        }
        return any;
    }

    private static String topLevel(String[] fieldNames, TableChange change) {
        if (fieldNames.length != 1) {
            throw refuse(change, "only top-level columns can be changed, not " + String.join(".", fieldNames));
        }
        return fieldNames[0];
    }

    private static Field arrowField(String name, DataType type, boolean nullable) {
        return SparkTypes.toArrow(new StructType(new StructField[] {new StructField(name, type, nullable,
                Metadata.empty())})).getFields().get(0);
    }

    private static UnsupportedFeatureException refuse(TableChange change, String why) {
        return new UnsupportedFeatureException("ALTER TABLE change " + describe(change) + " is not supported: " + why);
    }

    private static String describe(TableChange change) {
        return change.getClass().getSimpleName();
    }
}
