package dev.ddbr.cli.skew;

import dev.ddbr.cli.InterruptNotice;
import dev.ddbr.output.Console;
import dev.ddbr.output.ItemProgress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Ctrl-C (SIGINT, exit 130) or SIGTERM (143) during a skew command: the shutdown hook of {@link InterruptNotice}
 * ends the progress line, renders the partial report on stdout (what {@code partial} returns, marked partial) and
 * prints one line on stderr. Exactly one report is printed: the whole one ({@link #claim}) or the partial one.
 */
final class PartialOnInterrupt implements AutoCloseable {
    private final AtomicBoolean reported = new AtomicBoolean();
    private final AtomicReference<ItemProgress> progress = new AtomicReference<>();
    private final InterruptNotice notice;
    private volatile boolean interrupted;

    /**
     * @param partial the report so far, or null when there is none yet
     * @param what    "scan", "export", "insights": what was interrupted
     */
    <R> PartialOnInterrupt(Console console, String what, Supplier<R> partial, Consumer<R> render) {
        notice = InterruptNotice.on(console.err(), () -> {
            interrupted = true;
            if (!reported.compareAndSet(false, true)) return null; // the whole report is being printed
            ItemProgress p = progress.get();
            if (p != null) p.stop();
            R r;
            try {
                r = partial.get();
            } catch (RuntimeException e) {
                return "ddbr: interrupted; no partial report (" + e.getMessage() + "); nothing was changed";
            }
            if (r == null) return "ddbr: interrupted before anything was read; nothing was changed";
            render.accept(r);
            return "ddbr: interrupted; the report printed is partial (\"partial\": true): of what the " + what
                    + " read so far; nothing was changed";
        });
    }

    /** The progress line to end before the report. */
    ItemProgress track(ItemProgress p) {
        progress.set(p);
        return p;
    }

    /** True when interrupted: the shutdown hook reports, and the JVM halts when it is done. */
    boolean interrupted() { return interrupted; }

    /**
     * Before printing the whole report: true when this thread may; otherwise the hook prints the partial one and
     * the JVM halts once it is done, so this thread waits for that.
     */
    boolean claim() {
        if (reported.compareAndSet(false, true)) return true;
        awaitHalt();
        return false;
    }

    /** Called when the work failed because the hook stopped it: wait for the JVM to halt. */
    static void awaitHalt() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        notice.close();
    }
}
