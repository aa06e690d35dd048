package io.deltacat.io.text.internal;

import io.deltacat.api.error.DeltacatException;
import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.api.error.StorageException;

/** The exceptions of the text formats, made in one place: each names the format, operation and file. */
final class TextErrors {
    private TextErrors() {
    }

    /** A value or record that does not parse, at a line of a file. */
    static InvalidRequestException badData(String format, String uri, long line, String detail, Throwable cause) {
        String message = format + " read of " + uri + " failed at line " + line + ": " + detail;
        return cause == null ? new InvalidRequestException(message) : new InvalidRequestException(message, cause);
    }

    /** A value of a column that the format's text cannot hold (found while writing it). */
    static InvalidRequestException unwritable(String format, String uri, org.apache.arrow.vector.types.pojo.Field column,
                                              long row, RuntimeException cause) {
        return new InvalidRequestException(format + " write of " + uri + " failed: column '" + column.getName()
                + "' (" + column.getType() + ") row " + row + ": " + detail(cause)
                + " (use feather or parquet for such values)", cause);
    }

    /** Any other failure of {@code operation}: our own exceptions pass through. */
    static DeltacatException failure(String format, String operation, String uri, Throwable e) {
        if (e instanceof DeltacatException) {
            return (DeltacatException) e;
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new StorageException(format + " " + operation + " of " + uri + " failed: " + detail, e);
    }

    static String detail(Throwable e) {
        String m = e.getMessage();
        if (e instanceof NumberFormatException) {
            return m != null && m.startsWith("For input string") ? "not a number: " + m.substring(18) : String.valueOf(m);
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
