package io.deltacat.compat.internal;

import java.util.Objects;

/** The checks scenarios make; each failure is a {@link CheckFailure} saying what was expected and seen. */
public final class Checks {
    private Checks() {
    }

    /** Fails with {@code message} unless {@code condition}. */
    public static void check(boolean condition, String message) {
        if (!condition) {
            throw new CheckFailure(message);
        }
    }

    /** Fails unless {@code actual} equals {@code expected}. */
    public static void equal(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new CheckFailure(what + ": expected " + expected + " but was " + actual);
        }
    }

    /** A call expected to fail. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /** Fails unless {@code call} throws an exception of {@code type}; returns it. */
    public static <T extends Throwable> T expectThrows(Class<T> type, String what, Call call) {
        try {
            call.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            throw new CheckFailure(what + ": expected " + type.getSimpleName() + " but got "
                    + t.getClass().getSimpleName() + ": " + t.getMessage(), t);
        }
        throw new CheckFailure(what + ": expected " + type.getSimpleName() + " but the call succeeded");
    }
}
