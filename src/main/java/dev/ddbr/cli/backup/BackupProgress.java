package dev.ddbr.cli.backup;

import dev.ddbr.output.Console;
import dev.ddbr.output.Progress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** An item counter drawn through {@link Progress} (stderr, terminal only), at most every 200 ms. */
final class BackupProgress implements LongConsumer, AutoCloseable {
    private final Progress progress;
    private final String verb;
    private final long total;
    private final AtomicLong count = new AtomicLong();
    private volatile long lastDraw;

    BackupProgress(Console console, String verb, long total) {
        this.progress = Progress.of(console);
        this.verb = verb;
        this.total = total;
    }

    @Override
    public void accept(long n) {
        long c = count.addAndGet(n);
        if (!progress.enabled()) return;
        long now = System.currentTimeMillis();
        if (now - lastDraw < 200) return;
        lastDraw = now;
        progress.update(verb + " " + c + (total > 0 ? " of " + total : "") + " items");
    }

    @Override
    public void close() {
        progress.done();
    }
}
