package dev.ddbr.failover;

import dev.ddbr.aws.ClientFactory;
import dev.ddbr.load.LoadReport;
import dev.ddbr.load.LoadTest;
import dev.ddbr.load.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * A failover drill's load: the workload against {@code from} until the switch ({@code before}), against {@code to}
 * while the probe checks it ({@code during}), then against {@code to} for the workload's whole schedule ({@code after}).
 * Each phase is one run of the open-loop generator ({@link LoadTest}), cut short when the next phase starts; the drill
 * waits at its end for the {@code after} phase to finish its schedule. Never prints.
 */
public final class DrillLoad {
    private final LoadTest source;
    private final LoadTest target;
    private final Workload w;
    private final String from;
    private final String to;
    private final List<DrillReport.LoadPhase> phases = new ArrayList<>();
    private volatile Running current;
    private volatile boolean stopped;

    private record Running(String phase, String region, LoadTest test, Thread thread, long startNanos, LoadReport[] report) {}

    private DrillLoad(LoadTest source, LoadTest target, Workload w, String from, String to) {
        this.source = source;
        this.target = target;
        this.w = w;
        this.from = from;
        this.to = to;
    }

    /** Describes the table in both Regions (one load client each); sends nothing yet. */
    public static DrillLoad open(ClientFactory aws, String table, String from, String to, Workload w) {
        return new DrillLoad(LoadTest.open(aws, from, table, w), LoadTest.open(aws, to, table, w), w, from, to);
    }

    /** For --dry-run: the workload only, nothing described or sent. */
    public static DrillLoad plan(Workload w) { return new DrillLoad(null, null, w, null, null); }

    /** Whether ddbr created the table in both Regions (the ddbr:created-by=ddbr tag, read now). */
    public boolean ownedByDdbr() { return source.ownedByDdbr() && target.ownedByDdbr(); }

    public Workload workload() { return w; }

    synchronized void before() { start("before", from, source); }

    synchronized void during() { start("during", to, target); }

    synchronized void after() { start("after", to, target); }

    /** Lets the current phase run to the end of its schedule, then reports every phase. */
    DrillReport.Load finish() {
        Running r = current;
        if (r != null) join(r);
        long now = System.nanoTime();
        synchronized (this) {
            if (current == r && r != null) end(r, now);
            current = null;
        }
        return report();
    }

    /** Stops whatever runs (errors, Ctrl-C) and reports what ran. */
    synchronized DrillReport.Load stop() {
        stopped = true;
        Running r = current;
        current = null;
        if (r != null) {
            long now = System.nanoTime();
            stopRun(r);
            end(r, now);
        }
        return report();
    }

    private DrillReport.Load report() {
        return new DrillReport.Load(w.name(), w.schedule().toString(), List.copyOf(phases));
    }

    private void start(String phase, String region, LoadTest test) {
        if (stopped) return;
        Running prev = current;
        long now = System.nanoTime();
        if (prev != null) {
            stopRun(prev);
            end(prev, now);
        }
        LoadReport[] holder = new LoadReport[1];
        Thread t = new Thread(() -> holder[0] = test.runPhase(), "ddbr-drill-load-" + phase);
        t.setDaemon(true);
        current = new Running(phase, region, test, t, now, holder);
        t.start();
    }

    private static void stopRun(Running r) {
        try {
            // the runner may not exist yet (warm-up): retry until it takes the stop
            while (r.thread().isAlive() && r.test().stop(200) == null) {
                Thread.onSpinWait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        join(r);
    }

    private static void join(Running r) {
        try {
            r.thread().join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @param endNanos when the phase was told to end (its stop takes up to a second more) */
    private void end(Running r, long endNanos) {
        double seconds = (endNanos - r.startNanos()) / 1e9;
        LoadReport rep = r.report()[0];
        phases.add(DrillReport.LoadPhase.of(r.phase(), r.region(), seconds, rep));
    }
}
