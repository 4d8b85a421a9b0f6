package dev.ddbr.load;

import dev.ddbr.aws.AttemptListener;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The open-loop generator, after wrk2: operation {@code i} has an intended start from the schedule, a bounded pool of
 * workers takes operations in order, waits for their intended start, runs them, and records the latency from the
 * intended start. A worker pool that cannot keep up (all busy, or the CPU spent) starts operations late, and that
 * lateness is in the latencies: no coordinated omission. Holds HDR histograms and counters only, no per-operation
 * objects, so memory stays flat however long the run.
 */
public final class LoadRunner implements AttemptListener {
    /**
     * An operation starting later than this after its intended time counts as a late start; more than 5% late starts
     * (or operations never started) flag the run as not run as scheduled.
     */
    static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** One second of the run, for the live line and NDJSON. */
    public record Interval(double t, long ops, double rate, double offeredRate, double p50Ms, double p99Ms, double maxMs,
                           long throttles, long errors) {}

    /** Called once per second (on the runner's thread). */
    @FunctionalInterface
    public interface IntervalListener {
        void interval(Interval i);
    }

    private final DynamoDbClient ddb;
    private final TableShape table;
    private final Workload w;
    private final IntervalListener listener;
    /** The per-second series of the report (flat memory: at most IntervalSeries.CAP points). */
    private final IntervalSeries series = new IntervalSeries();
    private final OutputStream hdrLog;
    private final LoadOps ops;
    private final Map<OpKind, OpCounts.Live> live = new EnumMap<>(OpKind.class);
    private final OpKind[] pick;
    private final int[] cumulative;
    private final int weightSum;
    private final Recorder service = new Recorder(3);
    private final Recorder startLag = new Recorder(3);
    private final LongAdder late = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder notStarted = new LongAdder();
    private final AtomicLong next = new AtomicLong();
    private final ThreadLocal<OpCounts.Live> current = new ThreadLocal<>();
    private final ThreadLocal<int[]> attempts = ThreadLocal.withInitial(() -> new int[1]);
    private volatile boolean stopped;
    private volatile boolean interrupted;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile LoadReport report;

    /**
     * @param hdrLog      where to write the HdrHistogram interval log, or null
     * @param keyObserver sees every key index used, or null
     */
    public LoadRunner(DynamoDbClient ddb, TableShape table, Workload w, IntervalListener listener, OutputStream hdrLog,
                      LongConsumer keyObserver) {
        this.ddb = ddb;
        this.table = table;
        this.w = w;
        this.listener = listener;
        this.hdrLog = hdrLog;
        this.ops = new LoadOps(ddb, table, w, keyObserver);
        List<OpKind> kinds = new ArrayList<>(w.mix().keySet());
        pick = kinds.toArray(OpKind[]::new);
        cumulative = new int[pick.length];
        int sum = 0;
        for (int i = 0; i < pick.length; i++) {
            sum += w.mix().get(pick[i]);
            cumulative[i] = sum;
            live.put(pick[i], new OpCounts.Live(pick[i]));
        }
        weightSum = sum;
    }

    /** Stops issuing operations; {@link #run()} returns the report of what ran (marked interrupted). */
    public void stop() {
        interrupted = true;
        stopped = true;
    }

    /** The report once the run has ended, waiting up to {@code millis}; null if it has not. */
    public LoadReport awaitReport(long millis) throws InterruptedException {
        done.await(millis, TimeUnit.MILLISECONDS);
        return report;
    }

    /** Operations this worker slot owns: global indexes {@code g < total} with {@code g % N == I}. */
    long ownedOps() {
        long total = w.schedule().totalOps();
        return total <= w.worker() ? 0 : (total - w.worker() - 1) / w.workers() + 1;
    }

    public LoadReport run() {
        long mine = ownedOps();
        warmUp();
        Instant startedAt = Instant.now();
        var os = ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = cpuNanos(os);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long end = start + w.schedule().totalNanos();
        long grace = Math.min(TimeUnit.SECONDS.toNanos(30), Math.max(TimeUnit.SECONDS.toNanos(5), w.schedule().totalNanos() / 10));
        SplittableRandom seed = new SplittableRandom(w.seed() ^ (0x9E3779B97F4A7C15L * (w.worker() + 1)));
        List<Thread> threads = new ArrayList<>();
        int n = (int) Math.min(w.concurrency(), Math.max(1, mine));
        for (int i = 0; i < n; i++) {
            SplittableRandom rnd = seed.split();
            Thread th = new Thread(() -> work(rnd, mine, start, end + grace), "ddbr-load-" + i);
            th.setDaemon(true);
            threads.add(th);
        }
        HistogramLogWriter log = hdrLog == null ? null : new HistogramLogWriter(new PrintStream(hdrLog, false, StandardCharsets.UTF_8));
        if (log != null) {
            log.outputComment("ddbr load run " + table.name() + " workload " + w.name() + " worker " + w.worker() + "/" + w.workers()
                    + "; values in microseconds from each operation's intended start; tags are operations");
            log.outputLogFormatVersion();
            log.outputStartTime(startedAt.toEpochMilli());
            log.setBaseTime(startedAt.toEpochMilli());
            log.outputLegend();
        }
        threads.forEach(Thread::start);
        Map<OpKind, Histogram> totals = new EnumMap<>(OpKind.class);
        live.keySet().forEach(k -> totals.put(k, new Histogram(3)));
        Histogram serviceTotal = new Histogram(3);
        Histogram lagTotal = new Histogram(3);
        long tick = start;
        long lastCompleted = 0;
        long lastThrottles = 0;
        long lastErrors = 0;
        boolean alive = true;
        double lastT = 0;
        while (alive) {
            tick += TimeUnit.SECONDS.toNanos(1);
            alive = false;
            for (Thread th : threads) {
                long wait = tick - System.nanoTime();
                if (wait > 0) {
                    try {
                        th.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                    } catch (InterruptedException e) {
                        stop();
                        Thread.currentThread().interrupt();
                    }
                }
                alive |= th.isAlive();
            }
            double t = Math.max(0, (System.nanoTime() - start) / 1e9);
            Histogram interval = new Histogram(3);
            for (var e : live.entrySet()) {
                Histogram h = e.getValue().latency.getIntervalHistogram();
                totals.get(e.getKey()).add(h);
                interval.add(h);
                if (log != null && h.getTotalCount() > 0) {
                    h.setTag(e.getKey().key());
                    log.outputIntervalHistogram(Math.max(0, lastT), t, h, 1000.0);
                }
            }
            serviceTotal.add(service.getIntervalHistogram());
            lagTotal.add(startLag.getIntervalHistogram());
            long c = completed.sum();
            long th = live.values().stream().mapToLong(l -> l.throttles.sum()).sum();
            long er = live.values().stream().mapToLong(l -> l.errors.sum()).sum();
            double span = Math.max(1e-3, t - lastT);
            double offered = (w.schedule().opsBefore((long) (t * 1e9)) - w.schedule().opsBefore((long) (lastT * 1e9))) / span;
            Interval now = new Interval(Reports.r3(t), c - lastCompleted, Reports.r3((c - lastCompleted) / span), Reports.r3(offered / w.workers()),
                    ms(interval.getValueAtPercentile(50), interval), ms(interval.getValueAtPercentile(99), interval),
                    ms(interval.getMaxValue(), interval), th - lastThrottles, er - lastErrors);
            series.add(now);
            if (listener != null) listener.interval(now);
            lastCompleted = c;
            lastT = t;
            lastThrottles = th;
            lastErrors = er;
        }
        long finished = System.nanoTime();
        notStarted.add(Math.max(0, mine - completed.sum() - notStarted.sum()));
        double elapsed = Math.max(0, (finished - start) / 1e9);
        double cpuPercent = cpuNanos(os) < 0 ? -1 : (cpuNanos(os) - cpu0) / 1e9 / Math.max(elapsed, 1e-3) * 100;
        Map<String, OpCounts> counts = new LinkedHashMap<>();
        Map<String, Histogram> latency = new LinkedHashMap<>();
        live.forEach((k, l) -> {
            counts.put(k.key(), l.snapshot());
            latency.put(k.key(), totals.get(k));
        });
        LoadReport.Client client = client(n, cpuPercent, serviceTotal, lagTotal);
        double offered = mine / (w.schedule().totalNanos() / 1e9);
        RunSummary summary = new RunSummary(table.name(), w.name(), w.worker(), w.workers(), startedAt, w.schedule().toString(),
                Reports.r3(w.schedule().totalNanos() / 1e9), Reports.r3(elapsed), Reports.r3(offered), mine, completed.sum(),
                notStarted.sum(), interrupted, counts, ops.capacity(), client, w.slos().stream().map(Slo::expr).toList());
        if (log != null) {
            try {
                log.outputComment(RunSummary.MARKER + HdrLogs.JSON.writeValueAsString(summary));
                hdrLog.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        report = Reports.build(List.of(summary), latency, w.slos()).withIntervals(series.points());
        done.countDown();
        return report;
    }

    /**
     * One operation of each kind in the mix before the schedule starts, not measured: the SDK's first call of an
     * operation loads and links its classes, which would otherwise land in the first second's latencies.
     */
    private void warmUp() {
        SplittableRandom rnd = new SplittableRandom(w.seed());
        for (OpKind k : pick) {
            try {
                ops.run(k, rnd);
            } catch (RuntimeException e) {
                // measured for real in the run
            }
        }
    }

    private static double ms(long micros, Histogram h) {
        return h.getTotalCount() == 0 ? 0 : Reports.r3(micros / 1000.0);
    }

    private static long cpuNanos(java.lang.management.OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
    }

    private LoadReport.Client client(int workers, double cpuPercent, Histogram service, Histogram lag) {
        long c = Math.max(1, completed.sum());
        double lateShare = Reports.r3((double) late.sum() / c);
        int cores = Runtime.getRuntime().availableProcessors();
        double lagP99 = lag.getTotalCount() == 0 ? 0 : Reports.r3(lag.getValueAtPercentile(99) / 1000.0);
        double sP50 = service.getTotalCount() == 0 ? 0 : Reports.r3(service.getValueAtPercentile(50) / 1000.0);
        double sP99 = service.getTotalCount() == 0 ? 0 : Reports.r3(service.getValueAtPercentile(99) / 1000.0);
        double meanServiceSecs = service.getTotalCount() == 0 ? 0 : service.getMean() / 1e6;
        double rate = w.schedule().offeredRate() / w.workers();
        double needed = rate * meanServiceSecs;
        boolean saturated = lateShare > 0.05 || !interrupted && notStarted.sum() > 0;
        String cpu = cpuPercent < 0 ? "CPU unknown" : String.format(java.util.Locale.ROOT, "CPU %.0f%% of %d core%s", cpuPercent, cores, cores == 1 ? "" : "s");
        String verdict;
        String detail;
        String lateText = String.format(java.util.Locale.ROOT, "%.1f%% of operations started over 10 ms late (start lag p99 %.1f ms)", lateShare * 100, lagP99);
        if (!saturated) {
            verdict = "ok";
            detail = "operations started on time; " + cpu;
        } else if (cpuPercent >= 85.0 * cores) {
            verdict = "client-saturated";
            detail = lateText + " with the generator using " + cpu + ": split the load over processes (--worker I/N)";
        } else if (needed >= 0.8 * workers) {
            verdict = "table-slow";
            detail = lateText + ": all " + workers + " workers were waiting on calls (service p99 " + sP99 + " ms, p50 " + sP50
                    + " ms); the table slowed down, or raise --workers (about " + (long) Math.ceil(needed * 1.5) + " needed at this latency)";
        } else {
            verdict = "client-saturated";
            detail = lateText + " with workers to spare (service p50 " + sP50 + " ms, p99 " + sP99 + " ms) and " + cpu
                    + ": the generator's threads were not scheduled in time, so the host is busy with other work or too small; run it on a quieter or bigger host, or split it over hosts (--worker I/N)";
        }
        return new LoadReport.Client(saturated, verdict, detail, workers, Reports.r3(Math.max(cpuPercent, 0)), cores, lateShare, lagP99, sP50, sP99);
    }

    private void work(SplittableRandom rnd, long mine, long start, long lastStart) {
        while (!stopped) {
            long i = next.getAndIncrement();
            if (i >= mine) return;
            long g = i * w.workers() + w.worker();
            long intended = start + w.schedule().offsetNanos(g);
            long now;
            while ((now = System.nanoTime()) < intended) {
                if (stopped) return;
                LockSupport.parkNanos(Math.min(intended - now, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            if (now > lastStart) {
                // too far behind the schedule's end: what is left is not started
                stopped = true;
                return;
            }
            OpKind k = pickOp(rnd);
            OpCounts.Live l = live.get(k);
            current.set(l);
            attempts.get()[0] = 0;
            long actual = System.nanoTime();
            try {
                ops.run(k, rnd);
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                if (!isThrottle(code)) {
                    l.error(code == null ? "HTTP " + e.statusCode() : code);
                }
                // a throttle: every throttled attempt, the last one included, was counted by the tap
            } catch (SdkClientException e) {
                l.error(clientError(e));
            } catch (SdkException e) {
                l.error(e.getClass().getSimpleName());
            } catch (RuntimeException e) {
                l.error(e.getClass().getSimpleName());
            } finally {
                long end = System.nanoTime();
                current.remove();
                int a = attempts.get()[0];
                if (a > 1) l.retries.add(a - 1);
                l.latency.recordValue(Math.max(0, (end - intended) / 1000));
                service.recordValue(Math.max(0, (end - actual) / 1000));
                startLag.recordValue(Math.max(0, (actual - intended) / 1000));
                if (actual - intended > LATE_NANOS) late.increment();
                l.count.increment();
                completed.increment();
            }
        }
    }

    static boolean isThrottle(String code) {
        return code != null && (code.equals("ProvisionedThroughputExceededException") || code.equals("ThrottlingException")
                || code.equals("RequestLimitExceeded"));
    }

    private static String clientError(SdkClientException e) {
        Throwable c = e.getCause();
        if (c instanceof java.net.SocketTimeoutException) return "Timeout";
        if (c instanceof IOException) return "ConnectionError";
        return "SdkClientException";
    }

    private OpKind pickOp(SplittableRandom rnd) {
        if (pick.length == 1) return pick[0];
        int u = rnd.nextInt(weightSum);
        for (int i = 0; i < pick.length; i++) if (u < cumulative[i]) return pick[i];
        return pick[pick.length - 1];
    }

    // ---------------------------------------------------------------- AttemptListener

    @Override
    public void attempt() {
        if (current.get() != null) attempts.get()[0]++;
    }

    @Override
    public void throttled(String code, List<Reason> reasons) {
        OpCounts.Live l = current.get();
        if (l == null) return;
        l.throttles.increment();
        if (reasons.isEmpty()) {
            l.throttle(code, table.name());
        } else {
            for (Reason r : reasons) l.throttle(r.reason(), r.resource().isEmpty() ? table.name() : r.resource());
        }
    }
}
