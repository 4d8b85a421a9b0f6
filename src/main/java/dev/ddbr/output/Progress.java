package dev.ddbr.output;

import java.io.PrintWriter;

/**
 * One status line on stderr, redrawn in place; only when stderr is a terminal (otherwise nothing is drawn,
 * so logs and pipes stay clean). Call {@link #done()} to end the line.
 */
public final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private int lastLength;
    private boolean stopped;

    public Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    public static Progress of(Console console) {
        return new Progress(console.err(), console.interactive() && console.level() != Console.Level.QUIET);
    }

    public boolean enabled() { return enabled; }

    public synchronized void update(String text) {
        if (!enabled || stopped) return;
        String line = "ddbr: " + text;
        int pad = Math.max(0, lastLength - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        lastLength = line.length();
    }

    /** End the line for good: later updates draw nothing (e.g. before a report printed on Ctrl-C). */
    public synchronized void stop() {
        done();
        stopped = true;
    }

    public synchronized void done() {
        if (!enabled || lastLength == 0) return;
        err.print("\r" + " ".repeat(lastLength) + "\r");
        err.flush();
        lastLength = 0;
    }
}
