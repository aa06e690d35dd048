package io.deltacat.server.internal.catalog;

import io.deltacat.api.error.InvalidRequestException;
import java.util.Map;
import java.util.Set;

/**
 * When a table compacts, from its properties: {@code read_optimization_level} and the thresholds of
 * the {@code moderate} level. One place parses and checks them (a bad value is a 400 naming the
 * property and its allowed range), so creating, altering and writing tables agree.
 *
 * <ul>
 *   <li>{@code read_optimization_level}: {@code none} (the default: merge on read, never compacted
 *       unless asked), {@code moderate} (a background compaction job is queued when the table, or one
 *       of its partitions, crosses a threshold below) or {@code max} (every write compacts before it
 *       answers).</li>
 *   <li>{@code compaction_trigger_file_count} (default 64, at least 2): the number of live files a
 *       table or partition may gather from writes since its last compaction (files a compaction
 *       wrote or kept do not count).</li>
 *   <li>{@code compaction_trigger_small_file_share} (default 0.5, in (0, 1]) with
 *       {@code compaction_small_file_bytes} (default 4 MiB, at least 1): compact once at least this
 *       share of a table's or partition's live files are smaller than the small-file size, counted
 *       when it has at least {@link #SHARE_MIN_FILES} live files.</li>
 *   <li>{@code compaction_trigger_merge_deltas} (default 16, at least 1): the number of deltas waiting
 *       to be merged (written since the last compaction) of a table with merge keys, in the table or
 *       in one partition.</li>
 * </ul>
 *
 * A compaction leaves files of at least {@code compaction_small_file_bytes} as they are, unless a later
 * upsert or delete changed some of their rows; it rewrites the rest.
 */
public record CompactionPolicy(String level, int fileCount, double smallFileShare, long smallFileBytes,
                               int mergeDeltas) {
    public static final String LEVEL = WriteModes.READ_OPTIMIZATION_LEVEL;
    public static final String FILE_COUNT = "compaction_trigger_file_count";
    public static final String SMALL_FILE_SHARE = "compaction_trigger_small_file_share";
    public static final String SMALL_FILE_BYTES = "compaction_small_file_bytes";
    public static final String MERGE_DELTAS = "compaction_trigger_merge_deltas";
    /** The level of a table whose properties name none. */
    public static final String DEFAULT_LEVEL = "none";
    /** The fewest live files for the small-file share to count (a new table is not compacted at its second write). */
    public static final int SHARE_MIN_FILES = 16;
    private static final Set<String> LEVELS = Set.of("none", "moderate", "max");

    /**
     * The policy of a table with these properties; throws {@link InvalidRequestException} naming the
     * first bad value.
     */
    public static CompactionPolicy of(Map<String, String> properties) {
        String level = properties.getOrDefault(LEVEL, DEFAULT_LEVEL);
        if (!LEVELS.contains(level)) {
            throw new InvalidRequestException("table property '" + LEVEL + "' must be 'none', 'moderate' or 'max', got '"
                    + level + "'");
        }
        int files = (int) integer(properties, FILE_COUNT, 64, 2, 1_000_000);
        double share = share(properties.get(SMALL_FILE_SHARE));
        long small = integer(properties, SMALL_FILE_BYTES, 4L << 20, 1, Long.MAX_VALUE);
        int merges = (int) integer(properties, MERGE_DELTAS, 16, 1, 1_000_000);
        return new CompactionPolicy(level, files, share, small, merges);
    }

    /** Checks every compaction property present in {@code properties}. */
    public static void check(Map<String, String> properties) {
        of(properties);
    }

    /** Whether writes trigger background compaction jobs. */
    public boolean moderate() {
        return level.equals("moderate");
    }

    /** Whether every write compacts the table before answering. */
    public boolean max() {
        return level.equals("max");
    }

    /**
     * The threshold a table or partition with these live files crosses, or null when none.
     *
     * @param live    its live files
     * @param waiting its live files written since its last compaction
     * @param small   its live files smaller than {@link #smallFileBytes()}
     * @param merges  its deltas with live files written since its last compaction, on a merge-key table
     *                (0 otherwise)
     */
    public String crossed(long live, long waiting, long small, long merges) {
        if (waiting == 0) {
            return null; // nothing written since the last compaction: it would change nothing
        }
        if (waiting >= fileCount) {
            return FILE_COUNT + " (" + waiting + " >= " + fileCount + ")";
        }
        if (live >= SHARE_MIN_FILES && small >= smallFileShare * live) {
            return SMALL_FILE_SHARE + " (" + small + " of " + live + " files smaller than " + smallFileBytes + " bytes)";
        }
        if (merges >= mergeDeltas) {
            return MERGE_DELTAS + " (" + merges + " >= " + mergeDeltas + ")";
        }
        return null;
    }

    private static long integer(Map<String, String> properties, String name, long dflt, long min, long max) {
        String v = properties.get(name);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("table property '" + name + "' must be an integer from " + min + " to "
                    + max + ", got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new InvalidRequestException("table property '" + name + "' must be an integer from " + min + " to "
                    + max + ", got " + n);
        }
        return n;
    }

    private static double share(String v) {
        if (v == null) {
            return 0.5;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d > 0 && d <= 1)) {
            throw new InvalidRequestException("table property '" + SMALL_FILE_SHARE
                    + "' must be a number greater than 0 and at most 1, got '" + v + "'");
        }
        return d;
    }
}
