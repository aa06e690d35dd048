package io.deltacat.storage.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.Storages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store that answers a write before reading its body and drops the connection (s3proxy does so,
 * now and then, for a missing bucket): the SDK sees only a broken upload. The write must still fail
 * as a missing bucket, typed, when the bucket is missing, and as the broken upload otherwise. The
 * endpoint here is a socket that behaves that way every time, so the case does not depend on timing.
 */
class EarlyRefusalTest {
    private ServerSocket socket;
    private Thread loop;
    private volatile boolean bucketExists;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        loop = new Thread(this::serve, "early-refusal-store");
        loop.setDaemon(true);
        loop.start();
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
        loop.join(5000);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket c = socket.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
                String line = in.readLine();
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    // headers are not needed
                }
                requests.add(line);
                OutputStream out = c.getOutputStream();
                if (line.startsWith("HEAD ")) {
                    out.write(((bucketExists ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found")
                            + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    // answered before any of the body is read, then the connection is dropped
                    String xml = "<Error><Code>" + (bucketExists ? "InternalError" : "NoSuchBucket") + "</Code></Error>";
                    out.write(((bucketExists ? "HTTP/1.1 500 Internal Server Error" : "HTTP/1.1 404 Not Found")
                            + "\r\nConnection: close\r\nContent-Type: application/xml\r\nContent-Length: "
                            + xml.length() + "\r\n\r\n" + xml).getBytes(StandardCharsets.ISO_8859_1));
                }
                out.flush();
                c.setSoLinger(true, 0); // unread body: reset, as a store closing early does
            } catch (IOException e) {
                // the next connection, or the end
            }
        }
    }

    private Storage storage() {
        return Storages.forUri("s3://gone/", StorageAccess.configured(Map.of("endpoint",
                "http://127.0.0.1:" + socket.getLocalPort(), "region", "us-east-1", "pathStyle", "true",
                "accessKeyId", "early", "secretAccessKey", "refusal")));
    }

    @Test
    void aWriteToAMissingBucketRefusedBeforeItsBodyIsAMissingBucket() {
        byte[] data = S3StorageTest.bytes(4 << 20, 3); // more than socket buffers hold: the write breaks
        assertThatThrownBy(() -> S3StorageTest.write(storage(), "s3://gone/x/a.bin", data))
                .isInstanceOf(StorageException.class).hasMessageContaining("'gone' does not exist");
        assertThat(requests).anyMatch(r -> r.startsWith("HEAD /gone "));
    }

    @Test
    void aBrokenWriteToABucketThatExistsStaysABrokenWrite() {
        bucketExists = true;
        byte[] data = S3StorageTest.bytes(4 << 20, 4);
        assertThatThrownBy(() -> S3StorageTest.write(storage(), "s3://gone/x/a.bin", data))
                .isInstanceOf(IOException.class).isNotInstanceOf(StorageException.class)
                .hasMessageContaining("PUT s3://gone/x/a.bin");
    }
}
