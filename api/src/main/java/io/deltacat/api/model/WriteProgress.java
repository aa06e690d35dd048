package io.deltacat.api.model;

/**
 * How far a write has come: told to the listener of
 * {@link io.deltacat.api.options.WriteOptions.Builder#progress} on the writing thread as each
 * batch goes to staging and after each input file is fully read or copied, so keep the listener quick.
 *
 * <pre>{@code
 * client.catalog().write(files, w -> w.table("events").progress(p ->
 *         System.err.printf("%d rows, %d of %d bytes%n", p.rows(), p.bytesRead(), p.bytesTotal())));
 * }</pre>
 *
 * @param rows rows staged so far (rows of input files copied as they are count when copied)
 * @param filesRead input files fully read or copied so far; 0 for Arrow data
 * @param filesTotal input files of the write; 0 for Arrow data
 * @param bytesRead bytes of the input files fully read or copied so far; 0 for Arrow data
 * @param bytesTotal bytes of all the write's input files; 0 for Arrow data
 */
public record WriteProgress(long rows, int filesRead, int filesTotal, long bytesRead, long bytesTotal) {
    public WriteProgress {
        if (rows < 0 || filesRead < 0 || filesTotal < filesRead || bytesRead < 0 || bytesTotal < 0) {
            throw new IllegalArgumentException("inconsistent write progress: " + rows + " rows, " + filesRead + "/"
                    + filesTotal + " files, " + bytesRead + "/" + bytesTotal + " bytes");
        }
    }
}
