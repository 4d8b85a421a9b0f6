package dev.ddbr.skew;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.error.DdbrException;
import dev.ddbr.error.InterruptedOperationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Counts partition keys with a parallel Scan of the table, or of a GSI itself. Exact under throttling
 * and transient errors: a failed page is retried with the same ExclusiveStartKey, and a page is counted
 * only once its response has arrived, so nothing is lost or counted twice.
 *
 * <p>Sampling reads whole segments, chosen at random: Scan segments split the key space by partition-key
 * hash, so every key read is counted completely, and the totals are scaled with a stated 95% bound from
 * the spread between segments.
 */
public final class ScanAnalyzer {
    /** Attempts per page beyond the SDK's own retries. */
    static final int PAGE_ATTEMPTS = 10;

    /**
     * @param segments  TotalSegments
     * @param sample    fraction of segments to read, or null for all
     * @param threads   segments scanned at once
     * @param seed      for choosing sampled segments
     */
    public record Options(int segments, Double sample, int threads, int exactLimit, long seed) {}

    /**
     * @param segmentItems    items per segment read (for the sampling bound)
     * @param segmentDistinct distinct keys per segment read (disjoint between segments for the scanned target)
     * @param derived         GSIs counted from the scanned base items instead of a scan of their own
     * @param partial         how far an interrupted scan got (its figures are of what was read, unscaled); null when whole
     */
    public record Result(SkewTarget target, KeyStats stats, int segmentsRead, int totalSegments,
                         List<Long> segmentItems, List<Long> segmentDistinct, long retries, double consumedUnits,
                         List<Derived> derived, Partial partial) {
        public Result(SkewTarget target, KeyStats stats, int segmentsRead, int totalSegments, List<Long> segmentItems,
                      List<Long> segmentDistinct, long retries, double consumedUnits, List<Derived> derived) {
            this(target, stats, segmentsRead, totalSegments, segmentItems, segmentDistinct, retries, consumedUnits, derived, null);
        }

        public double scale() { return segmentsRead == 0 ? 1 : totalSegments / (double) segmentsRead; }

        /** 95% relative error bound of the scaled totals; 0 when everything was read; null when unknown. */
        public Double relativeErrorBound() { return relativeBound(segmentItems, totalSegments); }

        /** 95% relative error bound of the scaled distinct-key count (keys of the scanned target never span segments). */
        public Double distinctRelativeErrorBound() { return relativeBound(segmentDistinct, totalSegments); }
    }

    /**
     * A GSI's keys counted from sampled base-table items. Base segments are chosen by the base partition key's
     * hash, so (unless the GSI key is a function of the base partition key) the GSI keys of the sampled items are
     * a random sample of the index's entries; a GSI key spans segments, so its counts are scaled too.
     *
     * @param segmentItems     index entries per base segment read
     * @param segmentTopCounts per base segment read, the entries of its heaviest keys (for the share bound)
     */
    public record Derived(SkewTarget target, KeyStats stats, List<Long> segmentItems,
                          List<Map<String, Long>> segmentTopCounts, int totalSegments) {
        /** 95% relative error bound of the scaled totals. */
        public Double itemsRelativeErrorBound() { return relativeBound(segmentItems, totalSegments); }

        /**
         * 95% relative error bound of the hottest key's share, a ratio estimate (hot entries / entries) over
         * the sampled segments; null when unknown.
         */
        public Double shareRelativeErrorBound(String hottestKey) {
            int k = segmentItems.size();
            if (k == totalSegments) return 0.0;
            if (k < 2 || hottestKey == null) return null;
            double sx = 0;
            double sy = 0;
            double[] y = new double[k];
            for (int i = 0; i < k; i++) {
                y[i] = segmentTopCounts.get(i).getOrDefault(hottestKey, 0L);
                sx += segmentItems.get(i);
                sy += y[i];
            }
            if (sx == 0 || sy == 0) return null;
            double r = sy / sx;
            double xbar = sx / k;
            double ss = 0;
            for (int i = 0; i < k; i++) {
                double d = y[i] - r * segmentItems.get(i);
                ss += d * d;
            }
            double fpc = 1 - k / (double) totalSegments;
            double se = Math.sqrt(fpc * ss / (k - 1) / k) / xbar;
            return tQuantile975(k - 1) * se / r;
        }

        /** The larger of the totals' and the hottest share's bound (null when either is unknown). */
        public Double relativeErrorBound(String hottestKey) {
            Double a = itemsRelativeErrorBound();
            Double b = shareRelativeErrorBound(hottestKey);
            if (a == null || b == null) return null;
            return Math.max(a, b);
        }
    }

    /** Per-segment keys kept for the share bound of a derived GSI. */
    static final int SEGMENT_TOP = 64;

    /** 95% relative error bound of a total scaled from per-segment values (Student's t, finite-population corrected). */
    static Double relativeBound(List<Long> perSegment, int totalSegments) {
        int k = perSegment.size();
        if (k == totalSegments) return 0.0;
        if (k < 2) return null;
        double mean = perSegment.stream().mapToLong(Long::longValue).average().orElse(0);
        if (mean == 0) return 0.0;
        double var = 0;
        for (long n : perSegment) var += (n - mean) * (n - mean);
        var /= (k - 1);
        double fpc = 1 - k / (double) totalSegments;
        double seMean = Math.sqrt(fpc * var / k);
        return tQuantile975(k - 1) * seMean / mean;
    }

    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /** Student's t 97.5% quantile (two-sided 95%) for {@code df} degrees of freedom. */
    static double tQuantile975(int df) {
        if (df < 1) return Double.NaN;
        if (df <= T975.length) return T975[df - 1];
        return df <= 60 ? 2.000 : df <= 120 ? 1.980 : 1.960;
    }

    private final DynamoDbClient ddb;
    private final TokenBucket.Sleeper sleeper;

    public ScanAnalyzer(DynamoDbClient ddb, TokenBucket.Sleeper sleeper) {
        this.ddb = ddb;
        this.sleeper = sleeper;
    }

    /** The segments a sample reads: {@code max(2, round(fraction × total))} of them, at random. */
    public static List<Integer> chooseSegments(int total, Double fraction, long seed) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < total; i++) all.add(i);
        if (fraction == null || fraction >= 1) return all;
        int k = (int) Math.max(Math.min(2, total), Math.round(fraction * total));
        Collections.shuffle(all, new Random(seed));
        List<Integer> chosen = new ArrayList<>(all.subList(0, k));
        Collections.sort(chosen);
        return chosen;
    }

    public Result scan(String table, SkewTarget target, Options o, TokenBucket budget, LongConsumer progress) {
        return scan(table, target, List.of(), o, budget, progress);
    }

    /**
     * One segment's counts while it is read: its own lock, so a partial report can take them between pages. The
     * counts exist from the segment's first page until they are folded into the totals (null before and after).
     */
    private static final class Segment {
        final Object lock = new Object();
        KeyStats local;
        KeyStats[] derived;
        boolean done;

        void open(int exactLimit, int nd) {
            if (local != null) return;
            local = new KeyStats(exactLimit);
            derived = new KeyStats[nd];
            for (int d = 0; d < nd; d++) derived[d] = new KeyStats(exactLimit);
        }
    }

    /** The scan under way: what a partial report is made of. */
    private final class Running {
        final SkewTarget target;
        final List<SkewTarget> derive;
        final Options o;
        final List<Segment> segments = new ArrayList<>();
        final KeyStats total;
        final KeyStats[] dTotal;
        final List<List<Long>> dItems = new ArrayList<>();
        final List<List<Map<String, Long>>> dTop = new ArrayList<>();
        final List<Long> perSegment = new ArrayList<>();
        final List<Long> perSegmentDistinct = new ArrayList<>();
        final AtomicLong retries = new AtomicLong();
        final AtomicLong items = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();
        volatile boolean stopped;
        /** Capacity units the responses say were consumed, page by page. */
        final java.util.concurrent.atomic.DoubleAdder consumed = new java.util.concurrent.atomic.DoubleAdder();
        /** Estimated capacity units per item read, from the responses so far (0 until the first). */
        volatile double unitsPerItem;
        /** One thread sends the first (one-item) page that tells the cost per item; the others wait for it. */
        final java.util.concurrent.CountDownLatch probed = new java.util.concurrent.CountDownLatch(1);
        final AtomicBoolean probing = new AtomicBoolean();

        Running(SkewTarget target, List<SkewTarget> derive, Options o, int count) {
            this.target = target;
            this.derive = derive;
            this.o = o;
            total = new KeyStats(o.exactLimit());
            dTotal = new KeyStats[derive.size()];
            for (int d = 0; d < derive.size(); d++) {
                dTotal[d] = new KeyStats(o.exactLimit());
                dItems.add(new ArrayList<>());
                dTop.add(new ArrayList<>());
            }
            for (int i = 0; i < count; i++) segments.add(new Segment());
        }

        /** Fold a finished segment into the totals (under this object's lock), and let its counts go. */
        void fold(Segment s) {
            s.open(o.exactLimit(), derive.size()); // an empty segment counts too (its zero is part of the sample's spread)
            List<Map<String, Long>> tops = new ArrayList<>();
            for (KeyStats d : s.derived) {
                Map<String, Long> m = new HashMap<>();
                for (KeyStats.Count c : d.summarize(SEGMENT_TOP).top()) m.put(c.key(), c.items());
                tops.add(m);
            }
            synchronized (this) {
                total.merge(s.local);
                perSegment.add(s.local.items());
                perSegmentDistinct.add(s.local.distinct());
                for (int d = 0; d < s.derived.length; d++) {
                    dTotal[d].merge(s.derived[d]);
                    dItems.get(d).add(s.derived[d].items());
                    dTop.get(d).add(tops.get(d));
                }
                s.done = true;
                s.local = null;
                s.derived = null;
            }
        }

        synchronized Result result(int segmentsRead, Partial partial) {
            List<Derived> derived = new ArrayList<>();
            for (int d = 0; d < derive.size(); d++) {
                derived.add(new Derived(derive.get(d), dTotal[d], List.copyOf(dItems.get(d)), List.copyOf(dTop.get(d)), o.segments()));
            }
            return new Result(target, total, segmentsRead, o.segments(), List.copyOf(perSegment),
                    List.copyOf(perSegmentDistinct), retries.get(), consumed.sum(), List.copyOf(derived), partial);
        }
    }

    /**
     * How far an interrupted scan of one target got.
     *
     * @param segmentsDone    segments read to their end
     * @param segmentsStarted segments of which some pages were read (counted in the figures), not to their end
     * @param segmentsChosen  segments the scan was to read (all of them, or the sample)
     */
    public record Partial(int segmentsDone, int segmentsStarted, int segmentsChosen, long itemsRead) {}

    private volatile Running running;

    /**
     * Stops the scan under way and returns what it counted so far: the segments read to their end, and the
     * pages read of the others (each counted once). Null when no scan is under way. Safe from another thread
     * (a shutdown hook): it waits for no request, only for a page being counted.
     */
    public Result stop() {
        Running r = running;
        if (r == null) return null;
        r.stopped = true;
        r.cancelled.set(true);
        List<Segment> started = new ArrayList<>();
        int done = 0;
        for (Segment s : r.segments) {
            synchronized (s.lock) {
                // from here on the worker of s counts nothing more: it sees stopped under the same lock
                if (s.done) done++;
                else if (s.local != null && (s.local.items() > 0 || anyItems(s.derived))) started.add(s);
            }
        }
        synchronized (r) {
            for (Segment s : started) {
                r.total.merge(s.local);
                for (int d = 0; d < s.derived.length; d++) r.dTotal[d].merge(s.derived[d]);
            }
            // a partly read segment is not a whole segment: the figures are of what was read, not scaled
            return r.result(Math.max(1, r.o.segments()), new Partial(done, started.size(), r.segments.size(), r.items.get()));
        }
    }

    private static boolean anyItems(KeyStats[] s) {
        for (KeyStats k : s) if (k.items() > 0) return true;
        return false;
    }

    /**
     * Scans {@code target} and, from the same items, counts each of {@code derive} (GSIs; only with the base
     * table as target). With a budget, pages are kept small enough (Limit, from the cost per item seen so far)
     * that the requests in flight at once stay within about one second of the budget, but never below
     * {@link #MIN_PAGE_UNITS} (a low budget must bound the rate, not multiply the total: the half-unit minimum
     * charge per request would), and each request's estimated cost is reserved from the budget before it is
     * sent, the bucket going into debt for a page larger than a second's budget.
     *
     * @throws Stopped when {@link #stop} was called during the scan
     */
    public Result scan(String table, SkewTarget target, List<SkewTarget> derive, Options o, TokenBucket budget,
                       LongConsumer progress) {
        if (!derive.isEmpty() && !target.isTable()) throw new IllegalArgumentException("GSIs derive from the base table only");
        List<Integer> segments = chooseSegments(o.segments(), o.sample(), o.seed());
        Running run = new Running(target, derive, o, segments.size());
        running = run;
        int threads = Math.max(1, Math.min(o.threads(), segments.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ddbr-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                int seg = segments.get(i);
                Segment state = run.segments.get(i);
                futures.add(pool.submit(() -> {
                    scanSegment(table, run, seg, state, budget, threads, progress);
                    synchronized (state.lock) {
                        if (!run.stopped) run.fold(state);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    run.cancelled.set(true);
                    if (run.stopped) throw new Stopped();
                    Throwable c = e.getCause();
                    if (c instanceof Stopped s) throw s;
                    if (c instanceof DdbrException d) throw d;
                    if (c instanceof SdkException s) throw AwsErrors.translate(s, "scan " + where(table, target));
                    throw new IllegalStateException("scan failed: " + c, c);
                }
            }
            if (run.stopped) throw new Stopped();
        } catch (InterruptedException e) {
            run.cancelled.set(true);
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("interrupted while scanning " + where(table, target)
                    + "; nothing was changed", null);
        } finally {
            pool.shutdownNow();
        }
        return run.result(segments.size(), null);
    }

    /** The scan was stopped by {@link #stop} for a partial report. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped for a partial report", null, false, false);
        }
    }

    static String where(String table, SkewTarget t) {
        return t.isTable() ? "table '" + table + "'" : "index '" + t.index() + "' of '" + table + "'";
    }

    /** Items per page under a budget: about {@code rate / threads} units' worth, from the cost per item seen so far. */
    static Integer pageLimit(TokenBucket budget, int threads, double unitsPerItem) {
        if (budget == null) return null;
        if (unitsPerItem <= 0) return 1; // nothing seen yet: a one-item first page tells the cost per item
        // never below MIN_PAGE_UNITS' worth: each request is charged at least half a unit, rounded up per 4 KB,
        // so smaller pages would multiply the total spent; the bucket goes into debt instead and the next waits
        double perPage = Math.max(MIN_PAGE_UNITS, budget.rate() / threads);
        return (int) Math.max(1, Math.min(1_000_000, Math.floor(perPage / unitsPerItem)));
    }

    /**
     * The least a budgeted page is sized for, in read units: 32 KB read eventually consistent, so the half-unit
     * minimum charge and the rounding up to 4 KB cost at most about an eighth more than the items themselves.
     */
    static final double MIN_PAGE_UNITS = 4;

    /**
     * Read units per item from one page: what it cost per item, but when the page cost no more than the minimum
     * charge that figure is mostly the minimum, so the items' size (half a unit per 4 KB) is taken when lower.
     */
    static double unitsPerItem(double consumed, int items, long bytes) {
        double measured = consumed / items;
        if (consumed > 1) return measured;
        double bySize = Math.max(1e-6, bytes / (double) items / 8192.0);
        return Math.min(measured, bySize);
    }

    private double scanSegment(String table, Running run, int segment, Segment state, TokenBucket budget, int threads,
                               LongConsumer progress) throws InterruptedException {
        SkewTarget target = run.target;
        List<SkewTarget> derive = run.derive;
        Map<String, AttributeValue> start = null;
        double units = 0;
        do {
            ScanRequest.Builder b = ScanRequest.builder().tableName(table).segment(segment).totalSegments(run.o.segments())
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
            if (target.index() != null) b.indexName(target.index());
            if (start != null) b.exclusiveStartKey(start);
            if (budget != null && run.unitsPerItem <= 0 && !run.probing.compareAndSet(false, true)) {
                run.probed.await(); // one probe page at a time, not one per thread
            }
            double perItem = run.unitsPerItem;
            Integer limit = pageLimit(budget, threads, perItem);
            if (limit != null) b.limit(limit);
            // a page of 'limit' items costs about that many times the cost per item; at least half a unit
            double estimate = limit == null ? 0 : Math.max(0.5, perItem * limit);
            ScanRequest req = b.build();
            ScanResponse resp = null;
            for (int attempt = 1; resp == null; attempt++) {
                if (run.cancelled.get() || Thread.currentThread().isInterrupted()) {
                    if (run.stopped) return units;
                    throw new InterruptedException();
                }
                if (budget != null) budget.reserve(estimate);
                try {
                    resp = ddb.scan(req);
                } catch (SdkException e) {
                    if (budget != null) budget.settle(estimate, 0);
                    if (!retryable(e) || attempt >= PAGE_ATTEMPTS) throw e;
                    run.retries.incrementAndGet();
                    sleeper.sleep(backoffNanos(attempt));
                }
            }
            // counted only now: the page arrived whole
            double cu = resp.consumedCapacity() == null || resp.consumedCapacity().capacityUnits() == null
                    ? 0 : resp.consumedCapacity().capacityUnits();
            units += cu;
            run.consumed.add(cu);
            if (budget != null) budget.settle(estimate, cu);
            int n = resp.items().size();
            if (n > 0 && cu > 0) {
                long bytes = 0;
                for (Map<String, AttributeValue> item : resp.items()) bytes += ItemSize.of(item);
                run.unitsPerItem = Math.max(unitsPerItem(cu, n, bytes), perItem * 0.5); // follows larger items at once
            }
            run.probed.countDown();
            synchronized (state.lock) {
                if (run.stopped) return units; // the partial report has taken this segment's counts
                state.open(run.o.exactLimit(), derive.size());
                KeyStats stats = state.local;
                KeyStats[] derived = state.derived;
                for (Map<String, AttributeValue> item : resp.items()) {
                    String key = KeyText.of(item.get(target.keyAttribute()));
                    if (key == null) continue; // cannot happen for a key attribute; sparse GSIs only hold keyed items
                    stats.add(key, ItemSize.of(item));
                    for (int d = 0; d < derived.length; d++) {
                        SkewTarget g = derive.get(d);
                        String gk = KeyText.of(item.get(g.keyAttribute()));
                        if (gk == null) continue; // not in this sparse index
                        derived[d].add(gk, projectedSize(item, g.projected()));
                    }
                }
                long total = run.items.addAndGet(n);
                if (progress != null) progress.accept(total);
            }
            start = resp.hasLastEvaluatedKey() && !resp.lastEvaluatedKey().isEmpty() ? resp.lastEvaluatedKey() : null;
        } while (start != null);
        return units;
    }

    /** Bytes of the index entry of {@code item}: the projected attributes, or the whole item (null projection). */
    static long projectedSize(Map<String, AttributeValue> item, Set<String> projected) {
        if (projected == null) return ItemSize.of(item);
        long n = 0;
        for (String a : projected) {
            AttributeValue v = item.get(a);
            if (v != null) n += ItemSize.utf8Length(a) + ItemSize.value(v);
        }
        return n;
    }

    static boolean retryable(SdkException e) {
        if (e instanceof AwsServiceException a) {
            return a.isThrottlingException() || a.statusCode() >= 500 || "ThrottlingException".equals(AwsErrors.code(a))
                    || "ProvisionedThroughputExceededException".equals(AwsErrors.code(a))
                    || "RequestLimitExceeded".equals(AwsErrors.code(a));
        }
        return e instanceof SdkClientException && AwsErrors.kind(e) != AwsErrors.Kind.CONFIG;
    }

    static long backoffNanos(int attempt) {
        long ms = Math.min(5000, 50L << Math.min(attempt, 7));
        return ms * 1_000_000L;
    }
}
