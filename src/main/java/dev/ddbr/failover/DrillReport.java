package dev.ddbr.failover;

import dev.ddbr.util.Durations;

import static dev.ddbr.output.TextWriter.kv;
import static dev.ddbr.output.TextWriter.row;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@code ddbr failover drill}. JSON field names are a documented contract (docs/failover.md).
 *
 * @param verdict PASSED or FAILED (exit 1), with {@code reasons}
 * @param arrivals every canary's write and arrival time, in write order
 */
public record DrillReport(String runId, String table, String from, String to, boolean dryRun,
                          Instant startedAt, Instant finishedAt, Plan plan, Canaries canaries, Lag lag, Rpo rpo,
                          Probe probe, Rto rto, Pause pause, Cleanup cleanup, Load load, List<Event> timeline,
                          String verdict, List<String> reasons, List<Arrival> arrivals) implements TextRenderable {

    /**
     * One canary: when it was written in {@code from} and when it showed up in {@code to}, in milliseconds since the
     * drill started (the HTML report's timeline).
     *
     * @param phase     baseline (the RPO canaries) or pause (written while replication was paused)
     * @param seenAtMs  null when it never showed up before the timeout
     * @param lagMs     seenAtMs - writtenAtMs, null when it never showed up
     */
    public record Arrival(String canary, String phase, long writtenAtMs, Long seenAtMs, Long lagMs) {}

    /** What the drill will do (the whole report for --dry-run). */
    public record Plan(int canaries, String keyAttribute, String keyPrefix, String ttlAttribute,
                       long timeoutSeconds, String pauseMethod, Long pauseSeconds, List<String> steps) {}

    /** @param missing canaries written in {@code from} that never showed up in {@code to} before the timeout */
    public record Canaries(int written, int seen, int missing) {}

    /** Replication lag of the canaries that showed up, in milliseconds. */
    public record Lag(int samples, double p50Ms, double p99Ms, double maxMs, double meanMs) {}

    /**
     * @param measuredSeconds the worst lag seen (null when no canary showed up)
     * @param breached        a canary never showed up, or the lag exceeded the objective
     */
    public record Rpo(Double measuredSeconds, Integer objectiveSeconds, boolean breached, String detail) {}

    /** The read/write probe against {@code to}: time to the first healthy round trip. */
    public record Probe(boolean healthy, Double switchSeconds, int attempts, String lastError) {}

    /** @param estimateSeconds measured probe time plus the profile's application switch time */
    public record Rto(Double estimateSeconds, Integer objectiveSeconds, int appSwitchSeconds, boolean breached) {}

    /**
     * @param method             resource-policy or fis
     * @param reference          the statement Sid or the FIS experiment id
     * @param visibleDuringPause pause canaries that reached {@code to} while paused (the two counts below added up)
     * @param catchUpSeconds     from resume until the last pause canary showed up (null if some never did)
     * @param removed            the pause was lifted (the statement removed, the experiment stopped)
     * @param visibleWithinWindow of those, seen within {@code propagationWindowSeconds} of the pause's start: AWS
     *                           documents that replication may go on that long, so they are not a failure
     * @param visibleAfterWindow of those, seen later while still paused: the pause did not hold (a failure)
     * @param propagationWindowSeconds 300: "up to 5 minutes after action begins" (FIS actions reference)
     * @param conclusive         the pause lasted longer than the window, so the drill could see whether it holds
     */
    public record Pause(String method, String reference, double requestedSeconds, int canaries,
                        int visibleDuringPause, Double catchUpSeconds, int missingAfterResume, boolean removed,
                        int visibleWithinWindow, int visibleAfterWindow, long propagationWindowSeconds, boolean conclusive) {}

    public record Cleanup(int deleted, int failed) {}

    /**
     * The load run during the drill ({@code --load}): the workload's name and schedule, and one entry per phase.
     */
    public record Load(String workload, String schedule, List<LoadPhase> phases) {}

    /**
     * One phase of the drill's load.
     *
     * @param phase     before (against {@code from}, until the switch), during (against {@code to}, while the probe
     *                  checks it) or after (against {@code to}, the workload's schedule after the switch)
     * @param seconds   how long the phase lasted
     * @param latencyMs p50, p99 and max from each operation's intended start; null when no operation completed
     * @param intervals the phase second by second (as {@code load run}'s {@code intervals}, t from the phase's start)
     */
    public record LoadPhase(String phase, String region, double seconds, long operations, double rate,
                            PhaseLatency latencyMs, dev.ddbr.load.LoadReport.Errors errors,
                            dev.ddbr.load.LoadReport.Throttles throttles, List<dev.ddbr.load.LoadRunner.Interval> intervals) {
        static LoadPhase of(String phase, String region, double seconds, dev.ddbr.load.LoadReport r) {
            double secs = Math.round(seconds * 1000) / 1000.0;
            if (r == null || r.total() == null) {
                return new LoadPhase(phase, region, secs, 0, 0, null, new dev.ddbr.load.LoadReport.Errors(0, java.util.Map.of()),
                        new dev.ddbr.load.LoadReport.Throttles(0, java.util.Map.of(), java.util.Map.of()),
                        r == null || r.intervals() == null ? List.of() : r.intervals());
            }
            var t = r.total();
            PhaseLatency l = t.count() == 0 || t.latencyMs() == null ? null
                    : new PhaseLatency(t.latencyMs().p50(), t.latencyMs().p99(), t.latencyMs().max());
            double rate = seconds <= 0 ? 0 : Math.round(t.count() / seconds * 10) / 10.0;
            return new LoadPhase(phase, region, secs, t.count(), rate, l, t.errors(), t.throttles(),
                    r.intervals() == null ? List.of() : r.intervals());
        }
    }

    public record PhaseLatency(double p50, double p99, double max) {}

    /** @param atMs milliseconds since the drill started */
    public record Event(long atMs, String event) {}

    public boolean passed() { return "PASSED".equals(verdict); }

    @Override
    public void renderText(TextWriter out) {
        out.heading("Failover drill " + runId + ": " + table + "  " + from + " -> " + to + (dryRun ? "  (dry run)" : ""));
        if (dryRun) {
            List<String[]> kv = new ArrayList<>();
            kv.add(kv("Canaries", plan.canaries() + " items, " + plan.keyAttribute() + " = " + plan.keyPrefix() + "<n>"));
            kv.add(kv("TTL attribute", plan.ttlAttribute() + " (now + 1h)"));
            kv.add(kv("Timeout", plan.timeoutSeconds() + "s"));
            kv.add(kv("Pause", plan.pauseMethod() == null ? "none" : plan.pauseMethod() + ", " + plan.pauseSeconds() + "s"));
            out.keyValues(kv);
            out.blank();
            out.line("Plan:");
            for (int i = 0; i < plan.steps().size(); i++) out.line("  " + (i + 1) + ". " + plan.steps().get(i));
            out.blank();
            out.verdict(Style.Tone.NEUTRAL, "DRY RUN: nothing was written");
            return;
        }
        List<String[]> kv = new ArrayList<>();
        kv.add(kv("Canaries", canaries.written() + " written in " + from + ", " + canaries.seen() + " seen in " + to
                + (canaries.missing() > 0 ? ", " + canaries.missing() + " MISSING" : "")));
        kv.add(kv("Replication lag", lag == null ? "none measured"
                : String.format(Locale.ROOT, "p50 %s  p99 %s  max %s  (%d samples)", ms(lag.p50Ms()), ms(lag.p99Ms()),
                ms(lag.maxMs()), lag.samples())));
        kv.add(kv("Measured RPO", (rpo.measuredSeconds() == null ? "unknown (no canary arrived)" : secs(rpo.measuredSeconds()))
                + (rpo.objectiveSeconds() == null ? " (no rpo_seconds in the profile)" : " (objective " + rpo.objectiveSeconds() + "s)")
                + (rpo.breached() ? "  BREACHED: " + rpo.detail() : "")));
        kv.add(kv("Probe in " + to, probe == null ? "not run" : probe.healthy()
                ? "healthy after " + secs(probe.switchSeconds()) + " (" + probe.attempts() + " attempt" + (probe.attempts() == 1 ? "" : "s") + ")"
                : "UNHEALTHY after " + probe.attempts() + " attempts: " + probe.lastError()));
        if (rto != null) {
            kv.add(kv("RTO estimate", (rto.estimateSeconds() == null ? "unknown" : secs(rto.estimateSeconds()))
                    + " = probe + app switch " + rto.appSwitchSeconds() + "s"
                    + (rto.objectiveSeconds() == null ? "" : " (objective " + rto.objectiveSeconds() + "s)")
                    + (rto.breached() ? "  BREACHED" : "")));
        }
        if (pause != null) {
            kv.add(kv("Replication pause", pause.method() + " " + pause.reference() + ", " + secs(pause.requestedSeconds())
                    + ": " + pause.visibleDuringPause() + "/" + pause.canaries() + " canaries arrived while paused"
                    + (pause.visibleDuringPause() == 0 ? "" : " (" + pause.visibleWithinWindow() + " within the first "
                    + pause.propagationWindowSeconds() + "s, when AWS says replication may go on; " + pause.visibleAfterWindow() + " later)")
                    + (pause.conclusive() ? "" : "; the pause was shorter than " + pause.propagationWindowSeconds()
                    + "s, so it cannot show that replication stops")
                    + "; "
                    + (pause.catchUpSeconds() == null ? pause.missingAfterResume() + " never caught up"
                    : "caught up " + secs(pause.catchUpSeconds()) + " after resume")
                    + (pause.removed() ? "; pause removed" : "; PAUSE NOT REMOVED")));
        }
        if (cleanup != null) {
            kv.add(kv("Cleanup", cleanup.deleted() + " canary items deleted" + (cleanup.failed() > 0 ? ", " + cleanup.failed() + " failed (they expire by TTL)" : "")));
        }
        if (out.style().charts() && arrivals != null && arrivals.stream().filter(a -> a.lagMs() != null).count() > 1) {
            // each canary's lag in write order (a gap for one that never arrived): a pause or a lag build-up shows as a shape
            double[] lags = arrivals.stream().mapToDouble(a -> a.lagMs() == null ? Double.NaN : a.lagMs()).toArray();
            double maxLag = dev.ddbr.output.TerminalChart.max(lags);
            kv.add(kv("Lag per canary", dev.ddbr.output.TerminalChart.sparkline(lags, 60) + "  max " + ms(maxLag)));
        }
        if (out.style().charts() && load != null) {
            List<Double> p99 = new ArrayList<>();
            for (LoadPhase p : load.phases()) {
                if (p.intervals() != null) p.intervals().forEach(i -> p99.add(i.p99Ms()));
            }
            if (p99.size() > 1) {
                double[] v = p99.stream().mapToDouble(Double::doubleValue).toArray();
                kv.add(kv("Load p99 per second", dev.ddbr.output.TerminalChart.sparkline(v, 60) + "  max "
                        + f2(dev.ddbr.output.TerminalChart.max(v)) + " ms (phases end to end)"));
            }
        }
        out.keyValues(kv);
        out.blank();
        if (load != null) {
            out.line("Load (workload " + load.workload() + ", " + load.schedule() + "):");
            List<List<String>> lr = new ArrayList<>();
            for (LoadPhase p : load.phases()) {
                lr.add(row(p.phase(), p.region(), secs(p.seconds()), Long.toString(p.operations()),
                        String.format(Locale.ROOT, "%.1f", p.rate()),
                        p.latencyMs() == null ? "-" : f2(p.latencyMs().p50()), p.latencyMs() == null ? "-" : f2(p.latencyMs().p99()),
                        p.latencyMs() == null ? "-" : f2(p.latencyMs().max()),
                        Long.toString(p.errors().total()), Long.toString(p.throttles().total())));
            }
            out.table(List.of("phase", "region", "lasted", "ops", "ops/s", "p50 ms", "p99 ms", "max ms", "errors", "throttles"), lr);
            out.blank();
        }
        List<List<String>> rows = new ArrayList<>();
        for (Event e : timeline) rows.add(row(String.format(Locale.ROOT, "+%.3fs", e.atMs() / 1000.0), e.event()));
        out.table(List.of("at", "event"), rows);
        out.blank();
        if (passed()) {
            out.verdict(Style.Tone.GOOD, "PASSED: " + to + " took over within the objectives");
        } else {
            out.verdict(Style.Tone.BAD, "FAILED: " + String.join("; ", reasons));
        }
    }

    static String f2(double v) { return String.format(Locale.ROOT, "%.2f", v); }

    static String ms(double ms) {
        return ms < 1000 ? String.format(Locale.ROOT, "%.0fms", ms) : String.format(Locale.ROOT, "%.2fs", ms / 1000);
    }

    static String secs(Double s) {
        return s == null ? "-" : Durations.formatPrecise(Duration.ofNanos((long) (s * 1e9)));
    }
}
