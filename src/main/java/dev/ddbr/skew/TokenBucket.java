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
    private double granted;

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

    /** The most the bucket holds: one second of the rate, at least one unit. */
    public double burst() { return burst; }

    /**
     * Wait until {@code units} (at most the burst) are in the bucket, and take them: a reservation made
     * before a request whose cost is estimated. {@link #settle} corrects it once the response says what the
     * request cost. Reserving before sending keeps requests in flight at once within the budget.
     */
    public void reserve(double units) throws InterruptedException {
        double want = Math.max(1e-9, Math.min(units, burst));
        while (true) {
            long wait;
            synchronized (this) {
                refill();
                if (tokens >= want) {
                    tokens -= units;
                    granted += units;
                    return;
                }
                wait = (long) Math.ceil((want - tokens) / rate * 1e9) + 1;
            }
            sleeper.sleep(wait);
        }
    }

    /** A request reserved {@code reserved} and cost {@code actual}: the difference goes back to (or out of) the bucket. */
    public synchronized void settle(double reserved, double actual) {
        refill();
        tokens += reserved - actual;
        granted += actual - reserved;
        consumed += actual;
    }

    /** Units handed out so far: reservations, corrected by what the requests cost. */
    public synchronized double granted() { return granted; }

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
        granted += units;
    }

    public synchronized double consumed() { return consumed; }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
        last = now;
    }
}
