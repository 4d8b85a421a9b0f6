package dev.ddbr.cli.backup;

import dev.ddbr.output.Console;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** A one-line item counter on stderr, redrawn at most every 200 ms, and only when stderr is a terminal. */
final class BackupProgress implements LongConsumer, AutoCloseable {
    private final Console console;
    private final String verb;
    private final long total;
    private final AtomicLong count = new AtomicLong();
    private volatile long lastDraw;

    BackupProgress(Console console, String verb, long total) {
        this.console = console;
        this.verb = verb;
        this.total = total;
    }

    @Override
    public void accept(long n) {
        long c = count.addAndGet(n);
        if (!console.interactive() || console.level() == Console.Level.QUIET) return;
        long now = System.currentTimeMillis();
        if (now - lastDraw < 200) return;
        lastDraw = now;
        synchronized (this) {
            console.err().print("\rddbr: " + verb + " " + c + (total > 0 ? " of " + total : "") + " items ");
            console.err().flush();
        }
    }

    @Override
    public void close() {
        if (console.interactive() && lastDraw > 0) {
            console.err().print("\r\033[K");
            console.err().flush();
        }
    }
}
