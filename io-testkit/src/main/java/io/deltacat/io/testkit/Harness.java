package io.deltacat.io.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.FormatWriter;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.Storages;
import io.deltacat.io.spi.WrittenFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** One case's world: a directory of its own, an allocator checked for leaks, and the provider's files. */
final class Harness {
    final FormatProvider provider;
    final Capabilities caps;
    final Path dir;
    final BufferAllocator allocator;
    private final Storage storage;

    Harness(FormatProvider provider, Capabilities caps, Path dir, BufferAllocator allocator) {
        this.provider = provider;
        this.caps = caps;
        this.dir = dir;
        this.allocator = allocator;
        this.storage = Storages.forUri(dir.toUri().toString(), Map.of());
    }

    /** A file name with the provider's first extension. */
    Path path(String stem) {
        return dir.resolve(stem + "." + provider.extensions().iterator().next());
    }

    /** The URI of a path, without the trailing slash {@link Path#toUri} gives an existing directory. */
    static String uri(Path path) {
        String u = path.toAbsolutePath().toUri().toString();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    OutputFile output(Path path) {
        return storage.outputFile(uri(path));
    }

    InputFile input(Path path) {
        return storage.inputFile(uri(path));
    }

    long size(Path path) throws IOException {
        return storage.size(uri(path));
    }

    /** The names of everything in the case's directory. */
    List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** Writes {@code total} generated rows of {@code schema} in batches of the given sizes (cycled). */
    WrittenFile write(Path path, Schema schema, Map<String, String> options, int total, int... batchSizes) {
        try (FormatWriter w = provider.openWriter(output(path), schema, options, allocator)) {
            int from = 0;
            for (int i = 0; from < total; i++) {
                int n = Math.min(batchSizes[i % batchSizes.length], total - from);
                try (VectorSchemaRoot b = ContractData.batch(schema, from, n, allocator)) {
                    w.write(b);
                }
                from += n;
            }
            if (total > 0) {
                assertThat(w.estimatedSize()).as("estimatedSize() after writing rows").isPositive();
            }
            WrittenFile f = w.finish();
            assertThat(f.uri()).as("finish().uri()").isEqualTo(output(path).uri());
            assertThat(f.rowCount()).as("finish().rowCount()").isEqualTo(total);
            assertThat(f.sizeBytes()).as("finish().sizeBytes() against the stored size").isEqualTo(size(path));
            return f;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A read request for all columns, typed by {@code schema} when the format's files are untyped. */
    ReadRequest all(Schema schema, int batchSize) {
        ReadRequest r = ReadRequest.all(batchSize);
        return caps.hasUntypedFiles() ? r.withExpectedSchema(schema) : r;
    }

    /** What a read produced. */
    record Read(Schema schema, List<List<Object>> rows, List<Integer> batchSizes) {
    }

    /** Reads a whole file, checking the batch contract on the way. */
    Read read(Path path, ReadRequest request) {
        return read(input(path), request);
    }

    Read read(InputFile file, ReadRequest request) {
        try (FormatReader r = provider.openReader(file, request, allocator)) {
            List<List<Object>> rows = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            Schema schema = r.schema();
            while (r.next()) {
                VectorSchemaRoot b = r.batch();
                assertThat(b.getSchema()).as("batch %d's schema against reader.schema()", sizes.size()).isEqualTo(schema);
                assertThat(b.getRowCount()).as("rows of batch %d (batch size %d)", sizes.size(), request.batchSize())
                        .isBetween(1, request.batchSize());
                for (FieldVector v : b.getFieldVectors()) {
                    assertThat(v.getValueCount()).as("value count of column '%s' in batch %d", v.getName(), sizes.size())
                            .isEqualTo(b.getRowCount());
                }
                sizes.add(b.getRowCount());
                rows.addAll(ContractData.rows(b));
            }
            assertThat(r.next()).as("next() after the end").isFalse();
            return new Read(schema, rows, sizes);
        }
    }

    /** Generated rows {@code 0..n-1} of {@code schema}, projected to {@code columns} (all when empty). */
    List<List<Object>> expected(Schema schema, int n, List<String> columns) {
        try (VectorSchemaRoot b = ContractData.batch(schema, 0, n, allocator)) {
            List<List<Object>> all = ContractData.rows(b);
            if (columns.isEmpty()) {
                return all;
            }
            List<String> names = schema.getFields().stream().map(Field::getName).toList();
            List<List<Object>> out = new ArrayList<>();
            for (List<Object> row : all) {
                List<Object> p = new ArrayList<>();
                for (String c : columns) {
                    p.add(row.get(names.indexOf(c)));
                }
                out.add(p);
            }
            return out;
        }
    }

    /**
     * Asserts that {@code actual} rows equal {@code expected}, failing on the first column and row that
     * differ, naming both values.
     */
    void assertSameRows(String what, List<Field> fields, List<List<Object>> expected, List<List<Object>> actual) {
        assertThat(actual.size()).as("%s: row count", what).isEqualTo(expected.size());
        for (int c = 0; c < fields.size(); c++) {
            for (int r = 0; r < expected.size(); r++) {
                Object want = expected.get(r).get(c);
                Object got = actual.get(r).get(c);
                if (!java.util.Objects.equals(want, got)) {
                    fail("%s: %s column '%s' (%s) row %d (id order): expected %s but was %s", what, provider.name(),
                            fields.get(c).getName(), fields.get(c).getType(), r, ContractData.show(want),
                            ContractData.show(got));
                }
            }
        }
    }

    /** An output file whose stream fails once {@code limit} bytes have been written. */
    OutputFile failingAfter(Path path, long limit) {
        OutputFile real = output(path);
        return new OutputFile() {
            @Override
            public String uri() {
                return real.uri();
            }

            @Override
            public AtomicOutputStream create() throws IOException {
                AtomicOutputStream out = real.create();
                return new AtomicOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (out.position() + len > limit) {
                            throw new IOException("disk full (kit)");
                        }
                        out.write(b, off, len);
                    }

                    @Override
                    public long position() {
                        return out.position();
                    }

                    @Override
                    public void abort() throws IOException {
                        out.abort();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }
                };
            }
        };
    }

    /** An input file counting the bytes read through its channels. */
    static InputFile counting(InputFile real, AtomicLong bytes) {
        return new InputFile() {
            @Override
            public String uri() {
                return real.uri();
            }

            @Override
            public long length() throws IOException {
                return real.length();
            }

            @Override
            public SeekableByteChannel open() throws IOException {
                SeekableByteChannel ch = real.open();
                return new SeekableByteChannel() {
                    @Override
                    public int read(ByteBuffer dst) throws IOException {
                        int n = ch.read(dst);
                        if (n > 0) {
                            bytes.addAndGet(n);
                        }
                        return n;
                    }

                    @Override
                    public int write(ByteBuffer src) throws IOException {
                        return ch.write(src);
                    }

                    @Override
                    public long position() throws IOException {
                        return ch.position();
                    }

                    @Override
                    public SeekableByteChannel position(long p) throws IOException {
                        ch.position(p);
                        return this;
                    }

                    @Override
                    public long size() throws IOException {
                        return ch.size();
                    }

                    @Override
                    public SeekableByteChannel truncate(long size) throws IOException {
                        ch.truncate(size);
                        return this;
                    }

                    @Override
                    public boolean isOpen() {
                        return ch.isOpen();
                    }

                    @Override
                    public void close() throws IOException {
                        ch.close();
                    }
                };
            }
        };
    }
}
