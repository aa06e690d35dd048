package io.deltacat.io.spi.internal;

import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.Storage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Files on a local or POSIX file system (local disk, NFS, Lustre). A new file is written to a hidden
 * temporary name beside its target and renamed into place on close, so readers never see a partial
 * file.
 */
public final class LocalStorage implements Storage {
    static final LocalStorage INSTANCE = new LocalStorage();

    private LocalStorage() {
    }

    /** The local path of a {@code file:} URI. */
    public static Path toPath(String uri) {
        URI u = URI.create(uri);
        if (!"file".equals(u.getScheme())) {
            throw new IllegalArgumentException("not a file URI: " + uri);
        }
        return Paths.get(u);
    }

    @Override
    public InputFile inputFile(String uri) {
        Path path = toPath(uri);
        return new InputFile() {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public long length() throws IOException {
                return Files.size(path);
            }

            @Override
            public SeekableByteChannel open() throws IOException {
                return FileChannel.open(path, StandardOpenOption.READ);
            }
        };
    }

    @Override
    public OutputFile outputFile(String uri) {
        Path path = toPath(uri);
        return new OutputFile() {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public AtomicOutputStream create() throws IOException {
                if (Files.exists(path)) {
                    throw new FileAlreadyExistsException(path.toString());
                }
                Files.createDirectories(path.getParent());
                Path tmp = path.resolveSibling("." + path.getFileName() + "." + System.nanoTime() + ".tmp");
                return new LocalAtomicOutputStream(tmp, path);
            }
        };
    }

    /**
     * Whether a data file exists: a regular file, or a directory for formats whose "file" is a
     * directory tree (a Lance dataset).
     */
    @Override
    public boolean exists(String uri) {
        Path p = toPath(uri);
        return Files.isRegularFile(p) || Files.isDirectory(p);
    }

    /** Bytes of a file, or of every regular file under a directory-shaped one. */
    @Override
    public long size(String uri) throws IOException {
        Path p = toPath(uri);
        if (!Files.isDirectory(p)) {
            return Files.size(p);
        }
        long total = 0;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(f)) {
                    total += Files.size(f);
                }
            }
        }
        return total;
    }

    @Override
    public Optional<Instant> lastModified(String uri) throws IOException {
        try {
            return Optional.of(Files.getLastModifiedTime(toPath(uri), LinkOption.NOFOLLOW_LINKS).toInstant());
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    /** See {@link StagedLocalFiles}: nothing that is or passes through a link is opened. */
    @Override
    public InputFile stagedFile(String prefixUri, String uri) throws IOException {
        return StagedLocalFiles.open(prefixUri, uri);
    }

    @Override
    public List<String> list(String prefixUri) throws IOException {
        Path root = toPath(prefixUri);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).sorted().forEach(p -> out.add(p.toUri().toString()));
        }
        return out;
    }

    @Override
    public void deletePrefix(String prefixUri) throws IOException {
        Path root = toPath(prefixUri);
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static final class LocalAtomicOutputStream extends AtomicOutputStream {
        private final Path tmp;
        private final Path target;
        private final OutputStream out;
        private long position;
        private boolean done;

        LocalAtomicOutputStream(Path tmp, Path target) throws IOException {
            this.tmp = tmp;
            this.target = target;
            this.out = new java.io.BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void abort() throws IOException {
            if (done) {
                return;
            }
            done = true;
            try {
                out.close();
            } finally {
                Files.deleteIfExists(tmp);
            }
        }

        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            boolean moved = false;
            try {
                out.close();
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
                moved = true;
            } catch (NoSuchFileException e) {
                throw new IOException("temporary file vanished before commit: " + tmp, e);
            } finally {
                if (!moved) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }
}
