package io.deltacat.storage.s3.internal;

import io.deltacat.api.error.StorageAccessException;
import io.deltacat.api.error.StorageException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Requests through presigned URLs with the JDK's HTTP client: ranged GETs of a plan's objects and
 * the PUTs of uploads the server signed. A 403 means the URL lapsed or is used for something it was
 * not signed for: {@link StorageAccessException}.
 */
final class PresignedHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private PresignedHttp() {
    }

    /** Reads an object through the GET URL {@code url} supplies (asked again per request, so it may be renewed). */
    static ObjectReader reader(String uri, Supplier<String> url) {
        return new ObjectReader() {
            @Override
            public Chunk range(long start, long end) throws IOException {
                return get(uri, url.get(), "bytes=" + start + "-" + (end - 1), start, end - start);
            }

            @Override
            public Chunk tail(int n) throws IOException {
                return get(uri, url.get(), "bytes=-" + n, -1, -1);
            }
        };
    }

    private static ObjectReader.Chunk get(String uri, String url, String range, long start, long expected)
            throws IOException {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Range", range)
                .GET().build(), uri, "GET");
        if (r.statusCode() == 416) { // an empty object has no suffix range
            r = send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(), uri, "GET");
        }
        check(r, uri, "GET");
        byte[] data = r.body();
        Counters.fetched(data.length);
        long total = ObjectReader.total(r.headers().firstValue("Content-Range").orElse(null), data.length);
        if (expected >= 0 && data.length != expected) {
            throw new IOException("asked " + expected + " bytes of " + uri + " at " + start + ", got " + data.length);
        }
        return new ObjectReader.Chunk(start >= 0 ? start : total - data.length, data, total);
    }

    /**
     * Sends {@code data} with the signed method, URL and headers; answers the ETag (for a part).
     *
     * @throws FileAlreadyExistsException when the store refuses to overwrite (412)
     */
    static String send(String uri, String method, String url, Map<String, String> headers, byte[] data, int length)
            throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(data, 0, length));
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
                b.header(k, v);
            }
        });
        HttpResponse<byte[]> r = send(b.build(), uri, method);
        check(r, uri, method);
        return r.headers().firstValue("ETag").orElse("");
    }

    private static HttpResponse<byte[]> send(HttpRequest request, String uri, String method) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + method + " " + uri, e);
        }
    }

    private static void check(HttpResponse<byte[]> r, String uri, String method) throws IOException {
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
            return;
        }
        String code = errorCode(r.body());
        if (s == 412) {
            throw new FileAlreadyExistsException(uri, null, "an object already exists under this key; objects are never"
                    + " overwritten");
        }
        if (s == 404 && "NoSuchBucket".equals(code)) {
            throw new StorageException("the bucket of " + uri + " does not exist", null);
        }
        if (s == 404) {
            throw new NoSuchFileException(uri);
        }
        if (s == 403 || s == 401) {
            throw new StorageAccessException("storage refused to " + method + " " + uri + " (HTTP " + s
                    + (code.isEmpty() ? "" : ", " + code) + "): the presigned URL expired or does not cover it", null);
        }
        throw new IOException("cannot " + method + " " + uri + ": HTTP " + s + (code.isEmpty() ? "" : " " + code));
    }

    /** The {@code <Code>} of an S3 error document, or empty. */
    private static String errorCode(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        int a = text.indexOf("<Code>");
        int b = text.indexOf("</Code>");
        return a >= 0 && b > a ? text.substring(a + 6, b) : "";
    }
}
