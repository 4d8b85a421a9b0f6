package dev.ddbr.backup.logical;

/**
 * A capacity budget in units per second shared by all workers (read units for export, write units for
 * import). Workers spend what a call consumed after the call; when the budget is overdrawn they wait
 * until it recovers. A budget of 0 or less is unlimited.
 */
public final class RateBudget {
    private final double perSecond;
    private double balance;
    private long last;

    public RateBudget(double perSecond) {
        this.perSecond = perSecond;
        this.balance = perSecond; // one second of burst
        this.last = System.nanoTime();
    }

    public boolean unlimited() { return perSecond <= 0; }

    public double perSecond() { return perSecond; }

    /** Spend {@code units}; blocks while the budget is overdrawn. */
    public void spend(double units) throws InterruptedException {
        if (unlimited() || units <= 0) return;
        long waitNanos;
        synchronized (this) {
            refill();
            balance -= units;
            waitNanos = balance >= 0 ? 0 : (long) (-balance / perSecond * 1e9);
        }
        if (waitNanos > 0) java.util.concurrent.TimeUnit.NANOSECONDS.sleep(waitNanos);
    }

    private void refill() {
        long now = System.nanoTime();
        balance = Math.min(perSecond, balance + (now - last) / 1e9 * perSecond);
        last = now;
    }
}
