package io.deltacat.io.spi;

import java.io.Serializable;

/**
 * A part of one data file that a reader can read alone: a run of consecutive row groups (Parquet),
 * stripes (ORC) or the like, found by {@link FormatProvider#splits} from the file's footer. Engines that
 * spread a large file over several tasks hand each task one split ({@link FormatProvider#openReader(
 * InputFile, ReadRequest, FileSplit, org.apache.arrow.memory.BufferAllocator)}); together the splits of a
 * file cover every row group exactly once.
 *
 * @param firstGroup index of the first row group, from 0 in file order
 * @param groups     how many consecutive row groups, at least 1
 * @param rows       rows in those row groups
 * @param bytes      their stored (compressed) bytes, to balance tasks by
 */
public record FileSplit(int firstGroup, int groups, long rows, long bytes) implements Serializable {
    private static final long serialVersionUID = 1L;

    public FileSplit {
        if (firstGroup < 0 || groups < 1 || rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("not a file split: first group " + firstGroup + ", " + groups
                    + " groups, " + rows + " rows, " + bytes + " bytes");
        }
    }

    /** Index after the last row group of the split. */
    public int endGroup() {
        return firstGroup + groups;
    }
}
