package io.deltacat.io.parquet.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.Base64;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code ARROW:schema} value of Parquet files, as Arrow's own Parquet writers make it: the base64
 * of the schema serialized as an encapsulated IPC message (continuation marker, length, flatbuffer).
 */
final class ArrowSchemaMetadata {
    private ArrowSchemaMetadata() {
    }

    /** The metadata value for {@code schema}. */
    static String encode(Schema schema) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /**
     * The schema of a metadata value; null when absent or unreadable (then every type is derived from
     * the Parquet schema, as for files of writers that store none). Older writers stored the message
     * without the continuation marker; the IPC reader takes both.
     */
    static Schema decode(String value) {
        if (value == null) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            return MessageSerializer.deserializeSchema(
                    new ReadChannel(Channels.newChannel(new ByteArrayInputStream(bytes))));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
