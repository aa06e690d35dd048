package io.deltacat.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback HTTP/1.1 proxy that forwards every request to the server but, for requests whose
 * request line matches a rule, throws the server's answer away and drops the connection: the
 * operation happened, its answer was lost. Requests matching another rule are dropped before they
 * reach the server.
 */
final class LossyProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final URI target;
    private final Thread acceptor;
    private volatile Predicate<String> loseAnswer = line -> false;
    private volatile Predicate<String> dropRequest = line -> false;
    final AtomicInteger lost = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();

    LossyProxy(URI target) throws IOException {
        this.target = target;
        this.socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::acceptLoop, "lossy-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** Requests whose request line matches are dropped before they reach the server: never applied. */
    void dropRequests(Predicate<String> rule) {
        this.dropRequest = rule;
    }

    /** Answers to requests whose request line (e.g. {@code POST /v1/writes/x/commit HTTP/1.1}) matches are lost. */
    void loseAnswers(Predicate<String> rule) {
        this.loseAnswer = rule;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread t = new Thread(() -> serve(client), "lossy-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            while (true) {
                byte[] request = readMessage(in, true);
                if (request == null) {
                    return;
                }
                String requestLine = new String(request, 0, indexOf(request, "\r\n".getBytes(StandardCharsets.US_ASCII)),
                        StandardCharsets.US_ASCII);
                if (dropRequest.test(requestLine)) {
                    dropped.incrementAndGet();
                    return; // drop the connection: the request never reached the server
                }
                byte[] response;
                try (Socket server = new Socket(target.getHost(), target.getPort())) {
                    server.getOutputStream().write(request);
                    server.getOutputStream().flush();
                    response = readMessage(server.getInputStream(), false);
                }
                if (response == null || loseAnswer.test(requestLine)) {
                    lost.incrementAndGet();
                    return; // drop the connection: the answer is gone
                }
                out.write(response);
                out.flush();
            }
        } catch (IOException e) {
            // a connection ended; nothing to do
        }
    }

    /** Reads one HTTP message with a Content-Length body (or none); null at a clean end of stream. */
    private static byte[] readMessage(InputStream in, boolean request) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4) {
            b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        long length = 0;
        boolean chunked = false;
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.write(head.toByteArray());
        if (chunked) {
            message.write(in.readAllBytes()); // only answers are chunked here, and those end the connection
        } else {
            message.write(in.readNBytes((int) length));
        }
        return message.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return data.length;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
