package io.deltacat.cli;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on the terminal, rendered by the progressbar library (percentage, counts, rate,
 * ETA) and redrawn in place; lines printed through {@link #println} appear above it. When the command
 * does not run on a terminal (a pipe, a file, a test) no bar is drawn and only those lines appear.
 */
final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final Object lock = new Object();
    private final ProgressBar bar;
    private boolean drawn;
    private boolean closed;

    private Progress(PrintStream out, String task, String unit, long unitSize, long max, boolean terminal) {
        this.out = out;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate()
                .setUnit(unit, unitSize).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                .setConsumer(new Drawing()).build() : null;
    }

    /**
     * Starts a bar drawn on {@code out} when the command runs on a terminal.
     *
     * @param unit     what is counted, e.g. {@code " rows"} or {@code "MB"}
     * @param unitSize how many counted things make one unit (1, or 1 MiB for bytes shown as MB)
     * @param max      the expected total, or -1 while it is unknown
     */
    static Progress start(PrintStream out, String task, String unit, long unitSize, long max) {
        return new Progress(out, task, unit, unitSize, max, System.console() != null);
    }

    /** Moves the bar to {@code done} of {@code max} (-1: unknown), with a short note beside it. */
    void update(long done, long max, Optional<String> note) {
        if (bar == null || closed) {
            return;
        }
        if (max >= 0 && max != bar.getMax()) {
            bar.maxHint(max);
        }
        bar.stepTo(Math.max(0, done));
        note.ifPresent(n -> bar.setExtraMessage(" " + n));
    }

    /** Prints a line above the bar (the bar is cleared and drawn again by its next update). */
    void println(String line) {
        synchronized (lock) {
            clear();
            out.println(line);
            out.flush();
        }
    }

    /** Removes the bar; later calls do nothing. */
    @Override
    public void close() {
        if (bar != null && !closed) {
            closed = true;
            bar.close();
        }
    }

    private void clear() {
        if (drawn) {
            out.print("\r\u001b[K");
            drawn = false;
        }
    }

    private static int width() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100")) - 1);
        } catch (NumberFormatException e) {
            return 99;
        }
    }

    /** Draws the rendered bar on one line, under the same lock as the lines printed above it. */
    private final class Drawing implements ProgressBarConsumer {
        private final int width = width();

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String rendered) {
            synchronized (lock) {
                out.print("\r" + rendered + "\u001b[K");
                out.flush();
                drawn = true;
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                clear();
                out.flush();
            }
        }
    }
}
