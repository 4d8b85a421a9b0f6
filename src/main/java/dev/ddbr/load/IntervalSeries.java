package dev.ddbr.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's per-second figures for the report's "over time" charts, in flat memory: one small {@link
 * LoadRunner.Interval} per point, at most {@link #CAP} points (plus the one being filled). When full, neighbours are merged in pairs and each
 * point then covers twice as many seconds (a one-hour run keeps every second; a three-hour run one point per four seconds). A merged point: operations, throttles and errors added, rates and p50 averaged (weighted by
 * operations for p50), p99 and max the worst of the merged seconds.
 */
public final class IntervalSeries {
    public static final int CAP = 3600;

    private final int cap;
    private final List<LoadRunner.Interval> points = new ArrayList<>();
    /** Seconds (raw intervals) per point. */
    private int stride = 1;
    private LoadRunner.Interval pending;
    private int pendingCount;

    public IntervalSeries() { this(CAP); }

    IntervalSeries(int cap) {
        if (cap < 2) throw new IllegalArgumentException("cap " + cap);
        this.cap = cap;
    }

    public synchronized void add(LoadRunner.Interval i) {
        pending = pending == null ? i : merge(pending, pendingCount, i, 1);
        pendingCount++;
        if (pendingCount < stride) return;
        points.add(pending);
        pending = null;
        pendingCount = 0;
        if (points.size() > cap) {
            List<LoadRunner.Interval> halved = new ArrayList<>(cap / 2 + 1);
            for (int k = 0; k + 1 < points.size(); k += 2) halved.add(merge(points.get(k), stride, points.get(k + 1), stride));
            if (points.size() % 2 == 1) halved.add(points.get(points.size() - 1));
            points.clear();
            points.addAll(halved);
            stride *= 2;
        }
    }

    /** The points so far, the last partial one included. */
    public synchronized List<LoadRunner.Interval> points() {
        List<LoadRunner.Interval> out = new ArrayList<>(points);
        if (pending != null) out.add(pending);
        return List.copyOf(out);
    }

    /** Seconds each point covers now. */
    public synchronized int stride() { return stride; }

    static LoadRunner.Interval merge(LoadRunner.Interval a, int na, LoadRunner.Interval b, int nb) {
        long ops = a.ops() + b.ops();
        double n = na + nb;
        double p50 = ops == 0 ? Math.max(a.p50Ms(), b.p50Ms()) : (a.p50Ms() * a.ops() + b.p50Ms() * b.ops()) / ops;
        return new LoadRunner.Interval(b.t(), ops, Reports.r3((a.rate() * na + b.rate() * nb) / n),
                Reports.r3((a.offeredRate() * na + b.offeredRate() * nb) / n), Reports.r3(p50), Math.max(a.p99Ms(), b.p99Ms()),
                Math.max(a.maxMs(), b.maxMs()), a.throttles() + b.throttles(), a.errors() + b.errors());
    }
}
