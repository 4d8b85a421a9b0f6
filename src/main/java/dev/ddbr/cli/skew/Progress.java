package dev.ddbr.cli.skew;

import dev.ddbr.output.Console;

/** A one-line counter on stderr, drawn only when stderr is a terminal, at most a few times a second. */
final class Progress {
    private final Console console;
    private final String what;
    private final long total;
    private long lastDraw;
    private boolean drawn;

    Progress(Console console, String what, long total) {
        this.console = console;
        this.what = what;
        this.total = total;
    }

    synchronized void update(long done) {
        if (!console.interactive() || console.level() == Console.Level.QUIET) return;
        long now = System.nanoTime();
        if (drawn && now - lastDraw < 200_000_000L) return;
        lastDraw = now;
        drawn = true;
        String pct = total > 0 ? String.format(" (%.0f%%)", 100.0 * done / total) : "";
        console.err().print("\rddbr: " + String.format("%,d", done) + " " + what + pct + "   ");
        console.err().flush();
    }

    synchronized void done() {
        if (drawn) {
            console.err().print("\r\u001b[K");
            console.err().flush();
        }
    }
}
