package io.deltacat.server;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Captures what the server logs while open. The tests bind slf4j-simple, which writes to whatever
 * {@code System.err} is at the time of each line, so a tee on {@code System.err} sees every line
 * (and the console still does).
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Everything logged so far. */
    String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** The lines logged so far that contain {@code fragment}. */
    List<String> lines(String fragment) {
        return Arrays.stream(text().split("\n")).filter(l -> l.contains(fragment)).toList();
    }

    /** The number of stack trace frames logged so far. */
    long stackFrames() {
        return Arrays.stream(text().split("\n")).filter(l -> l.startsWith("\tat ")).count();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
