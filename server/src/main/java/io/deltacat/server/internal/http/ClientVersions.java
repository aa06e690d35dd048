package io.deltacat.server.internal.http;

import io.deltacat.api.error.InvalidRequestException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The check of the {@value #HEADER} request header against the server's minimum client version.
 * <ul>
 * <li>absent: accepted. Plain HTTP tools (curl, load balancer probes) send none, and a DeltaCAT client
 *     always sends one, so absence says nothing about an old client;</li>
 * <li>{@code MAJOR[.MINOR[.PATCH]]} with any suffix ({@code -SNAPSHOT}, {@code -rc1}, {@code +build}):
 *     compared by its numbers only (missing ones are 0), so a pre-release of the minimum itself is
 *     accepted; below the minimum: refused with 400 {@code invalid-request} naming both versions;</li>
 * <li>anything else (not starting with a number): refused with 400, since no released client sends
 *     such a value and guessing could let an incompatible client through.</li>
 * </ul>
 */
final class ClientVersions {
    static final String HEADER = "DeltaCAT-Client-Version";
    private static final Pattern VERSION = Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?([-+~].*)?");

    private final String minimum;
    private final int[] minimumParts;
    /** The last value accepted: a client sends the same one with every request, parsed once. */
    private volatile String lastAccepted;

    ClientVersions(String minimum) {
        this.minimum = minimum;
        this.minimumParts = parse(minimum);
        if (minimumParts == null) {
            throw new IllegalArgumentException("malformed minimum client version " + minimum);
        }
    }

    /**
     * Refuses a version below the minimum or a malformed one.
     *
     * @param header the header's value; null when absent
     * @throws InvalidRequestException naming the client's and the minimum version
     */
    void check(String header) {
        if (header == null || header.equals(lastAccepted)) {
            return;
        }
        int[] parts = parse(header.strip());
        if (parts == null) {
            throw new InvalidRequestException("the " + HEADER + " header '" + printable(header) + "' is not a version"
                    + " (MAJOR.MINOR.PATCH); this server needs DeltaCAT client " + minimum + " or newer");
        }
        if (compare(parts, minimumParts) < 0) {
            throw new InvalidRequestException("DeltaCAT client " + printable(header.strip()) + " is too old for this"
                    + " server, which needs client version " + minimum + " or newer; upgrade the client");
        }
        lastAccepted = header;
    }

    private static int[] parse(String v) {
        Matcher m = VERSION.matcher(v);
        if (!m.matches()) {
            return null;
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            String g = m.group(i + 1);
            out[i] = g == null ? 0 : Integer.parseInt(g);
        }
        return out;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    /** The value as it may appear in a message: at most 40 visible ASCII characters. */
    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
