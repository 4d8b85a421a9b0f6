package dev.ddbr.skew;

import java.util.function.LongSupplier;

/**
 * A read budget in capacity units per second. Callers {@link #acquire()} before a request (waiting while
 * the bucket is in debt) and {@link #consume(double)} what the response's ConsumedCapacity says, which may
 * put the bucket into debt: a 1 MB page can cost more than one second's budget, and the next request then
 * waits it off. Over time the spend stays at the rate. Thread-safe; the clock and sleeper are injectable.
 */
public final class TokenBucket {
    /** Waits; injectable so tests need no real sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double rate;
    private final double burst;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;
    private double consumed;

    public TokenBucket(double unitsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (!(unitsPerSecond > 0)) throw new IllegalArgumentException("rate must be positive");
        this.rate = unitsPerSecond;
        this.burst = Math.max(1, unitsPerSecond);
        this.clock = nanoClock;
        this.sleeper = sleeper;
        this.last = nanoClock.getAsLong();
        this.tokens = burst;
    }

    public static TokenBucket real(double unitsPerSecond) {
        return new TokenBucket(unitsPerSecond, System::nanoTime, n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
    }

    public double rate() { return rate; }

    /** Wait until the bucket is out of debt. */
    public void acquire() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                refill();
                if (tokens > 0) return;
                wait = (long) Math.ceil(-tokens / rate * 1e9) + 1;
            }
            sleeper.sleep(wait);
        }
    }

    /** Record what a request consumed. */
    public synchronized void consume(double units) {
        refill();
        tokens -= units;
        consumed += units;
    }

    public synchronized double consumed() { return consumed; }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
        last = now;
    }
}
