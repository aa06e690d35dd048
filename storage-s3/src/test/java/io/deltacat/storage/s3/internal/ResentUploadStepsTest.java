package io.deltacat.storage.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.Storages;
import io.deltacat.io.spi.UploadAnswer;
import io.deltacat.io.spi.UploadStep;
import io.deltacat.storage.s3.testing.S3ProxyProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server-performed upload steps met again after a lost answer (a client's resend): a resent
 * START continues the upload the first one began, a resent COMPLETE of a completed upload succeeds
 * without writing anything, a COMPLETE of other parts over an existing object is still refused, and
 * a resent ABORT of an ended upload is no error.
 */
class ResentUploadStepsTest {
    static final Duration TTL = Duration.ofMinutes(5);
    static Storage server;
    static String staging;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        S3ProxyProcess s3 = S3ProxyProcess.shared();
        staging = "s3://" + s3.createBucket("resent-steps") + "/t/data/w1/";
        server = Storages.forUri(staging, StorageAccess.configured(s3.settings(Map.of())));
    }

    private UploadStep.Part part(String uri, String uploadId, int number, byte[] data) throws Exception {
        UploadAnswer signed = server.upload(new UploadStep(UploadStep.Kind.PART, uri, uploadId, number, List.of()), TTL);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(signed.url().orElseThrow()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data));
        HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(200);
        return new UploadStep.Part(number, r.headers().firstValue("ETag").orElseThrow());
    }

    private String started(String uri) throws IOException {
        return server.upload(UploadStep.of(UploadStep.Kind.START, uri), TTL).uploadId().orElseThrow();
    }

    @Test
    void resentStepsMeetTheFirstOutcome() throws Exception {
        String uri = staging + "part-0.bin";
        String first = started(uri);
        assertThat(started(uri)).as("a resent start continues the upload in progress").isEqualTo(first);

        byte[] one = S3StorageTest.bytes(5 << 20, 7);
        byte[] two = S3StorageTest.bytes(1000, 8);
        List<UploadStep.Part> parts = List.of(part(uri, first, 1, one), part(uri, first, 2, two));
        UploadStep complete = new UploadStep(UploadStep.Kind.COMPLETE, uri, first, 0, parts);
        server.upload(complete, TTL);
        server.upload(complete, TTL); // the resend: the upload is gone, its object is there
        byte[] whole = S3StorageTest.read(server, uri);
        assertThat(whole).hasSize(one.length + two.length);
        assertThat(java.util.Arrays.copyOfRange(whole, one.length, whole.length)).isEqualTo(two);

        // a new upload under the same name completes over nothing: other parts, other ETag, refused
        String second = started(uri);
        assertThat(second).isNotEqualTo(first);
        List<UploadStep.Part> other = List.of(part(uri, second, 1, S3StorageTest.bytes(2000, 9)));
        assertThatThrownBy(() -> server.upload(new UploadStep(UploadStep.Kind.COMPLETE, uri, second, 0, other), TTL))
                .isInstanceOf(FileAlreadyExistsException.class);
        UploadStep abort = new UploadStep(UploadStep.Kind.ABORT, uri, second, 0, List.of());
        server.upload(abort, TTL);
        server.upload(abort, TTL);
        assertThat(S3StorageTest.read(server, uri)).isEqualTo(whole);
        // a completion naming an upload that never existed, for a name with no object, stays an error
        assertThatThrownBy(() -> server.upload(new UploadStep(UploadStep.Kind.COMPLETE, staging + "part-9.bin",
                "no-such-upload", 0, parts), TTL)).isInstanceOf(IOException.class);
        assertThat(server.exists(staging + "part-9.bin")).isFalse();
    }
}
