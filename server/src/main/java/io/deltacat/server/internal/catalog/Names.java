package io.deltacat.server.internal.catalog;

import io.deltacat.api.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Rules for namespace and table names, and for format names. */
public final class Names {
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9_-]+");
    /** The server's own folder under the data root (the SQLite metadata database lives in it). */
    public static final String RESERVED = ".deltacat";

    private Names() {
    }

    /**
     * Checks a namespace or table name: 1..255 UTF-8 bytes, not starting with '.' (reserved for the
     * server), without '/', '\' or control characters.
     *
     * @param kind "namespace" or "table", for the message
     */
    public static String check(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException(kind + " name must not be empty (1..255 UTF-8 bytes)");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > 255) {
            throw new InvalidRequestException(kind + " name '" + abbreviate(name) + "' is " + bytes
                    + " UTF-8 bytes long; the limit is 255");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidRequestException(kind + " name '" + name + "' is not allowed: names must not be '.' or '..'");
        }
        if (name.startsWith(".")) {
            // the server keeps its own folders (.deltacat: the metadata database) and temporary files
            // under the data root with such names: a namespace or table of that name would share them
            throw new InvalidRequestException(kind + " name '" + printable(name) + "' is reserved: names starting"
                    + " with '.' are the server's own (such as '" + RESERVED + "')");
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '/' || ch == '\\') {
                throw new InvalidRequestException(kind + " name '" + printable(name)
                        + "' is not allowed: names must not contain '/' or '\\'");
            }
            if (Character.isISOControl(ch)) {
                throw new InvalidRequestException(kind + " name '" + printable(name)
                        + "' is not allowed: names must not contain control characters (found U+"
                        + String.format("%04X", (int) ch) + ")");
            }
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
            throw new InvalidRequestException(kind + " name '" + printable(name)
                    + "' is not valid Unicode text (unpaired surrogate)");
        }
        return name;
    }

    /** Checks a format name: lower-case letters, digits, '_' and '-'. */
    public static String checkFormat(String format) {
        if (format == null || !FORMAT.matcher(format).matches()) {
            throw new InvalidRequestException("format '" + format
                    + "' is not a valid format name (lower-case letters, digits, '_' and '-')");
        }
        return format;
    }

    /** Checks the name of a committed file: a plain file name inside the staging prefix. */
    public static String checkFileName(String path) {
        if (path == null || path.isEmpty() || path.equals(".") || path.equals("..") || path.indexOf('/') >= 0
                || path.indexOf('\\') >= 0 || path.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("file '" + (path == null ? "" : printable(path))
                    + "' must be a plain file name inside the staging prefix (no '/', '\\', '.' or '..')");
        }
        return path;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isISOControl(ch)) {
                b.append(String.format("\\u%04X", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return abbreviate(b.toString());
    }
}
