package dev.ddbr.output;

import java.io.PrintWriter;

/**
 * Messages for people, on stderr, prefixed "ddbr:". Never data. Levels: quiet (errors only),
 * normal, verbose, debug.
 */
public final class Console {
    public enum Level { QUIET, NORMAL, VERBOSE, DEBUG }

    private final PrintWriter err;
    private final Level level;
    private final boolean interactive;
    private final Style style;

    public Console(PrintWriter err, Level level, boolean interactive, Style style) {
        this.err = err;
        this.level = level;
        this.interactive = interactive;
        this.style = style;
    }

    public PrintWriter err() { return err; }

    public Level level() { return level; }

    /** stderr is a terminal: progress may be drawn and questions asked. */
    public boolean interactive() { return interactive; }

    public Style style() { return style; }

    public void info(String msg) {
        if (level != Level.QUIET) println("ddbr: " + msg);
    }

    public void warn(String msg) {
        println("ddbr: " + style.warn("warning:") + " " + msg);
    }

    public void error(String msg) {
        println("ddbr: " + style.bad("error:") + " " + msg);
    }

    public void verbose(String msg) {
        if (level == Level.VERBOSE || level == Level.DEBUG) println("ddbr: " + msg);
    }

    public void debug(String msg) {
        if (level == Level.DEBUG) println("ddbr: debug: " + Redactor.redact(msg));
    }

    public boolean isDebug() { return level == Level.DEBUG; }

    private void println(String s) {
        err.println(s);
        err.flush();
    }
}
