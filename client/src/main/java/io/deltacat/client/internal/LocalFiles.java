package io.deltacat.client.internal;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;
import io.deltacat.api.error.UnsupportedFeatureException;
import io.deltacat.io.spi.FormatProvider;
import io.deltacat.io.spi.FormatReader;
import io.deltacat.io.spi.Formats;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.ReadRequest;
import io.deltacat.io.spi.Storages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Local files as the input of a write: each file is read by its format provider, one after the other,
 * into Arrow batches with one schema. The schema is the table's when it exists, else that of the first
 * self-describing file (one that stores exact types), else the one inferred from the first file; text
 * files are typed with it, and every other file must have it (names and types, in order).
 * Closing releases the open reader and the memory of the batches.
 */
final class LocalFiles implements BatchSource, AutoCloseable {
    /** Formats whose files cannot hold exact Arrow types: they are read with the expected schema. */
    private static final Set<String> TEXT = Set.of("csv", "tsv", "psv", "json");
    private static final int BATCH_SIZE = 64 * 1024;

    private record Input(Path path, String uri, FormatProvider provider) {
        boolean text() {
            return TEXT.contains(provider.name());
        }

        /** Bytes of the file, or of every file under it for a dataset-shaped input (Lance). */
        long size() {
            try (java.util.stream.Stream<Path> files = Files.walk(path)) {
                return files.filter(Files::isRegularFile).mapToLong(f -> {
                    try {
                        return Files.size(f);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).sum();
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                throw new StorageException("cannot read the size of input file " + path + ": " + e.getMessage(), e);
            }
        }
    }

    private final List<Input> inputs; // mutable: copied files leave it
    private final BufferAllocator allocator;
    private final Schema schema;
    private final WriteTally tally;
    private int next;
    private FormatReader current;
    private Input currentInput;

    private LocalFiles(List<Input> inputs, BufferAllocator allocator, Schema schema, WriteTally tally) {
        this.inputs = inputs;
        this.allocator = allocator;
        this.schema = schema;
        this.tally = tally;
    }

    /**
     * Resolves every file's format and checks every file's schema, before anything is written.
     *
     * @param tableSchema the existing table's schema, if any
     * @param progress told after each batch and each file read to its end (see {@link #copied})
     */
    static LocalFiles open(List<Path> files, Optional<String> inputFormat, Optional<Schema> tableSchema,
                           BufferAllocator parent, java.util.function.Consumer<io.deltacat.api.model.WriteProgress> progress) {
        if (files.isEmpty()) {
            throw new InvalidRequestException("no files to write");
        }
        List<Input> inputs = new ArrayList<>();
        for (Path p : files) {
            Path path = p.toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                // a directory may be a dataset-shaped file (Lance)
                throw new InvalidRequestException("input file " + path + " does not exist");
            }
            inputs.add(new Input(path, path.toUri().toString(), provider(path, inputFormat)));
        }
        if (inputs.stream().map(Input::path).distinct().count() != inputs.size()) {
            throw new InvalidRequestException("an input file is named twice: " + files);
        }
        BufferAllocator allocator = parent.newChildAllocator("deltacat-local-input", 0, Long.MAX_VALUE);
        try {
            Input first = inputs.stream().filter(i -> !i.text()).findFirst().orElse(inputs.get(0));
            Schema firstSchema;
            try (FormatReader r = first.provider().openReader(inputFile(first), ReadRequest.all(BATCH_SIZE),
                    allocator)) {
                firstSchema = r.schema();
            }
            Schema schema = tableSchema.map(t -> present(t, firstSchema)).orElse(firstSchema);
            long bytes = 0;
            for (Input in : inputs) {
                bytes += in.size();
            }
            LocalFiles source = new LocalFiles(inputs, allocator, schema, new WriteTally(progress, inputs.size(), bytes));
            for (Input in : inputs) {
                source.openReader(in).close();
            }
            return source;
        } catch (RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    /**
     * The table's columns that the input has (by name, in table order). The columns it lacks are the
     * server's to judge: it fills nullable or defaulted ones and refuses the others, naming them.
     */
    private static Schema present(Schema table, Schema input) {
        java.util.Set<String> names = new java.util.HashSet<>();
        input.getFields().forEach(f -> names.add(f.getName()));
        List<Field> kept = table.getFields().stream().filter(f -> names.contains(f.getName())).toList();
        return kept.isEmpty() ? table : new Schema(kept, table.getCustomMetadata());
    }

    private static FormatProvider provider(Path path, Optional<String> inputFormat) {
        String name = inputFormat.orElse(null);
        if (name != null) {
            try {
                return Formats.require(name);
            } catch (UnsupportedFeatureException e) {
                throw new UnsupportedFeatureException("input file " + path + ": " + e.getMessage(), e);
            }
        }
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        if (dot <= 0 || dot == file.length() - 1) {
            throw new InvalidRequestException("cannot tell the format of input file " + path
                    + ": it has no extension; name the format with inputFormat(...)");
        }
        String ext = file.substring(dot + 1).toLowerCase(Locale.ROOT);
        Optional<FormatProvider> p = Formats.forExtension(ext);
        if (p.isPresent()) {
            return p.get();
        }
        try {
            return Formats.require(ext);
        } catch (UnsupportedFeatureException e) {
            throw new UnsupportedFeatureException("input file " + path + " (extension '" + ext + "'): "
                    + e.getMessage(), e);
        }
    }

    private static InputFile inputFile(Input in) {
        return Storages.forUri(in.uri(), Map.of()).inputFile(in.uri());
    }

    private FormatReader openReader(Input in) {
        FormatReader r;
        try {
            r = in.provider().openReader(inputFile(in),
                    ReadRequest.all(BATCH_SIZE).withExpectedSchema(schema), allocator);
        } catch (RuntimeException e) {
            throw wrap(in, e);
        }
        if (!sameColumns(r.schema().getFields(), schema.getFields())) {
            r.close();
            throw new InvalidRequestException("input file " + in.path() + " (" + in.provider().name()
                    + ") has schema " + describe(r.schema().getFields()) + ", expected " + describe(schema.getFields()));
        }
        return r;
    }

    private static RuntimeException wrap(Input in, RuntimeException e) {
        if (e instanceof DeltacatException) {
            return e;
        }
        return new StorageException(in.provider().name() + " read of input file " + in.path() + " failed: "
                + e.getMessage(), e);
    }

    /** Names and types equal, recursively; nullability and metadata aside. */
    private static boolean sameColumns(List<Field> a, List<Field> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Field x = a.get(i);
            Field y = b.get(i);
            if (!x.getName().equals(y.getName()) || !x.getType().equals(y.getType())
                    || !sameColumns(x.getChildren(), y.getChildren())) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Field> fields) {
        StringBuilder b = new StringBuilder("[");
        for (Field f : fields) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(f.getName()).append(' ').append(f.getType());
            if (!f.getChildren().isEmpty()) {
                b.append(describe(f.getChildren()));
            }
        }
        return b.append(']').toString();
    }

    /**
     * Takes out of this source the files that can be copied as they are into a table stored in
     * {@code target}: regular files of that very format whose schema is exactly the write's schema
     * (metadata included). Call before the first {@link #next()}.
     */
    List<Path> takeCopyable(FormatProvider target) {
        if (next != 0 || current != null) {
            throw new IllegalStateException("takeCopyable after next()");
        }
        List<Path> copy = new ArrayList<>();
        for (java.util.Iterator<Input> it = inputs.iterator(); it.hasNext(); ) {
            Input in = it.next();
            if (!in.provider().name().equals(target.name()) || !Files.isRegularFile(in.path())) {
                continue;
            }
            Schema fileSchema;
            try (FormatReader r = openReader(in)) {
                fileSchema = r.schema();
            }
            if (fileSchema.equals(schema)) {
                copy.add(in.path());
                it.remove();
            }
        }
        return copy;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public VectorSchemaRoot next() {
        while (true) {
            if (current == null) {
                if (next >= inputs.size()) {
                    return null;
                }
                currentInput = inputs.get(next++);
                current = openReader(currentInput);
            }
            boolean more;
            try {
                more = current.next();
            } catch (RuntimeException e) {
                throw wrap(currentInput, e);
            }
            if (more) {
                VectorSchemaRoot batch = current.batch();
                tally.rows(batch.getRowCount());
                if (batch.getSchema().equals(schema)) {
                    return batch;
                }
                // same columns, other nullability or metadata: present the batch with the write's schema
                return new VectorSchemaRoot(schema, batch.getFieldVectors(), batch.getRowCount());
            }
            current.close();
            current = null;
            tally.fileRead(currentInput.size(), 0);
        }
    }

    /** Tells the progress listener that {@code path}, taken by {@link #takeCopyable}, was copied with its rows. */
    void copied(Path path, long rows) {
        tally.fileRead(new Input(path, path.toUri().toString(), null).size(), rows);
    }

    @Override
    public void close() {
        try {
            if (current != null) {
                current.close();
                current = null;
            }
        } finally {
            allocator.close();
        }
    }
}
