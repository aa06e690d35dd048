package io.deltacat.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.SchemaAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The data to write padded with the table columns it lacks, when the write session's schema (the
 * server's effective schema of the write) has nullable or defaulted columns the data does not: each
 * batch gets them, null or the column's default on every row, at their table positions. The
 * caller's batches are never emptied or changed: the padded batch shares their buffers (reference
 * counted) and holds its own filled columns; it is valid until the next call, then closed here.
 */
final class PaddedSource implements BatchSource, AutoCloseable {
    private final BatchSource source;
    private final Schema schema;
    private final SchemaAdapter adapter;
    private final BufferAllocator allocator;
    private VectorSchemaRoot current;

    private PaddedSource(BatchSource source, Schema schema, SchemaAdapter adapter, BufferAllocator allocator) {
        this.source = source;
        this.schema = schema;
        this.adapter = adapter;
        this.allocator = allocator;
    }

    /**
     * {@code source} padded to the session's schema, or null when there is nothing to pad (no schema in
     * the answer, or the data has every column of it).
     */
    static PaddedSource of(BatchSource source, JsonNode sessionSchema, BufferAllocator allocator) {
        if (sessionSchema == null || !sessionSchema.isObject()) {
            return null;
        }
        Schema data = source.schema();
        Schema target = CatalogWire.schema(sessionSchema);
        Set<String> given = data.getFields().stream().map(Field::getName).collect(Collectors.toSet());
        Set<String> wanted = target.getFields().stream().map(Field::getName).collect(Collectors.toSet());
        if (wanted.containsAll(given) && given.containsAll(wanted)) {
            return null;
        }
        if (!wanted.containsAll(given)) {
            return null; // not a padding the server asked for: its commit check names what differs
        }
        // the data's own fields exactly as the data has them; the missing ones as the session gives them
        // (with their default in the field metadata, which the filled columns and files keep)
        List<Field> fields = new ArrayList<>();
        for (Field t : target.getFields()) {
            fields.add(given.contains(t.getName()) ? data.findField(t.getName()) : t);
        }
        Schema schema = new Schema(fields, data.getCustomMetadata());
        return new PaddedSource(source, schema, SchemaAdapter.of(schema, data, JsonValues::parseScalar), allocator);
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        release();
        VectorSchemaRoot batch;
        while ((batch = source.next()) != null) {
            if (!batch.getSchema().equals(source.schema())) {
                throw new InvalidRequestException("batch schema changed mid-write: " + batch.getSchema()
                        + " vs " + source.schema());
            }
            if (batch.getRowCount() > 0) {
                current = adapter.adaptKeeping(batch, allocator);
                return current;
            }
        }
        return null;
    }

    /** Closes the last padded batch (never the caller's). */
    @Override
    public void close() {
        release();
    }

    private void release() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
