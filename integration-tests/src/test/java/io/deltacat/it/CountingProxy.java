package io.deltacat.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of one s3proxy that counts the object GETs passing through it (request
 * lines {@code GET /bucket/key...}), so a test sees which store served a read. Bytes pass unchanged
 * (signatures name the proxy's host and port, which the server and clients were given as the root's
 * endpoint). {@link #stop()} closes the port and every connection, as if the store were down, until
 * {@link #start()} opens the same port again.
 */
final class CountingProxy implements AutoCloseable {
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger objectGets = new AtomicInteger();
    /** Object PUTs per object key (bucket/key) since the last {@link #resetPuts()}. */
    private final Map<String, Integer> objectPuts = new ConcurrentHashMap<>();
    /** How long each object PUT is held before it is passed on: a slow store (0: not held). */
    private volatile long putDelayMillis;
    /** Whether the bodies of object GET answers are damaged (one byte flipped), as a faulty store would. */
    private volatile boolean corruptGets;
    private volatile ServerSocket socket;
    private int port;

    CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        start();
    }

    /** Opens the proxy's port (the same one again after {@link #stop()}). */
    synchronized void start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = s.getLocalPort();
        socket = s;
        Thread t = new Thread(() -> accept(s), "counting-proxy-" + port);
        t.setDaemon(true);
        t.start();
    }

    /** Closes the port and every connection through it: the store is unreachable. */
    synchronized void stop() throws IOException {
        socket.close();
        for (Socket c : open) {
            c.close();
        }
        open.clear();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Holds each object PUT this long before passing it on, as a slow store would (0 to stop). */
    void putDelay(long millis) {
        putDelayMillis = millis;
    }

    /** Object PUTs per object key ({@code bucket/key}) since the start or the last {@link #resetPuts()}. */
    Map<String, Integer> objectPuts() {
        return Map.copyOf(objectPuts);
    }

    void resetPuts() {
        objectPuts.clear();
    }

    /** Damages (flips the first body byte of) every object GET answer while on. */
    void corruptGets(boolean on) {
        corruptGets = on;
    }

    /** Object GETs seen so far. */
    int objectGets() {
        return objectGets.get();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                // object GETs of this connection whose answers are to be damaged (HTTP/1.1 answers in order)
                AtomicInteger toCorrupt = new AtomicInteger();
                pump(client, upstream, true, toCorrupt);
                pump(upstream, client, false, toCorrupt);
            } catch (IOException e) {
                // closed by stop(), or the store is down: the client sees the connection fail
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requests, AtomicInteger toCorrupt) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            StringBuilder line = new StringBuilder();
            int headerEnd = 0; // answers: how much of "\r\n\r\n" was just seen
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    if (requests) {
                        // line by line (bodies too: a body line that reads as an object GET is unlikely)
                        for (int i = 0; i < n; i++) {
                            if (buf[i] == '\n') {
                                if (count(line.toString().trim()) && corruptGets) {
                                    toCorrupt.incrementAndGet();
                                }
                                line.setLength(0);
                            } else if (line.length() < 4096) {
                                line.append((char) (buf[i] & 0xff));
                            }
                        }
                    } else if (toCorrupt.get() > 0) {
                        // the first body byte after an answer's headers: flipped, once per damaged GET
                        for (int i = 0; i < n && toCorrupt.get() > 0; i++) {
                            if (headerEnd == 4) {
                                buf[i] ^= 0x5a;
                                toCorrupt.decrementAndGet();
                                headerEnd = 0;
                                continue;
                            }
                            byte b = buf[i];
                            headerEnd = (b == '\r' && (headerEnd == 0 || headerEnd == 2)) || (b == '\n'
                                    && (headerEnd == 1 || headerEnd == 3)) ? headerEnd + 1 : (b == '\r' ? 1 : 0);
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // a side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing
                }
                open.remove(from);
                open.remove(to);
            }
        }, "counting-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Counts {@code GET /bucket/key[?query] HTTP/1.1} (an object read, not a bucket listing) and
     * {@code PUT /bucket/key} (an object write) by key, holding a PUT when a delay is set.
     *
     * @return whether the line is an object GET
     */
    private boolean count(String requestLine) {
        String[] parts = requestLine.split(" ");
        if (parts.length < 3 || !parts[2].startsWith("HTTP/") || !(parts[0].equals("GET") || parts[0].equals("PUT"))) {
            return false;
        }
        String path = parts[1];
        int q = path.indexOf('?');
        path = q < 0 ? path : path.substring(0, q);
        int slash = path.indexOf('/', 1);
        if (slash <= 0 || slash >= path.length() - 1) {
            return false; // a bucket, not an object
        }
        if (parts[0].equals("GET")) {
            objectGets.incrementAndGet();
            return true;
        }
        objectPuts.merge(path.substring(1), 1, Integer::sum);
        long delay = putDelayMillis;
        if (delay > 0) {
            try {
                Thread.sleep(delay); // before the request goes on: the upload takes that much longer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        stop();
    }

    @Override
    public String toString() {
        return "counting proxy " + endpoint() + " -> " + targetPort;
    }
}
