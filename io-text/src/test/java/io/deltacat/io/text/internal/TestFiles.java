package io.deltacat.io.text.internal;

import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Local files for the tests, with the io-spi contract (hidden temporary file renamed on close,
 * deleted on abort). The test classes live inside the provider's module, which does not declare
 * {@code uses StorageProvider}, so they cannot look the built-in local storage up.
 */
final class TestFiles {
    private TestFiles() {
    }

    static InputFile input(Path path) {
        return new InputFile() {
            @Override
            public String uri() {
                return path.toUri().toString();
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

    static OutputFile output(Path path) {
        return new OutputFile() {
            @Override
            public String uri() {
                return path.toUri().toString();
            }

            @Override
            public AtomicOutputStream create() throws IOException {
                if (Files.exists(path)) {
                    throw new FileAlreadyExistsException(path.toString());
                }
                Path tmp = path.resolveSibling("." + path.getFileName() + ".tmp");
                OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW);
                return new AtomicOutputStream() {
                    private long position;
                    private boolean done;

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
                    public long position() {
                        return position;
                    }

                    @Override
                    public void abort() throws IOException {
                        if (!done) {
                            done = true;
                            out.close();
                            Files.deleteIfExists(tmp);
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        if (!done) {
                            done = true;
                            out.close();
                            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
                        }
                    }
                };
            }
        };
    }
}
