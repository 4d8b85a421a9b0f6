package dev.ddbr.report;

import dev.ddbr.failover.DrillReport;
import dev.ddbr.failover.Metrics;
import dev.ddbr.failover.ReadinessReport;
import dev.ddbr.failover.ReadinessReport.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The HTML reports of {@code failover check} (the verdict and the parts it rests on, the unavailable ones marked)
 * and {@code failover drill} (each canary's write and arrival, the lag against the RPO, the pause window, the
 * switch and the probe, the load around the switch).
 */
final class FailoverPage {
    private FailoverPage() {}

    static final String UNAVAILABLE = "UNAVAILABLE";

    // --- failover check -------------------------------------------------------------------------------

    static String render(ReadinessReport r, ReportMeta meta) {
        Page p = new Page("Failover readiness: " + r.table() + " (" + String.join(", ", r.regions()) + ")", meta);
        Page.Tone tone = ReadinessReport.READY.equals(r.verdict()) ? Page.Tone.OK
                : ReadinessReport.AT_RISK.equals(r.verdict()) ? Page.Tone.WARN : Page.Tone.BAD;
        p.verdict(tone, r.verdict() + (r.reasons().isEmpty() ? ": every part checked is ready"
                : ": " + r.reasons().size() + " reason(s)" + (r.unavailable().isEmpty() ? "" : ", " + r.unavailable().size()
                        + " part(s) unavailable (never counted as good)")));
        for (ReadinessReport.Reason x : r.reasons()) {
            p.verdictLine(x.severity() + (x.region() == null ? "" : " " + x.region()) + ": " + x.text());
        }
        List<Replica> read = r.replicas().stream().filter(x -> x.error() == null).toList();
        if (!read.isEmpty()) {
            capacity(p, read, "read", Replica::neededRead, Replica::ceilingRead);
            capacity(p, read, "write", Replica::neededWrite, Replica::ceilingWrite);
        }
        List<Metrics.Replication> lag = r.replication() == null ? List.of()
                : r.replication().stream().filter(x -> x.unavailable() == null && x.p99Ms() != null).toList();
        if (!lag.isEmpty()) {
            Integer rpo = r.rpo() == null ? null : r.rpo().objectiveSeconds();
            List<String> pairs = lag.stream().map(x -> x.from() + " \u2192 " + x.to()).toList();
            List<Double> p99 = lag.stream().map(x -> x.p99Ms() / 1000.0).toList();
            List<Double> max = lag.stream().map(x -> x.maxMs() == null ? 0 : x.maxMs() / 1000.0).toList();
            double worst = max.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            String finding = "Replication lag: the worst is " + secs(worst) + (rpo == null ? "" : worst <= rpo
                    ? ", within the RPO of " + rpo + "s" : ", over the RPO of " + rpo + "s");
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) rows.add(List.of(pairs.get(i), secs(p99.get(i)), secs(max.get(i))));
            p.chart(finding, Charts.bars(finding, "from \u2192 to", "replication latency, seconds",
                            List.of(new Charts.Bars("p99", pairs, p99, Charts.BLUE), new Charts.Bars("max", pairs, max, Charts.ORANGE)),
                            rpo == null ? List.of() : List.of(new Charts.Line("RPO " + rpo + "s", rpo, Charts.RED)), false),
                    List.of("from \u2192 to", "p99", "max"), rows, new boolean[] {false, true, true});
        }
        // the parts, each marked
        List<List<String>> rows = new ArrayList<>();
        for (Replica x : r.replicas()) {
            if (x.error() != null) {
                rows.add(List.of(x.region(), UNAVAILABLE, "", "", "", "", "", "", "", x.error()));
                continue;
            }
            rows.add(List.of(x.region(), nn(x.tableStatus()) + (x.replicaStatus() == null ? "" : " / " + x.replicaStatus()),
                    nn(x.billingMode()), num(x.peakRead()) + " / " + num(x.peakWrite()), num(x.neededRead()) + " / " + num(x.neededWrite()),
                    num(x.ceilingRead()) + " / " + num(x.ceilingWrite()), nn(x.pitr()), nn(x.ttl()),
                    nn(x.keyType()) + (x.keyState() == null ? "" : " " + x.keyState()), ""));
        }
        p.table("Replicas", List.of("Region", "status", "billing", "peak r/w", "needed r/w", "ceiling r/w", "PITR", "TTL", "KMS key",
                "unavailable"), rows, null);
        if (r.replication() != null && !r.replication().isEmpty()) {
            List<List<String>> rr = new ArrayList<>();
            for (Metrics.Replication x : r.replication()) {
                rr.add(List.of(x.from(), x.to(), x.unavailable() != null ? UNAVAILABLE : x.p99Ms() == null ? "no data" : ms(x.p99Ms()),
                        x.maxMs() == null ? "" : ms(x.maxMs()), x.pendingMax() == null ? "" : num(x.pendingMax()), nn(x.unavailable())));
            }
            p.table("Replication (over the window of " + r.windowSeconds() + "s)", List.of("from", "to", "p99", "max",
                    "pending max", "unavailable"), rr, null);
        }
        List<List<String>> est = new ArrayList<>();
        if (r.rpo() != null) est.add(estimate("RPO", r.rpo()));
        if (r.rto() != null) est.add(estimate("RTO", r.rto()));
        if (!est.isEmpty()) p.table("Estimates against the objectives", List.of("", "estimate", "objective", "basis"), est, null);
        if (!r.unavailable().isEmpty()) {
            List<List<String>> un = new ArrayList<>();
            for (ReadinessReport.Unavailable u : r.unavailable()) un.add(List.of(u.part(), nn(u.region()), nn(u.api()), nn(u.reason())));
            p.table("Unavailable parts (never counted as good)", List.of("part", "Region", "API", "why"), un, null);
        }
        if (r.route53() != null) {
            var q = r.route53();
            List<List<String>> rt = new ArrayList<>();
            if (q.error() != null) rt.add(List.of(UNAVAILABLE, "", "", "", q.error()));
            if (q.records() != null) {
                for (var d : q.records()) {
                    rt.add(List.of(d.name() + " " + d.type(), nn(d.setIdentifier()), nn(d.failover()),
                            d.ttl() == null ? "" : d.ttl() + "s", nn(d.healthCheckId())));
                }
            }
            p.table("Route 53" + (q.recordName() == null ? "" : ": " + q.recordName()), List.of("record", "set", "failover", "TTL",
                    "health check"), rt, null);
        }
        return p.render();
    }

    private static List<String> estimate(String what, ReadinessReport.Estimate e) {
        return List.of(what, e.seconds() == null ? "unknown" : secs(e.seconds()),
                e.objectiveSeconds() == null ? "none" : e.objectiveSeconds() + "s", nn(e.basis()));
    }

    private static void capacity(Page p, List<Replica> rs, String what, Function<Replica, Double> needed,
                                 Function<Replica, Double> ceiling) {
        List<String> regions = rs.stream().map(Replica::region).toList();
        List<Double> n = rs.stream().map(x -> nz(needed.apply(x))).toList();
        List<Double> c = rs.stream().map(x -> nz(ceiling.apply(x))).toList();
        long short_ = 0;
        for (int i = 0; i < rs.size(); i++) if (ceiling.apply(rs.get(i)) != null && n.get(i) > c.get(i)) short_++;
        String finding = short_ == 0 ? "Every Region can take the " + what + " peak of another on top of its own"
                : short_ + " Region(s) could not take the " + what + " peak of another on top of their own";
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) rows.add(List.of(regions.get(i), num(needed.apply(rs.get(i))), num(ceiling.apply(rs.get(i)))));
        p.chart(finding, Charts.bars(finding, "Region", what + " capacity units per second",
                        List.of(new Charts.Bars("needed after a failover", regions, n, Charts.BLUE),
                                new Charts.Bars("ceiling", regions, c, Charts.RED)), List.of(), false),
                List.of("Region", "needed", "ceiling"), rows, new boolean[] {false, true, true});
    }

    // --- failover drill -------------------------------------------------------------------------------

    static String render(DrillReport r, ReportMeta meta) {
        Page p = new Page("Failover drill: " + r.table() + " " + r.from() + " \u2192 " + r.to(), meta);
        p.verdict(r.passed() ? Page.Tone.OK : Page.Tone.BAD, r.verdict() + (r.rpo() == null ? "" : ": RPO " + rpoText(r.rpo()))
                + (r.rto() == null ? "" : "; RTO " + (r.rto().estimateSeconds() == null ? "unknown (the probe never succeeded)"
                        : secs(r.rto().estimateSeconds()) + (r.rto().objectiveSeconds() == null ? "" : " against " + r.rto().objectiveSeconds() + "s"))));
        r.reasons().forEach(p::verdictLine);
        long[] pause = pauseWindow(r);
        List<DrillReport.Arrival> arrivals = r.arrivals() == null ? List.of() : r.arrivals();
        if (!arrivals.isEmpty()) lagChart(p, r, arrivals, pause);
        if (r.load() != null && !r.load().phases().isEmpty()) {
            loadChart(p, r.load());
            perSecond(p, r);
        }

        List<List<String>> kv = new ArrayList<>();
        kv.add(List.of("run", r.runId()));
        kv.add(List.of("started / finished", time(r.startedAt()) + " / " + time(r.finishedAt())));
        if (r.canaries() != null) kv.add(List.of("canaries", r.canaries().written() + " written, " + r.canaries().seen() + " seen, "
                + r.canaries().missing() + " missing"));
        if (r.lag() != null) kv.add(List.of("lag", "p50 " + ms(r.lag().p50Ms()) + ", p99 " + ms(r.lag().p99Ms()) + ", max "
                + ms(r.lag().maxMs()) + " (" + r.lag().samples() + " samples)"));
        if (r.rpo() != null) kv.add(List.of("RPO", rpoText(r.rpo())));
        if (r.probe() != null) kv.add(List.of("probe of " + r.to(), r.probe().healthy() ? "healthy after "
                + secs(r.probe().switchSeconds()) + " (" + r.probe().attempts() + " attempt(s))" : "never healthy: " + nn(r.probe().lastError())));
        if (r.rto() != null) kv.add(List.of("RTO", (r.rto().estimateSeconds() == null ? "unknown" : secs(r.rto().estimateSeconds()))
                + " = probe + application switch " + r.rto().appSwitchSeconds() + "s" + (r.rto().objectiveSeconds() == null ? ""
                : "; objective " + r.rto().objectiveSeconds() + "s" + (r.rto().breached() ? " (BREACHED)" : ""))));
        if (r.pause() != null) {
            var q = r.pause();
            kv.add(List.of("pause", q.method() + " " + nn(q.reference()) + ", " + secs(q.requestedSeconds()) + "; " + q.visibleDuringPause()
                    + " of " + q.canaries() + " pause canaries arrived while paused (" + q.visibleWithinWindow() + " within the first "
                    + q.propagationWindowSeconds() + "s, " + q.visibleAfterWindow() + " after); caught up "
                    + (q.catchUpSeconds() == null ? "never (" + q.missingAfterResume() + " missing)" : secs(q.catchUpSeconds()) + " after resume")
                    + (q.removed() ? "; pause removed" : "; pause NOT removed")));
        }
        if (r.cleanup() != null) kv.add(List.of("cleanup", r.cleanup().deleted() + " canaries deleted, " + r.cleanup().failed() + " failed"));
        p.table("Drill", List.of("what", "value"), kv, null);
        if (!r.timeline().isEmpty()) {
            List<List<String>> ev = new ArrayList<>();
            for (DrillReport.Event e : r.timeline()) ev.add(List.of(secs(e.atMs() / 1000.0), e.event()));
            p.table("Timeline (seconds since the drill started)", List.of("at", "event"), ev, new boolean[] {true, false});
        }
        if (r.load() != null && !r.load().phases().isEmpty()) {
            List<List<String>> lr = new ArrayList<>();
            for (DrillReport.LoadPhase ph : r.load().phases()) {
                lr.add(List.of(ph.phase(), ph.region(), secs(ph.seconds()), Long.toString(ph.operations()),
                        String.format(Locale.ROOT, "%.1f", ph.rate()), ph.latencyMs() == null ? "" : ms(ph.latencyMs().p50()),
                        ph.latencyMs() == null ? "" : ms(ph.latencyMs().p99()), ph.latencyMs() == null ? "" : ms(ph.latencyMs().max()),
                        Long.toString(ph.errors().total()), Long.toString(ph.throttles().total())));
            }
            p.table("Load " + r.load().workload() + " (" + r.load().schedule() + ")", List.of("phase", "Region", "seconds", "operations",
                    "ops/s", "p50", "p99", "max", "errors", "throttles"), lr, new boolean[] {false, false, true, true, true, true, true, true, true, true});
        }
        if (!arrivals.isEmpty()) {
            List<List<String>> ar = new ArrayList<>();
            for (DrillReport.Arrival a : arrivals) {
                ar.add(List.of(a.canary(), a.phase(), secs(a.writtenAtMs() / 1000.0), a.seenAtMs() == null ? "never" : secs(a.seenAtMs() / 1000.0),
                        a.lagMs() == null ? "" : ms(a.lagMs())));
            }
            p.table("Canaries (seconds since the drill started)", List.of("canary", "phase", "written", "seen in " + r.to(), "lag"), ar,
                    new boolean[] {false, false, true, true, true});
        }
        return p.render();
    }

    private static void lagChart(Page p, DrillReport r, List<DrillReport.Arrival> arrivals, long[] pause) {
        List<Charts.Curve> curves = new ArrayList<>();
        double xMax = 0;
        double yMax = 0;
        for (String phase : List.of("baseline", "pause")) {
            List<DrillReport.Arrival> seen = arrivals.stream().filter(a -> phase.equals(a.phase()) && a.lagMs() != null).toList();
            if (seen.isEmpty()) continue;
            double[] x = seen.stream().mapToDouble(a -> a.writtenAtMs() / 1000.0).toArray();
            double[] y = seen.stream().mapToDouble(a -> a.lagMs() / 1000.0).toArray();
            for (double v : x) xMax = Math.max(xMax, v);
            for (double v : y) yMax = Math.max(yMax, v);
            curves.add(new Charts.Curve("baseline".equals(phase) ? "lag of the RPO canaries" : "lag of the canaries written in the pause",
                    x, y, "baseline".equals(phase) ? Charts.BLUE : Charts.ORANGE, false, false));
        }
        if (curves.isEmpty()) return;
        Integer rpo = r.rpo() == null ? null : r.rpo().objectiveSeconds();
        if (rpo != null) {
            curves.add(new Charts.Curve("RPO " + rpo + "s", new double[] {0, xMax}, new double[] {rpo, rpo}, Charts.RED, true, false));
            yMax = Math.max(yMax, rpo);
        }
        if (pause != null) {
            double a = pause[0] / 1000.0;
            double b = pause[1] / 1000.0;
            // the pause window as a box from the x axis to the top
            curves.add(new Charts.Curve("replication paused", new double[] {a, a, b, b}, new double[] {0, yMax * 1.05, yMax * 1.05, 0},
                    Charts.GREY, true, false));
        }
        long missing = arrivals.stream().filter(a -> a.lagMs() == null).count();
        double worst = arrivals.stream().filter(a -> "baseline".equals(a.phase()) && a.lagMs() != null).mapToDouble(a -> a.lagMs() / 1000.0)
                .max().orElse(Double.NaN);
        // the drill's own figure (the same lags, before rounding to milliseconds)
        if (r.rpo() != null && r.rpo().measuredSeconds() != null) worst = r.rpo().measuredSeconds();
        String finding = (Double.isNaN(worst) ? "No RPO canary reached " + r.to() : "Measured RPO " + secs(worst)
                + (rpo == null ? "" : worst <= rpo ? ", within the target of " + rpo + "s" : ", over the target of " + rpo + "s"))
                + (missing == 0 ? "" : "; " + missing + " canar" + (missing == 1 ? "y" : "ies") + " never arrived");
        List<List<String>> rows = new ArrayList<>();
        for (DrillReport.Arrival a : arrivals) {
            rows.add(List.of(a.canary(), a.phase(), secs(a.writtenAtMs() / 1000.0), a.lagMs() == null ? "never arrived" : secs(a.lagMs() / 1000.0)));
        }
        p.chart(finding, Charts.lines(finding, "canary written at, seconds since the drill started", "lag until seen in " + r.to()
                + ", seconds", curves, null), List.of("canary", "phase", "written at (s)", "lag (s)"), rows, new boolean[] {false, false, true, true});
    }

    private static void loadChart(Page p, DrillReport.Load load) {
        List<String> phases = load.phases().stream().map(ph -> ph.phase() + " (" + ph.region() + ")").toList();
        List<Double> p50 = load.phases().stream().map(ph -> ph.latencyMs() == null ? 0 : ph.latencyMs().p50()).toList();
        List<Double> p99 = load.phases().stream().map(ph -> ph.latencyMs() == null ? 0 : ph.latencyMs().p99()).toList();
        List<Double> max = load.phases().stream().map(ph -> ph.latencyMs() == null ? 0 : ph.latencyMs().max()).toList();
        int worst = 0;
        for (int i = 1; i < p99.size(); i++) if (p99.get(i) > p99.get(worst)) worst = i;
        long errors = load.phases().stream().mapToLong(ph -> ph.errors().total() + ph.throttles().total()).sum();
        String finding = "Load around the switch: the highest p99 is " + ms(p99.get(worst)) + " in the phase " + phases.get(worst)
                + "; " + errors + " error(s) and throttle(s) in all";
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            var ph = load.phases().get(i);
            rows.add(List.of(phases.get(i), ms(p50.get(i)), ms(p99.get(i)), ms(max.get(i)), Long.toString(ph.errors().total()),
                    Long.toString(ph.throttles().total())));
        }
        p.chart(finding, Charts.bars(finding, "load phase", "latency, milliseconds",
                        List.of(new Charts.Bars("p50", phases, p50, Charts.GREEN), new Charts.Bars("p99", phases, p99, Charts.BLUE),
                                new Charts.Bars("max", phases, max, Charts.ORANGE)), List.of(), false),
                List.of("phase", "p50", "p99", "max", "errors", "throttles"), rows, new boolean[] {false, true, true, true, true, true});
    }

    /**
     * The load second by second across the phases (laid end to end: before, during, after), p99 and max latency with
     * the errors and throttles, the switch marked.
     */
    private static void perSecond(Page p, DrillReport r) {
        List<Double> xs = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> max = new ArrayList<>();
        List<Double> bad = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        double offset = 0;
        Double switchAt = null;
        for (DrillReport.LoadPhase ph : r.load().phases()) {
            if (!"before".equals(ph.phase()) && switchAt == null) switchAt = offset;
            for (dev.ddbr.load.LoadRunner.Interval i : ph.intervals() == null ? List.<dev.ddbr.load.LoadRunner.Interval>of() : ph.intervals()) {
                double x = offset + i.t();
                xs.add(x);
                p99.add(i.p99Ms());
                max.add(i.maxMs());
                bad.add((double) (i.errors() + i.throttles()));
                rows.add(List.of(String.format(Locale.ROOT, "%.1f", x), ph.phase(), ms(i.p99Ms()), ms(i.maxMs()), Long.toString(i.errors()),
                        Long.toString(i.throttles())));
            }
            offset += ph.seconds();
        }
        if (xs.size() < 2) return;
        double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
        double top = max.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        List<Charts.Curve> curves = new ArrayList<>(List.of(
                new Charts.Curve("p99 ms", x, p99.stream().mapToDouble(Double::doubleValue).toArray(), Charts.BLUE, false, false),
                new Charts.Curve("max ms", x, max.stream().mapToDouble(Double::doubleValue).toArray(), Charts.ORANGE, true, false),
                new Charts.Curve("errors + throttles (count)", x, bad.stream().mapToDouble(Double::doubleValue).toArray(), Charts.RED, false, true)));
        if (switchAt != null) curves.add(new Charts.Curve("switch to " + r.to(), new double[] {switchAt, switchAt}, new double[] {0, top},
                Charts.GREY, true, false));
        int worst = 0;
        for (int k = 1; k < p99.size(); k++) if (p99.get(k) > p99.get(worst)) worst = k;
        long errors = Math.round(bad.stream().mapToDouble(Double::doubleValue).sum());
        String finding = "Per second around the switch: p99 peaks at " + ms(p99.get(worst)) + " at " + String.format(Locale.ROOT, "%.0f", x[worst])
                + " s" + (switchAt == null ? "" : " (the switch at " + String.format(Locale.ROOT, "%.0f", switchAt) + " s)") + "; "
                + errors + " error(s) and throttle(s)";
        p.chart(finding, Charts.lines(finding, "seconds since the load started (phases end to end)", "latency, ms; errors per second",
                curves, null), List.of("t (s)", "phase", "p99", "max", "errors", "throttles"), rows,
                new boolean[] {true, false, true, true, true, true});
    }

    /** The pause's start and end in milliseconds since the drill started, from the timeline; null without a pause. */
    static long[] pauseWindow(DrillReport r) {
        Long start = null;
        Long end = null;
        for (DrillReport.Event e : r.timeline()) {
            if (start == null && e.event().startsWith("replication into ") && e.event().contains(" paused")) start = e.atMs();
            if (start != null && end == null && e.event().startsWith("replication into ") && e.event().contains(" resumed")) end = e.atMs();
        }
        return start == null || end == null ? null : new long[] {start, end};
    }

    private static String rpoText(DrillReport.Rpo rpo) {
        return (rpo.measuredSeconds() == null ? "unknown" : secs(rpo.measuredSeconds()))
                + (rpo.objectiveSeconds() == null ? "" : " against " + rpo.objectiveSeconds() + "s") + (rpo.breached() ? " (BREACHED"
                + (rpo.detail() == null ? "" : ": " + rpo.detail()) + ")" : "");
    }

    private static double nz(Double d) { return d == null ? 0 : d; }

    private static String num(Double d) { return d == null ? "" : String.format(Locale.ROOT, "%,.0f", d); }

    private static String secs(double s) { return String.format(Locale.ROOT, "%.2fs", s); }

    private static String ms(double m) { return String.format(Locale.ROOT, "%.1f ms", m); }

    private static String time(java.time.Instant t) { return t == null ? "" : t.toString(); }

    private static String nn(String s) { return s == null ? "" : s; }
}
