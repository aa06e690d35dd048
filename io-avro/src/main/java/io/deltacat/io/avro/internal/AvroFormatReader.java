package io.deltacat.io.avro.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.ReadRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.avro.file.DataFileStream;

/**
 * Reads one Avro object container file into Arrow batches: Avro's {@link DataFileStream} reads and
 * decompresses the blocks, {@link ArrowDatumReader} decodes each record straight into fresh Arrow
 * vectors, skipping the columns that are not projected.
 */
final class AvroFormatReader implements FormatReader {
    private final String uri;
    private final int batchSize;
    private final BufferAllocator allocator;
    private final DataFileStream<Object> stream;
    private final ArrowDatumReader datumReader;
    private final Schema schema;
    private VectorSchemaRoot root;
    private boolean closed;

    AvroFormatReader(InputFile file, ReadRequest request, BufferAllocator allocator) {
        this.uri = file.uri();
        this.batchSize = request.batchSize();
        this.allocator = allocator;
        SeekableByteChannel channel = null;
        DataFileStream<Object> s = null;
        try {
            channel = file.open();
            List<String> requested = request.columns();
            ArrowDatumReader dr = new ArrowDatumReader();
            s = new DataFileStream<>(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16), dr);
            org.apache.avro.Schema fileSchema = dr.writerSchema();
            if (fileSchema.getType() != org.apache.avro.Schema.Type.RECORD) {
                throw new InvalidRequestException("avro file " + uri + " holds " + fileSchema.getType()
                        + " values, not records");
            }
            Schema stored = AvroTypes.storedSchema(s.getMetaString(AvroTypes.ARROW_SCHEMA_KEY));
            Map<String, Field> storedFields = new HashMap<>();
            if (stored != null) {
                for (Field f : stored.getFields()) {
                    storedFields.put(f.getName(), f);
                }
            }
            List<String> names = new ArrayList<>();
            if (requested.isEmpty()) {
                for (org.apache.avro.Schema.Field f : fileSchema.getFields()) {
                    names.add(f.name());
                }
            } else {
                names.addAll(requested);
            }
            List<Field> fields = new ArrayList<>();
            for (String name : names) {
                if (names.indexOf(name) != names.lastIndexOf(name)) {
                    throw new InvalidRequestException("column '" + name + "' is requested more than once");
                }
                org.apache.avro.Schema.Field f = fileSchema.getField(name);
                if (f == null) {
                    throw new InvalidRequestException("column '" + name + "' is not in avro file " + uri);
                }
                fields.add(AvroTypes.toArrow(f, storedFields.get(name)));
            }
            this.schema = new Schema(fields, stored == null ? null : stored.getCustomMetadata());
            dr.project(names);
            this.datumReader = dr;
            this.root = VectorSchemaRoot.create(schema, allocator);
        } catch (IOException | RuntimeException e) {
            try {
                if (s != null) {
                    s.close();
                } else if (channel != null) {
                    channel.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw AvroFormatProvider.failure("read", uri, e);
        }
        this.stream = s;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public boolean next() {
        if (closed) {
            throw new IllegalStateException("avro reader of " + uri + " is closed");
        }
        // fresh vectors per batch: a caller may have transferred the previous ones out
        root.close();
        root = VectorSchemaRoot.create(schema, allocator);
        try {
            List<FieldVector> vectors = root.getFieldVectors();
            for (FieldVector v : vectors) {
                v.setInitialCapacity(Math.min(batchSize, 4096));
                v.allocateNew();
            }
            datumReader.bind(vectors);
            int n = 0;
            while (n < batchSize && stream.hasNext()) {
                datumReader.row = n;
                stream.next(null);
                n++;
            }
            root.setRowCount(n);
            return n > 0;
        } catch (IOException | RuntimeException e) {
            throw AvroFormatProvider.failure("read", uri, e);
        }
    }

    @Override
    public VectorSchemaRoot batch() {
        return root;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        root.close();
        try {
            stream.close();
        } catch (IOException e) {
            throw AvroFormatProvider.failure("read", uri, e);
        }
    }
}
