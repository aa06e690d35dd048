package io.deltacat.api.model;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** How merge keys live in a table schema: Arrow field metadata {@value #METADATA_KEY} = {@code "true"}. */
public final class MergeKeys {
    /** The field-metadata key that marks a merge-key field. */
    public static final String METADATA_KEY = "deltacat.merge_key";

    private MergeKeys() {
    }

    /** The merge-key field names of {@code schema} in schema order; empty when none is marked. */
    public static List<String> of(Schema schema) {
        return schema.getFields().stream().filter(MergeKeys::isMergeKey).map(Field::getName).toList();
    }

    /** Whether the field is marked as a merge key. */
    public static boolean isMergeKey(Field field) {
        return field.getMetadata() != null && "true".equals(field.getMetadata().get(METADATA_KEY));
    }
}
