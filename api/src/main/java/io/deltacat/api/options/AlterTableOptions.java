package io.deltacat.api.options;

import io.deltacat.api.Evolving;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A change to a table: schema changes applied in order, then property changes, all in one atomic step.
 *
 * <pre>{@code
 * client.catalog().alterTable(a -> a.namespace("zoo").table("cats")
 *         .addField(Field.nullable("color", new ArrowType.Utf8()))
 *         .addField(new Field("lives", FieldType.notNullable(new ArrowType.Int(64, true)), null), 9L)
 *         .renameField("age", "age_years")
 *         .widenField("weight", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))
 *         .dropField("legacy")
 *         .property("schema_evolution_mode", "auto"));
 * }</pre>
 *
 * <p>Rules: an added field is nullable or has a default (a canonical literal such as a {@link Long},
 * {@link Double}, {@link String} or {@link Boolean}); widening goes int8/16/32 to int64 and float32 to
 * float64; merge keys change only while the table has no data; merge keys and partition or sort
 * columns cannot be dropped. With table property {@code schema_evolution_mode=disabled} schema changes
 * are refused (property changes still apply).
 */
@Evolving
public final class AlterTableOptions {
    private final String namespace;
    private final String table;
    private final List<SchemaChange> changes;
    private final Map<String, String> properties;

    /** One schema change. */
    public sealed interface SchemaChange
            permits AddField, RenameField, WidenField, DropField, SetMergeKeys {
    }

    /** Adds a top-level field at the end; {@code defaultValue} is null for none. */
    public record AddField(Field field, Object defaultValue) implements SchemaChange {
        public AddField {
            Objects.requireNonNull(field, "field");
        }
    }

    /** Renames a top-level field; its field id, data and statistics stay. */
    public record RenameField(String name, String newName) implements SchemaChange {
        public RenameField {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(newName, "newName");
        }
    }

    /** Widens a top-level field's type (int32 to int64, float32 to float64, ...). */
    public record WidenField(String name, ArrowType type) implements SchemaChange {
        public WidenField {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** Drops a top-level field; its field id is never reused. */
    public record DropField(String name) implements SchemaChange {
        public DropField {
            Objects.requireNonNull(name, "name");
        }
    }

    /** Makes exactly these fields the merge keys (only while the table has no data). */
    public record SetMergeKeys(List<String> fields) implements SchemaChange {
        public SetMergeKeys {
            fields = List.copyOf(fields);
        }
    }

    private AlterTableOptions(Builder b) {
        this.namespace = b.namespace;
        this.table = Objects.requireNonNull(b.table, "table is required");
        this.changes = List.copyOf(b.changes);
        this.properties = Map.copyOf(b.properties);
        if (changes.isEmpty() && properties.isEmpty()) {
            throw new IllegalArgumentException("alterTable needs at least one change");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String namespace() {
        return namespace;
    }

    public String table() {
        return table;
    }

    /** The schema changes, in order. */
    public List<SchemaChange> changes() {
        return changes;
    }

    /** Table properties to set. */
    public Map<String, String> properties() {
        return properties;
    }

    /** Builder; the table and at least one change are required. */
    public static final class Builder {
        private String namespace = "default";
        private String table;
        private final List<SchemaChange> changes = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();

        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        public Builder table(String table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        /** Adds a nullable field (old rows read null). */
        public Builder addField(Field field) {
            changes.add(new AddField(field, null));
            return this;
        }

        /** Adds a field whose old rows read {@code defaultValue}. */
        public Builder addField(Field field, Object defaultValue) {
            changes.add(new AddField(field, Objects.requireNonNull(defaultValue, "defaultValue")));
            return this;
        }

        public Builder renameField(String name, String newName) {
            changes.add(new RenameField(name, newName));
            return this;
        }

        public Builder widenField(String name, ArrowType type) {
            changes.add(new WidenField(name, type));
            return this;
        }

        public Builder dropField(String name) {
            changes.add(new DropField(name));
            return this;
        }

        public Builder mergeKeys(String... fields) {
            changes.add(new SetMergeKeys(List.of(fields)));
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public AlterTableOptions build() {
            return new AlterTableOptions(this);
        }
    }
}
