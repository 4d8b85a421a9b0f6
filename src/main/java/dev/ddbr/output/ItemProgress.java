package dev.ddbr.output;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * "1,234,567 of 2,900,000 items read (42%, about 1m 20s left)" on stderr, through {@link Progress}: only when stderr is a terminal, redrawn
 * at most five times a second, safe to feed from many threads. {@link #accept} adds; {@link #set} sets.
 */
public final class ItemProgress implements LongConsumer, AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final Progress progress;
    private final String what;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastDraw = new AtomicLong(Long.MIN_VALUE);
    private final long started = System.nanoTime();

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
        progress.update(text(value, total, what, now - started));
    }

    /**
     * The line: with a known total, the percentage and, once a second has passed, the time left at the rate so
     * far. An estimated total can be passed: past it, the percentage stops at 99% and no time is given.
     */
    static String text(long value, long total, String what, long elapsedNanos) {
        if (total <= 0) return String.format(Locale.ROOT, "%,d %s", value, what);
        double f = value / (double) total;
        String eta = "";
        if (f > 0 && f < 1 && elapsedNanos >= 1_000_000_000L) {
            long left = Math.round(elapsedNanos / 1e9 * (1 - f) / f);
            eta = ", about " + dev.ddbr.util.Durations.format(java.time.Duration.ofSeconds(Math.max(1, left))) + " left";
        }
        return String.format(Locale.ROOT, "%,d of %s%,d %s (%.0f%%%s)", value, value > total ? "about " : "", total, what,
                Math.min(f >= 1 && value > total ? 99 : 100, Math.floor(100 * f)), eta);
    }

    /** End the line for good (a report follows on Ctrl-C). */
    public void stop() {
        progress.stop();
    }

    @Override
    public void close() {
        progress.done();
    }
}
