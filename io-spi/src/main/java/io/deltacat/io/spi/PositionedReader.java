package io.deltacat.io.spi;

/**
 * A reader opened by {@link FormatProvider#openReaderAt}: its batches start at row {@code firstRow} of
 * the file and continue in file order. The caller closes {@code reader}.
 */
public record PositionedReader(FormatReader reader, long firstRow) {
    public PositionedReader {
        java.util.Objects.requireNonNull(reader, "reader");
        if (firstRow < 0) {
            throw new IllegalArgumentException("firstRow must be >= 0, got " + firstRow);
        }
    }

    /** Checks the arguments of {@link FormatProvider#openReaderAt}. */
    public static void check(ReadRequest request, long offset, long count) {
        if (offset < 0 || count < 0) {
            throw new IllegalArgumentException("row range must not be negative: offset " + offset + ", count " + count);
        }
        if (request.filter().isPresent()) {
            throw new IllegalArgumentException("a positioned read takes no filter (it would lose row positions)");
        }
    }
}
