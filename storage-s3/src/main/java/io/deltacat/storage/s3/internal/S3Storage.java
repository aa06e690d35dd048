package io.deltacat.storage.s3.internal;

import io.deltacat.api.error.StorageAccessException;
import io.deltacat.api.model.StorageCredential;
import io.deltacat.io.spi.AtomicOutputStream;
import io.deltacat.io.spi.InputFile;
import io.deltacat.io.spi.OutputFile;
import io.deltacat.io.spi.Storage;
import io.deltacat.io.spi.StorageAccess;
import io.deltacat.io.spi.UploadAnswer;
import io.deltacat.io.spi.UploadStep;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects under {@code s3://bucket/prefix}. On a server ({@link #server}) requests go out with the
 * root's own keys (or the SDK's default chain) and {@link #grantRead}/{@link #grantWrite}/{@link #upload}
 * vend scoped access ({@link Vending}). On a client ({@link #client}) every request uses what the
 * server vended for its URI: presigned URLs (ranged GETs, signed uploads) or temporary keys, renewed
 * before they lapse; a URI nothing was vended for is refused before any request.
 *
 * <p>A data file is one object, or for directory-shaped formats (Lance) the objects under
 * {@code uri + "/"}; {@link #exists} and {@link #size} take both.
 */
public final class S3Storage implements Storage {
    private final S3Settings settings;
    private final StorageAccess access;
    private final SdkObjects own;

    private S3Storage(S3Settings settings, StorageAccess access) {
        this.settings = settings;
        this.access = access;
        this.own = settings == null ? null : new SdkObjects(S3Clients.s3(settings), null);
    }

    /** A server root's storage, reaching the bucket with its own configuration. */
    static S3Storage server(S3Settings settings) {
        return new S3Storage(settings, null);
    }

    /** A client's storage, using only what the server vended in {@code access}. */
    static S3Storage client(StorageAccess access) {
        return new S3Storage(null, access);
    }

    @Override
    public String type() {
        return "s3";
    }

    // ---------------------------------------------------------------- how a URI is reached

    private StorageCredential credential(String uri, String operation) {
        return access.credentialFor(uri).orElseThrow(() -> new StorageAccessException("no storage access was vended"
                + " to " + operation + " " + uri + "; data is reached only through the access the server hands out"
                + " with a plan or a write", null));
    }

    /** SDK requests for {@code uri}: the server's own, or a client's with the vended keys of each request. */
    private SdkObjects objects(String uri, String operation) {
        if (own != null) {
            return own;
        }
        StorageCredential c = credential(uri, operation);
        if (!c.provider().equals("s3")) {
            throw new StorageAccessException("the access vended for " + uri + " (" + c.provider() + ") does not allow"
                    + " to " + operation + " it", null);
        }
        S3Settings place = S3Settings.of(placeOf(c.properties())).withoutKeys();
        AwsCredentialsProvider keys = () -> {
            Map<String, String> p = credential(uri, operation).properties();
            String token = p.get("sessionToken");
            return token == null || token.isEmpty()
                    ? AwsBasicCredentials.create(p.get("accessKeyId"), p.get("secretAccessKey"))
                    : AwsSessionCredentials.create(p.get("accessKeyId"), p.get("secretAccessKey"), token);
        };
        return new SdkObjects(S3Clients.s3(place), keys);
    }

    private static Map<String, String> placeOf(Map<String, String> credential) {
        Map<String, String> m = new HashMap<>();
        for (String k : List.of("endpoint", "region", "pathStyle")) {
            if (credential.containsKey(k)) {
                m.put(k, credential.get(k));
            }
        }
        return m;
    }

    private ObjectReader reader(String uri) {
        S3Location at = S3Location.parse(uri);
        if (own != null) {
            return own.reader(at);
        }
        StorageCredential c = credential(uri, "read");
        switch (c.provider()) {
            case "s3-presigned":
                return PresignedHttp.reader(uri, () -> credential(uri, "read").properties().get("url"));
            case "s3-signed-uploads":
                return PresignedHttp.reader(uri, () -> access.signUpload(UploadStep.of(UploadStep.Kind.GET, uri))
                        .url().orElseThrow());
            default:
                return objects(uri, "read").reader(at);
        }
    }

    private Uploader uploader(String uri) {
        S3Location at = S3Location.parse(uri);
        if (own != null) {
            return Uploaders.sdk(own, at);
        }
        StorageCredential c = credential(uri, "write");
        switch (c.provider()) {
            case "s3-signed-uploads":
                return Uploaders.signed(access, uri);
            case "s3":
                return Uploaders.sdk(objects(uri, "write"), at);
            default:
                throw new StorageAccessException("the access vended for " + uri + " (" + c.provider()
                        + ") does not allow writing it", null);
        }
    }

    private int partSize() {
        return settings != null ? settings.partSize() : 8 << 20;
    }

    private int concurrency() {
        return settings != null ? settings.uploadConcurrency() : 4;
    }

    // ---------------------------------------------------------------- files

    @Override
    public InputFile inputFile(String uri) {
        S3Location.parse(uri);
        return new InputFile() {
            private ObjectReader.Chunk tail;
            private long length = -1;

            @Override
            public String uri() {
                return uri;
            }

            @Override
            public synchronized long length() throws IOException {
                if (length < 0) {
                    if (own != null) {
                        length = own.head(S3Location.parse(uri)).orElseThrow(() -> new NoSuchFileException(uri))
                                .contentLength();
                    } else {
                        tail = reader(uri).tail(RangeChannel.TAIL); // the footer comes with the length
                        length = tail.total();
                    }
                }
                return length;
            }

            @Override
            public synchronized SeekableByteChannel open() throws IOException {
                RangeChannel channel = new RangeChannel(reader(uri), uri, length, tail);
                tail = null; // one channel gets the tail fetched with the length
                return channel;
            }

            @Override
            public Map<String, String> objectStoreOptions() {
                return S3Storage.this.objectStoreOptions(uri);
            }
        };
    }

    @Override
    public OutputFile outputFile(String uri) {
        S3Location.parse(uri);
        return new OutputFile() {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public AtomicOutputStream create() {
                return new S3OutputStream(uri, uploader(uri), partSize(), concurrency());
            }

            @Override
            public Map<String, String> objectStoreOptions() {
                return S3Storage.this.objectStoreOptions(uri);
            }

            @Override
            public long storedBytes() throws IOException {
                return size(uri);
            }
        };
    }

    /** Lance's object-store options for the keys that reach {@code uri}; empty with presigned access only. */
    private Map<String, String> objectStoreOptions(String uri) {
        Map<String, String> p;
        if (own != null) {
            p = new HashMap<>();
            if (settings.accessKeyId() != null) {
                p.put("accessKeyId", settings.accessKeyId());
                p.put("secretAccessKey", settings.secretAccessKey());
                if (settings.sessionToken() != null) {
                    p.put("sessionToken", settings.sessionToken());
                }
            }
            if (settings.endpoint() != null) {
                p.put("endpoint", settings.endpoint().toString());
            }
            p.put("region", settings.region());
        } else {
            Optional<StorageCredential> c = access.credentialFor(uri);
            if (c.isEmpty() || !c.get().provider().equals("s3")) {
                return Map.of();
            }
            p = c.get().properties();
        }
        return Vending.lanceOptions(p);
    }

    // ---------------------------------------------------------------- metadata (server, or a client with keys)

    @Override
    public boolean exists(String uri) throws IOException {
        S3Location at = S3Location.parse(uri);
        if (own == null && !"s3".equals(credential(uri, "read").provider())) {
            try {
                reader(uri).tail(1);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }
        SdkObjects o = objects(uri, "read");
        return o.head(at).isPresent() || !o.list(at.bucket(), at.folderKey()).isEmpty();
    }

    @Override
    public long size(String uri) throws IOException {
        S3Location at = S3Location.parse(uri);
        if (own == null && !"s3".equals(credential(uri, "read").provider())) {
            return reader(uri).tail(1).total();
        }
        SdkObjects o = objects(uri, "read");
        Optional<HeadObjectResponse> head = o.head(at);
        if (head.isPresent()) {
            return head.get().contentLength();
        }
        List<S3Object> inside = o.list(at.bucket(), at.folderKey());
        if (inside.isEmpty()) {
            throw new NoSuchFileException(uri);
        }
        return inside.stream().mapToLong(S3Object::size).sum();
    }

    @Override
    public Optional<Instant> lastModified(String uri) throws IOException {
        S3Location at = S3Location.parse(uri);
        return objects(uri, "read").head(at).map(HeadObjectResponse::lastModified);
    }

    @Override
    public List<String> list(String prefixUri) throws IOException {
        S3Location at = S3Location.parse(prefixUri);
        List<String> out = new ArrayList<>();
        for (S3Object o : objects(prefixUri, "list").list(at.bucket(), at.key())) {
            out.add(S3Location.uri(at.bucket(), o.key()));
        }
        out.sort(null);
        return out;
    }

    /**
     * Deletes the object {@code prefixUri} names and every object under it as a folder; multipart
     * uploads in progress under the folder are aborted (their parts would stay billed otherwise).
     */
    @Override
    public void deletePrefix(String prefixUri) throws IOException {
        S3Location at = S3Location.parse(prefixUri);
        SdkObjects o = objects(prefixUri, "delete");
        List<String> keys = new ArrayList<>();
        if (!at.key().endsWith("/") && !at.key().isEmpty() && o.head(at).isPresent()) {
            keys.add(at.key());
        }
        for (S3Object obj : o.list(at.bucket(), at.folderKey())) {
            keys.add(obj.key());
        }
        if (!keys.isEmpty()) {
            o.delete(at.bucket(), keys);
        }
        for (MultipartUpload u : o.uploads(at.bucket(), at.folderKey())) {
            o.abortUpload(new S3Location(at.bucket(), u.key()), u.uploadId());
        }
    }

    @Override
    public void checkReachable(String rootUri) throws IOException {
        objects(rootUri, "reach").checkBucket(S3Location.parse(rootUri).bucket());
    }

    // ---------------------------------------------------------------- vending (server only)

    @Override
    public List<StorageCredential> grantRead(String scopePrefix, Collection<String> uris, Duration ttl,
                                             boolean directoryShaped) throws IOException {
        return vending().grantRead(scopePrefix, uris, ttl, directoryShaped);
    }

    @Override
    public List<StorageCredential> grantWrite(String stagingPrefix, Duration ttl, boolean directoryShaped)
            throws IOException {
        return vending().grantWrite(stagingPrefix, ttl, directoryShaped);
    }

    @Override
    public UploadAnswer upload(UploadStep step, Duration ttl) throws IOException {
        return vending().upload(step, ttl);
    }

    private Vending vending() {
        if (own == null) {
            throw new IllegalStateException("only a server's storage vends access");
        }
        return new Vending(settings, own);
    }
}
