package io.deltacat.packds;

/** Rows {@code [start, end)} of a shard, counted from 0 in file order. */
public record RowRange(long start, long end) {
    public RowRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad row range [" + start + ", " + end + ")");
        }
    }

    /** Rows in the range. */
    public long length() {
        return end - start;
    }
}
