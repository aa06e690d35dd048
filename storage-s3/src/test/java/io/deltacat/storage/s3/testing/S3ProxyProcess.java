package io.deltacat.storage.s3.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * s3proxy (a real S3 server: SigV4, conditional puts, multipart, presigned URLs) run as a separate
 * process from its {@code jar-with-dependencies} on 127.0.0.1, over a filesystem store in a temporary
 * directory. Its jar comes from the local Maven repository (system property
 * {@code deltacat.s3proxy.jar}, set by the build). Stopped, with its directory, on {@link #close()}
 * or at JVM exit.
 */
public final class S3ProxyProcess implements AutoCloseable {
    public static final String ACCESS_KEY = "deltacat-test-key";
    public static final String SECRET_KEY = "deltacat-test-secret-0123456789";
    private static S3ProxyProcess shared;

    private final Process process;
    private final Path dir;
    private final int port;

    private S3ProxyProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** One s3proxy per JVM, started on first use. */
    public static synchronized S3ProxyProcess shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException e) {
                throw new AssertionError("s3proxy could not be started: " + e.getMessage(), e);
            }
            S3ProxyProcess p = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(p::close, "s3proxy-stop"));
        }
        return shared;
    }

    /** Starts a new s3proxy on a free loopback port. */
    public static S3ProxyProcess start() throws IOException {
        String jar = System.getProperty("deltacat.s3proxy.jar", Path.of(System.getProperty("user.home"), ".m2",
                "repository", "org", "gaul", "s3proxy", "4.1.0", "s3proxy-4.1.0-jar-with-dependencies.jar").toString());
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IOException("the s3proxy jar is not at deltacat.s3proxy.jar=" + jar
                    + " (the build resolves org.gaul:s3proxy:jar-with-dependencies)");
        }
        Path dir = Files.createTempDirectory("deltacat-s3proxy-");
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", ACCESS_KEY);
        p.setProperty("s3proxy.credential", SECRET_KEY);
        p.setProperty("s3proxy.ignore-unknown-headers", "true");
        p.setProperty("jclouds.provider", "filesystem-nio2");
        p.setProperty("jclouds.filesystem.basedir", dir.resolve("data").toString());
        Path props = dir.resolve("s3proxy.properties");
        try (var out = Files.newOutputStream(props)) {
            p.store(out, "deltacat test s3proxy");
        }
        Path log = dir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dlogback.configurationFile=none",
                "-jar", jar, "--properties", props.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyProcess s3 = new S3ProxyProcess(process, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!s3.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String out = Files.exists(log) ? Files.readString(log) : "";
                s3.close();
                throw new IOException("s3proxy did not start: " + out.substring(Math.max(0, out.length() - 2000)));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return s3;
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(1000);
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The directory holding the buckets (each bucket a folder, each object a file). */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** Creates a bucket (a folder of the filesystem store) and answers its name. */
    public String createBucket(String name) throws IOException {
        Files.createDirectories(dataDir().resolve(name));
        return name;
    }

    /** Server-side settings of an S3 root on this s3proxy, with the given extra settings. */
    public Map<String, String> settings(Map<String, String> extra) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>(Map.of("endpoint", endpoint(), "region",
                "us-east-1", "pathStyle", "true", "accessKeyId", ACCESS_KEY, "secretAccessKey", SECRET_KEY));
        m.putAll(extra);
        return m;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    @Override
    public String toString() {
        return "s3proxy at " + endpoint();
    }
}
