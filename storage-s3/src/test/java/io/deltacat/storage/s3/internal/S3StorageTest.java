package io.deltacat.storage.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.StorageAccessException;
import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.Storages;
import io.deltacat.io.spi.UploadStep;
import io.deltacat.storage.s3.S3Metrics;
import io.deltacat.storage.s3.testing.S3ProxyProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server-side S3 storage against a real S3 server (s3proxy, SigV4 on). */
class S3StorageTest {
    static S3ProxyProcess s3;
    static Storage storage;
    static String bucket;

    @BeforeAll
    static void start() throws IOException {
        s3 = S3ProxyProcess.shared();
        bucket = s3.createBucket("storage-test");
        storage = Storages.forUri("s3://" + bucket + "/", StorageAccess.configured(s3.settings(
                Map.of("partSizeBytes", Integer.toString(5 << 20)))));
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void write(Storage st, String uri, byte[] data) throws IOException {
        try (AtomicOutputStream out = st.outputFile(uri).create()) {
            for (int i = 0; i < data.length; i += 100_000) {
                out.write(data, i, Math.min(100_000, data.length - i));
            }
        }
    }

    static byte[] read(Storage st, String uri) throws IOException {
        try (SeekableByteChannel ch = st.inputFile(uri).open()) {
            ByteBuffer b = ByteBuffer.allocate((int) ch.size());
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // until full
            }
            return b.array();
        }
    }

    @Test
    void smallObjectIsOnePutAndNeverOverwritten() throws IOException {
        String uri = "s3://" + bucket + "/small/a.bin";
        byte[] data = bytes(1000, 1);
        S3Metrics.Snapshot before = S3Metrics.snapshot();
        write(storage, uri, data);
        S3Metrics.Snapshot d = S3Metrics.snapshot().minus(before);
        assertThat(d.puts()).isEqualTo(1);
        assertThat(d.parts()).isZero();
        assertThat(read(storage, uri)).isEqualTo(data);
        assertThat(storage.size(uri)).isEqualTo(1000);
        assertThat(storage.exists(uri)).isTrue();
        assertThat(storage.lastModified(uri)).isPresent();
        // If-None-Match: * -- s3proxy answers 412 for an existing key
        assertThatThrownBy(() -> write(storage, uri, bytes(10, 2))).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(read(storage, uri)).isEqualTo(data);
    }

    @Test
    void largeObjectGoesUpInPartsAndAppearsWhole() throws IOException {
        String uri = "s3://" + bucket + "/large/b.bin";
        byte[] data = bytes(12 << 20, 3);
        S3Metrics.Snapshot before = S3Metrics.snapshot();
        AtomicOutputStream out = storage.outputFile(uri).create();
        out.write(data, 0, 11 << 20);
        assertThat(storage.exists(uri)).as("nothing visible before close").isFalse();
        out.write(data, 11 << 20, 1 << 20);
        out.close();
        S3Metrics.Snapshot d = S3Metrics.snapshot().minus(before);
        assertThat(d.parts()).isEqualTo(3);
        assertThat(read(storage, uri)).isEqualTo(data);
        // completing a second upload of the same key is refused too, and that upload is aborted
        S3Metrics.Snapshot before2 = S3Metrics.snapshot();
        assertThatThrownBy(() -> write(storage, uri, bytes(11 << 20, 4))).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(S3Metrics.snapshot().minus(before2).abortedUploads()).isEqualTo(1);
        assertThat(read(storage, uri)).isEqualTo(data);
        assertThat(uploadsUnder("large/")).isEmpty();
    }

    @Test
    void abortedAndFailedUploadsLeaveNothing() throws IOException {
        String uri = "s3://" + bucket + "/aborted/c.bin";
        AtomicOutputStream out = storage.outputFile(uri).create();
        out.write(bytes(11 << 20, 5));
        out.abort();
        assertThat(storage.exists(uri)).isFalse();
        assertThat(uploadsUnder("aborted/")).isEmpty();

        // a part that fails: the upload is aborted, the object never appears
        S3Settings settings = S3Settings.of(s3.settings(Map.of()));
        SdkObjects objects = new SdkObjects(S3Clients.s3(settings), null);
        S3Location at = S3Location.parse("s3://" + bucket + "/aborted/d.bin");
        Uploader real = Uploaders.sdk(objects, at);
        Uploader failing = new Uploader() {
            public void put(byte[] data, int length) throws IOException {
                real.put(data, length);
            }

            public String start() throws IOException {
                return real.start();
            }

            public String part(String uploadId, int part, byte[] data, int length) throws IOException {
                if (part == 2) {
                    throw new IOException("connection reset (injected)");
                }
                return real.part(uploadId, part, data, length);
            }

            public void complete(String uploadId, List<UploadStep.Part> parts) throws IOException {
                real.complete(uploadId, parts);
            }

            public void abort(String uploadId) throws IOException {
                real.abort(uploadId);
            }
        };
        S3OutputStream s = new S3OutputStream(at.uri(), failing, 5 << 20, 2);
        s.write(bytes(16 << 20, 6));
        assertThatThrownBy(s::close).hasMessageContaining("injected");
        assertThat(storage.exists(at.uri())).isFalse();
        assertThat(uploadsUnder("aborted/")).isEmpty();
    }

    private static List<String> uploadsUnder(String key) throws IOException {
        SdkObjects objects = new SdkObjects(S3Clients.s3(S3Settings.of(s3.settings(Map.of()))), null);
        return objects.uploads(bucket, key).stream().map(u -> u.key()).toList();
    }

    @Test
    void rangedReadsFetchTheTailOnceAndOnlyWhatIsRead() throws IOException {
        String uri = "s3://" + bucket + "/ranged/e.bin";
        byte[] data = bytes(4 << 20, 7);
        write(storage, uri, data);
        S3Metrics.Snapshot before = S3Metrics.snapshot();
        try (SeekableByteChannel ch = storage.inputFile(uri).open()) {
            // a footer read: the last 8 bytes, then 1000 bytes before them, both from one tail fetch
            ByteBuffer last = ByteBuffer.allocate(8);
            ch.position(data.length - 8).read(last);
            ByteBuffer footer = ByteBuffer.allocate(1000);
            ch.position(data.length - 1008).read(footer);
            assertThat(footer.array()).isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 1008, data.length - 8));
            // one column chunk in the middle: exactly its bytes (at least the minimum read-ahead)
            ByteBuffer chunk = ByteBuffer.allocate(300_000);
            ch.position(1 << 20);
            while (chunk.hasRemaining()) {
                ch.read(chunk);
            }
            assertThat(chunk.array()).isEqualTo(java.util.Arrays.copyOfRange(data, 1 << 20, (1 << 20) + 300_000));
        }
        S3Metrics.Snapshot d = S3Metrics.snapshot().minus(before);
        assertThat(d.gets()).isEqualTo(2);
        assertThat(d.bytesFetched()).isEqualTo(RangeChannel.TAIL + 300_000);
    }

    @Test
    void smallSequentialReadsAreCoalesced() throws IOException {
        String uri = "s3://" + bucket + "/ranged/f.bin";
        byte[] data = bytes(3 << 20, 8);
        write(storage, uri, data);
        S3Metrics.Snapshot before = S3Metrics.snapshot();
        try (SeekableByteChannel ch = storage.inputFile(uri).open()) {
            ByteBuffer small = ByteBuffer.allocate(4096);
            long read = 0;
            while (ch.read(small.clear()) > 0) {
                read += small.position();
            }
            assertThat(read).isEqualTo(data.length);
        }
        S3Metrics.Snapshot d = S3Metrics.snapshot().minus(before);
        // 768 reads of 4 KiB: read-ahead doubling from 64 KiB makes them a handful of GETs
        assertThat(d.gets()).isLessThanOrEqualTo(8);
        // the object's length comes with its tail (a footer, for the formats that read one)
        assertThat(d.bytesFetched()).isBetween((long) data.length, (long) data.length + RangeChannel.TAIL);
    }

    @Test
    void listsDeletesAndSizesFolders() throws IOException {
        String dir = "s3://" + bucket + "/folder/ds.lance";
        write(storage, dir + "/data/1.lance", bytes(100, 9));
        write(storage, dir + "/_versions/1.manifest", bytes(50, 10));
        write(storage, "s3://" + bucket + "/folder/ds.lance-other", bytes(7, 11));
        assertThat(storage.exists(dir)).isTrue();
        assertThat(storage.size(dir)).isEqualTo(150);
        assertThat(storage.list("s3://" + bucket + "/folder/")).containsExactly(
                "s3://" + bucket + "/folder/ds.lance-other", dir + "/_versions/1.manifest", dir + "/data/1.lance");
        storage.deletePrefix(dir);
        assertThat(storage.list("s3://" + bucket + "/folder/")).containsExactly("s3://" + bucket + "/folder/ds.lance-other");
        storage.deletePrefix("s3://" + bucket + "/folder/");
        assertThat(storage.list("s3://" + bucket + "/folder/")).isEmpty();
        storage.deletePrefix("s3://" + bucket + "/folder/"); // missing: no error
    }

    @Test
    void missingBucketAndWrongKeysAreTypedErrors() {
        assertThatThrownBy(() -> storage.checkReachable("s3://no-such-bucket/x/"))
                .isInstanceOf(StorageException.class).hasMessageContaining("no-such-bucket").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> write(storage, "s3://no-such-bucket/x/a.bin", bytes(10, 1)))
                .isInstanceOf(StorageException.class).hasMessageContaining("no-such-bucket");
        Storage wrong = Storages.forUri("s3://" + bucket + "/", StorageAccess.configured(s3.settings(
                Map.of("secretAccessKey", "not-the-secret"))));
        assertThatThrownBy(() -> wrong.checkReachable("s3://" + bucket + "/"))
                .isInstanceOf(StorageAccessException.class).hasMessageNotContaining("not-the-secret");
    }
}
