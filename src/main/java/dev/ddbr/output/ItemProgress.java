package dev.ddbr.output;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * "1,234,567 items read (42%)" on stderr, through {@link Progress}: only when stderr is a terminal, redrawn
 * at most five times a second, safe to feed from many threads. {@link #accept} adds; {@link #set} sets.
 */
public final class ItemProgress implements LongConsumer, AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final Progress progress;
    private final String what;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastDraw = new AtomicLong(Long.MIN_VALUE);

    private ItemProgress(Progress progress, String what, long total) {
        this.progress = progress;
        this.what = what;
        this.total = total;
    }

    /** @param what e.g. "items read", "items exported"; total 0 when unknown */
    public static ItemProgress of(Console console, String what, long total) {
        return new ItemProgress(Progress.of(console), what, total);
    }

    @Override
    public void accept(long n) {
        draw(done.addAndGet(n));
    }

    public void set(long value) {
        done.set(value);
        draw(value);
    }

    private void draw(long value) {
        if (!progress.enabled()) return;
        long now = System.nanoTime();
        long last = lastDraw.get();
        if (last != Long.MIN_VALUE && now - last < REDRAW_NANOS) return;
        if (!lastDraw.compareAndSet(last, now)) return;
        String pct = total > 0 ? String.format(Locale.ROOT, " (%.0f%%)", 100.0 * value / total) : "";
        progress.update(String.format(Locale.ROOT, "%,d %s%s", value, what, pct));
    }

    @Override
    public void close() {
        progress.done();
    }
}
