package io.deltacat.io.spi;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * A file's row groups cut into runs of about {@code targetBytes} stored bytes each, in file order:
     * a run ends at the group that brings it to {@code targetBytes} or more (so a group larger than the
     * target is a run of its own), and the last run takes what is left. No groups, no runs. For a
     * provider's {@link FormatProvider#splits}:
     * <pre>{@code
     * List<FileSplit> splits = FileSplit.runs(rowsPerGroup, bytesPerGroup, targetBytes);
     * }</pre>
     *
     * @param rows  the rows of each row group, in file order
     * @param bytes the stored bytes of each row group, as many as {@code rows}
     * @throws IllegalArgumentException when {@code targetBytes} is not positive or the arrays differ in length
     */
    public static List<FileSplit> runs(long[] rows, long[] bytes, long targetBytes) {
        if (targetBytes <= 0) {
            throw new IllegalArgumentException("targetBytes must be > 0, got " + targetBytes);
        }
        if (rows.length != bytes.length) {
            throw new IllegalArgumentException(rows.length + " row counts for " + bytes.length + " row groups");
        }
        List<FileSplit> out = new ArrayList<>();
        int first = 0;
        long runRows = 0;
        long runBytes = 0;
        for (int g = 0; g < rows.length; g++) {
            runRows += rows[g];
            runBytes += bytes[g];
            if (runBytes >= targetBytes || g == rows.length - 1) {
                out.add(new FileSplit(first, g + 1 - first, runRows, runBytes));
                first = g + 1;
                runRows = 0;
                runBytes = 0;
            }
        }
        return out;
    }
}
