package io.deltacat.io.lance.internal;

import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.testkit.Capabilities;
import io.deltacat.io.testkit.FormatProviderContract;
import io.deltacat.io.testkit.Kind;
import io.deltacat.io.testkit.ReferenceFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.WriteParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;

/** The format provider compatibility kit, run against the Lance provider, with Lance Java as the reference. */
class LanceContractTest extends FormatProviderContract {
    @Override
    protected FormatProvider provider() {
        return new LanceFormatProvider();
    }

    @Override
    protected Capabilities capabilities() {
        return Capabilities.holding(Kind.core())
                .plus(Kind.UINT8, Kind.UINT16, Kind.UINT32, Kind.UINT64, Kind.LARGE_UTF8, Kind.LARGE_BINARY,
                        Kind.FIXED_SIZE_BINARY, Kind.DATE64, Kind.LIST_OF_LIST, Kind.LIST_OF_STRUCT, Kind.LARGE_LIST,
                        Kind.FIXED_SIZE_LIST)
                .directoryShaped()
                .reference(new LanceJava());
    }

    /** An Arrow reader handing over one batch, zero-copy (Lance imports its buffers, which must stay aligned). */
    static final class OneBatch extends ArrowReader {
        private final VectorSchemaRoot data;
        private boolean done;

        OneBatch(VectorSchemaRoot data, BufferAllocator allocator) {
            super(allocator);
            this.data = data;
        }

        @Override
        public boolean loadNextBatch() throws IOException {
            if (done) {
                return false;
            }
            done = true;
            try (ArrowRecordBatch batch = new VectorUnloader(data).getRecordBatch()) {
                loadRecordBatch(batch);
            }
            return true;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
        }

        @Override
        protected Schema readSchema() {
            return data.getSchema();
        }
    }

    /** Lance Java's own dataset writer and scanner (none of the provider's code). */
    static final class LanceJava implements ReferenceFormat {
        @Override
        public String name() {
            return "Lance Java (org.lance:lance-core)";
        }

        @Override
        public boolean holds(Field field) {
            // Lance rejects offset zones written with a colon ("+02:00"; the provider stores "+0200")
            return !(field.getType() instanceof ArrowType.Timestamp)
                    || String.valueOf(((ArrowType.Timestamp) field.getType()).getTimezone()).indexOf(':') < 0;
        }

        @Override
        public void write(Path file, VectorSchemaRoot data, BufferAllocator allocator) throws Exception {
            try (ArrowReader source = new OneBatch(data, allocator);
                 Dataset ds = Dataset.write().allocator(allocator).reader(source).uri(file.toString())
                         .mode(WriteParams.WriteMode.CREATE).execute()) {
                ds.countRows();
            }
        }

        @Override
        public boolean reads() {
            return true;
        }

        @Override
        @SuppressWarnings("try") // LanceScanner.close() declares Exception
        public void read(Path file, BufferAllocator allocator, Consumer<VectorSchemaRoot> batches) throws Exception {
            try (Dataset ds = Dataset.open().allocator(allocator).uri(file.toString()).build();
                 LanceScanner scanner = ds.newScan(new ScanOptions.Builder().batchSize(256).build());
                 ArrowReader reader = scanner.scanBatches()) {
                while (reader.loadNextBatch()) {
                    batches.accept(reader.getVectorSchemaRoot());
                }
            }
        }
    }
}
