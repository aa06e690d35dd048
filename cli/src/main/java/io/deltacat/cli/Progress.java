package io.deltacat.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on the terminal ({@code label [#####.....] 50% 5/10 step}), redrawn in
 * place; when the output is not a terminal (a pipe, a file, a test) the bar is not drawn at all and
 * only the plain lines of {@link #println} appear.
 */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final boolean terminal;
    private boolean drawn;

    Progress(PrintStream out, String label) {
        this(out, label, System.console() != null);
    }

    Progress(PrintStream out, String label, boolean terminal) {
        this.out = out;
        this.label = label;
        this.terminal = terminal;
    }

    /** Redraws the bar at {@code completed} of {@code expected}. */
    void update(long completed, long expected, String step) {
        if (!terminal || expected <= 0) {
            return;
        }
        long done = Math.max(0, Math.min(completed, expected));
        int filled = (int) (WIDTH * done / expected);
        out.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + (100 * done / expected) + "% " + done + "/" + expected + " " + step + "\u001b[K");
        out.flush();
        drawn = true;
    }

    /** Prints a line above the bar (on a terminal, the bar is cleared first and redrawn by the next update). */
    void println(String line) {
        clear();
        out.println(line);
    }

    /** Removes the bar. */
    void done() {
        clear();
        out.flush();
    }

    private void clear() {
        if (drawn) {
            out.print("\r\u001b[K");
            drawn = false;
        }
    }
}
