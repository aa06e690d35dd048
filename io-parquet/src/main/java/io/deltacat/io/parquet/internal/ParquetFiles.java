package io.deltacat.io.parquet.internal;

import io.deltacat.io.spi.AtomicOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/** Adapters from the io-spi files to Parquet-Java's {@code InputFile}/{@code OutputFile}. */
final class ParquetFiles {
    private ParquetFiles() {
    }

    /** A Parquet input file over an io-spi input file; each stream opens its own channel. */
    static InputFile input(io.deltacat.io.spi.InputFile file) {
        return new InputFile() {
            @Override
            public long getLength() throws IOException {
                return file.length();
            }

            @Override
            public SeekableInputStream newStream() throws IOException {
                SeekableByteChannel channel = file.open();
                return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
                    @Override
                    public long getPos() throws IOException {
                        return channel.position();
                    }

                    @Override
                    public void seek(long newPos) throws IOException {
                        channel.position(newPos);
                    }
                };
            }

            @Override
            public String toString() {
                return file.uri();
            }
        };
    }

    /**
     * A Parquet output file whose single stream is the given atomic stream: closing it (which
     * {@code ParquetFileWriter.end} does) commits the file.
     */
    static OutputFile output(String uri, AtomicOutputStream out) {
        return new OutputFile() {
            private boolean created;

            @Override
            public PositionOutputStream create(long blockSizeHint) throws IOException {
                if (created) {
                    throw new IOException("parquet output stream already created for " + uri);
                }
                created = true;
                return new PositionOutputStream() {
                    @Override
                    public long getPos() {
                        return out.position();
                    }

                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }
                };
            }

            @Override
            public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
                return create(blockSizeHint);
            }

            @Override
            public boolean supportsBlockSize() {
                return false;
            }

            @Override
            public long defaultBlockSize() {
                return 0;
            }

            @Override
            public String getPath() {
                return uri;
            }
        };
    }
}
