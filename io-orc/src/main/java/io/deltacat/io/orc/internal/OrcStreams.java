package io.deltacat.io.orc.internal;

import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.InputFile;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PositionedReadable;
import org.apache.hadoop.fs.Seekable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Adapters from the io-spi files to the Hadoop stream types ORC reads and writes through, so that
 * no Hadoop file system implementation (and no Hadoop configuration file) is ever looked up.
 *
 * <p>Writing: ORC's {@code PhysicalFsWriter} accepts a ready {@link FSDataOutputStream}; ours wraps
 * the {@link AtomicOutputStream} and commits it only when the writer is finished on purpose
 * ({@link CommitGate}), so a writer that ORC closes after a failure never publishes a partial file.
 *
 * <p>Reading: ORC's reader insists on a {@link FileSystem} to open its file; {@link SingleFileSystem}
 * is a read-only file system of exactly one file, whose streams are positioned reads on the
 * {@link InputFile}'s channel.
 */
final class OrcStreams {
    private OrcStreams() {
    }

    /**
     * Opens ORC's reader over one file: it reads the file's tail (postscript, footer, metadata) and
     * no stripe; stripes are read only by the record readers made from it.
     */
    static io.deltacat.bundle.orc.shaded.Reader reader(InputFile file) throws IOException {
        long length = file.length();
        Path path = new Path("/deltacat-orc/file.orc");
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        io.deltacat.bundle.orc.shaded.OrcFile.ReaderOptions options = io.deltacat.bundle.orc.shaded.OrcFile.readerOptions(conf)
                .filesystem(new SingleFileSystem(file, length, path, conf))
                .maxLength(length)
                .useUTCTimestamp(true)
                .convertToProlepticGregorian(true);
        return io.deltacat.bundle.orc.shaded.OrcFile.createReader(path, options);
    }

    /** Decides whether closing the ORC output stream commits (finish) or discards the file. */
    static final class CommitGate extends OutputStream {
        private final AtomicOutputStream out;
        private volatile boolean commit;

        CommitGate(AtomicOutputStream out) {
            this.out = out;
        }

        void allowCommit() {
            commit = true;
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
            if (commit) {
                out.close();
            } else {
                out.abort();
            }
        }
    }

    static FSDataOutputStream output(CommitGate gate) throws IOException {
        return new FSDataOutputStream(gate, null);
    }

    /** Positioned reads over a channel, the stream type Hadoop's {@link FSDataInputStream} wraps. */
    static final class ChannelStream extends InputStream implements Seekable, PositionedReadable {
        private final SeekableByteChannel channel;
        private long pos;

        ChannelStream(SeekableByteChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = read(pos, b, off, len);
            if (n > 0) {
                pos += n;
            }
            return n;
        }

        @Override
        public synchronized int read(long position, byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            channel.position(position);
            return channel.read(ByteBuffer.wrap(buffer, offset, length));
        }

        @Override
        public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
            int done = 0;
            while (done < length) {
                int n = read(position + done, buffer, offset + done, length - done);
                if (n < 0) {
                    throw new EOFException("end of file after " + (position + done) + " bytes");
                }
                done += n;
            }
        }

        @Override
        public void readFully(long position, byte[] buffer) throws IOException {
            readFully(position, buffer, 0, buffer.length);
        }

        @Override
        public void seek(long newPos) {
            pos = newPos;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public boolean seekToNewSource(long targetPos) {
            return false;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** A read-only file system holding one file, whatever path it is asked for. */
    static final class SingleFileSystem extends FileSystem {
        private final InputFile file;
        private final long length;
        private final Path path;

        SingleFileSystem(InputFile file, long length, Path path, org.apache.hadoop.conf.Configuration conf) {
            setConf(conf);
            this.file = file;
            this.length = length;
            this.path = path;
        }

        @Override
        public URI getUri() {
            return URI.create("deltacat-orc:///");
        }

        @Override
        public String getScheme() {
            return "deltacat-orc";
        }

        @Override
        public FSDataInputStream open(Path p, int bufferSize) throws IOException {
            return new FSDataInputStream(new ChannelStream(file.open()));
        }

        @Override
        public FileStatus getFileStatus(Path p) throws IOException {
            if (!p.equals(path)) {
                throw new FileNotFoundException(p.toString());
            }
            return new FileStatus(length, false, 1, length, 0, path);
        }

        @Override
        public FSDataOutputStream create(Path p, FsPermission permission, boolean overwrite, int bufferSize,
                                         short replication, long blockSize, Progressable progress) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public FSDataOutputStream append(Path p, int bufferSize, Progressable progress) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public boolean rename(Path src, Path dst) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public boolean delete(Path p, boolean recursive) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public FileStatus[] listStatus(Path p) throws IOException {
            return new FileStatus[] {getFileStatus(p)};
        }

        @Override
        public void setWorkingDirectory(Path dir) {
        }

        @Override
        public Path getWorkingDirectory() {
            return new Path("/");
        }

        @Override
        public boolean mkdirs(Path p, FsPermission permission) throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public void close() {
            // nothing to release: every stream owns its own channel
        }
    }
}
