package dev.ddbr.report;

import dev.ddbr.load.LoadReport;
import dev.ddbr.load.LoadReport.OpReport;
import dev.ddbr.load.Slo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report of {@code load run} and {@code load merge}: offered vs achieved rate, the latency percentiles per
 * operation, throttles by reason, and from the per-second series (when the report has one) the offered vs achieved
 * rate and p50/p99/max latency over time; then the SLO gates and every figure per operation.
 */
final class LoadPage {
    private LoadPage() {}

    static String render(LoadReport r, ReportMeta meta) {
        Page p = new Page("Load test: " + r.table() + (r.workload() == null ? "" : " (" + r.workload() + ")"), meta);
        boolean met = r.sloMet();
        boolean saturated = r.client() != null && r.client().saturated();
        p.verdict(!met ? Page.Tone.BAD : saturated || r.interrupted() ? Page.Tone.WARN : Page.Tone.OK,
                (met ? "SLO met" : "SLO breached") + ": " + num(r.achievedRate()) + " ops/s achieved of " + num(r.offeredRate())
                        + " offered" + (r.total() == null || r.total().latencyMs() == null ? ""
                        : ", p99 " + ms(r.total().latencyMs().p99()) + " ms"));
        for (Slo.Result s : r.slo()) p.verdictLine((s.met() ? "met: " : "BREACHED: ") + s.expr() + " (" + s.detail() + ")");
        if (saturated) p.verdictLine("the load did not run as scheduled: " + r.client().verdict() + ": " + r.client().detail());
        if (r.interrupted()) p.verdictLine("interrupted: the figures cover the first " + num(r.elapsedSeconds()) + " s");

        String rateFinding = r.achievedRate() >= r.offeredRate() * 0.99
                ? "The table took the offered " + num(r.offeredRate()) + " ops/s"
                : "Achieved " + num(r.achievedRate()) + " ops/s, " + pct(r.achievedRate() / Math.max(1e-9, r.offeredRate()))
                + " of the offered " + num(r.offeredRate());
        p.chart(rateFinding, Charts.bars(rateFinding, "rate", "operations per second",
                        List.of(new Charts.Bars("operations per second", List.of("offered", "achieved"),
                                List.of(r.offeredRate(), r.achievedRate()), Charts.BLUE)), List.of(), false),
                List.of("rate", "operations per second"), List.of(List.of("offered", num(r.offeredRate())),
                        List.of("achieved", num(r.achievedRate()))), new boolean[] {false, true});

        overTime(p, r);

        List<OpReport> ops = r.operations().stream().filter(o -> o.latencyMs() != null).toList();
        if (!ops.isEmpty()) {
            List<String> names = ops.stream().map(OpReport::name).toList();
            OpReport slowest = ops.stream().max((a, b) -> Double.compare(a.latencyMs().p99(), b.latencyMs().p99())).orElseThrow();
            String finding = "Latency percentiles per operation: the slowest p99 is " + slowest.name() + " at "
                    + ms(slowest.latencyMs().p99()) + " ms";
            List<Charts.Bars> series = List.of(
                    new Charts.Bars("p50", names, ops.stream().map(o -> o.latencyMs().p50()).toList(), Charts.GREEN),
                    new Charts.Bars("p90", names, ops.stream().map(o -> o.latencyMs().p90()).toList(), Charts.YELLOW),
                    new Charts.Bars("p99", names, ops.stream().map(o -> o.latencyMs().p99()).toList(), Charts.ORANGE),
                    new Charts.Bars("p99.9", names, ops.stream().map(o -> o.latencyMs().p999()).toList(), Charts.RED),
                    new Charts.Bars("max", names, ops.stream().map(o -> o.latencyMs().max()).toList(), Charts.PURPLE));
            List<List<String>> rows = new ArrayList<>();
            for (OpReport o : ops) {
                var l = o.latencyMs();
                rows.add(List.of(o.name(), ms(l.p50()), ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max())));
            }
            p.chart(finding, Charts.bars(finding, "operation", "latency from the intended start, ms", series, List.of(), false),
                    List.of("operation", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"), rows,
                    new boolean[] {false, true, true, true, true, true});
        }

        Map<String, Long> byReason = new LinkedHashMap<>();
        if (r.total() != null && r.total().throttles() != null && r.total().throttles().byReason() != null) {
            byReason.putAll(r.total().throttles().byReason());
        }
        if (!byReason.isEmpty()) {
            long total = byReason.values().stream().mapToLong(Long::longValue).sum();
            String top = byReason.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
            String finding = total + " throttled attempt(s); the most: " + top;
            List<String> reasons = new ArrayList<>(byReason.keySet());
            List<Long> counts = reasons.stream().map(byReason::get).toList();
            List<List<String>> rows = new ArrayList<>();
            for (String k : reasons) rows.add(List.of(k, String.valueOf(byReason.get(k))));
            p.chart(finding, Charts.bars(finding, "reason", "throttled attempts",
                            List.of(new Charts.Bars("throttled attempts", reasons, counts, Charts.RED)), List.of(), false),
                    List.of("reason", "throttled attempts"), rows, new boolean[] {false, true});
        }

        List<List<String>> rows = new ArrayList<>();
        List<OpReport> all = new ArrayList<>(r.operations());
        if (r.total() != null) all.add(r.total());
        for (OpReport o : all) {
            var l = o.latencyMs();
            rows.add(List.of(o.name(), String.valueOf(o.count()), num(o.rate()), l == null ? "" : ms(l.p50()),
                    l == null ? "" : ms(l.p99()), l == null ? "" : ms(l.max()),
                    o.throttles() == null ? "0" : String.valueOf(o.throttles().total()),
                    o.errors() == null ? "0" : String.valueOf(o.errors().total()), String.valueOf(o.retries())));
        }
        p.table("Per operation", List.of("operation", "count", "ops/s", "p50 ms", "p99 ms", "max ms", "throttles", "errors",
                "retries"), rows, new boolean[] {false, true, true, true, true, true, true, true, true});
        p.table("Run", List.of("field", "value"), List.of(
                List.of("schedule", r.schedule() == null ? "" : r.schedule()),
                List.of("workers", String.valueOf(r.workers())),
                List.of("started", String.valueOf(r.startedAt())),
                List.of("duration s", num(r.durationSeconds())),
                List.of("elapsed s", num(r.elapsedSeconds())),
                List.of("scheduled", String.valueOf(r.scheduled())),
                List.of("completed", String.valueOf(r.completed())),
                List.of("not started", String.valueOf(r.notStarted()))), new boolean[] {false, false});
        return p.render();
    }

    private static String num(double d) { return String.format(Locale.ROOT, "%,.1f", d); }

    private static String ms(double d) { return String.format(Locale.ROOT, "%.2f", d); }

    private static String pct(double d) { return String.format(Locale.ROOT, "%.1f%%", d * 100); }

    /** Offered vs achieved rate and p50/p99/max latency per interval, from the report's series. */
    private static void overTime(Page p, LoadReport r) {
        List<dev.ddbr.load.LoadRunner.Interval> iv = r.intervals() == null ? List.of() : r.intervals();
        if (iv.size() < 2) return;
        double[] t = iv.stream().mapToDouble(dev.ddbr.load.LoadRunner.Interval::t).toArray();
        double[] offered = iv.stream().mapToDouble(x -> x.offeredRate() * Math.max(1, r.workers())).toArray();
        double[] achieved = iv.stream().mapToDouble(dev.ddbr.load.LoadRunner.Interval::rate).toArray();
        int behind = 0;
        for (int k = 0; k < t.length; k++) if (achieved[k] < offered[k] * 0.95) behind++;
        String rateFinding = behind == 0 ? "Achieved kept up with the offered rate in every interval"
                : "Achieved fell more than 5% behind the offered rate in " + behind + " of " + t.length + " intervals";
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < t.length; k++) rows.add(List.of(num(t[k]), num(offered[k]), num(achieved[k])));
        p.chart(rateFinding, Charts.lines(rateFinding, "seconds since the start", "operations per second", List.of(
                        new Charts.Curve("offered", t, offered, Charts.GREY, true, false),
                        new Charts.Curve("achieved", t, achieved, Charts.BLUE, false, false)), null),
                List.of("t (s)", "offered ops/s", "achieved ops/s"), rows, new boolean[] {true, true, true});
        double[] p50 = iv.stream().mapToDouble(dev.ddbr.load.LoadRunner.Interval::p50Ms).toArray();
        double[] p99 = iv.stream().mapToDouble(dev.ddbr.load.LoadRunner.Interval::p99Ms).toArray();
        double[] max = iv.stream().mapToDouble(dev.ddbr.load.LoadRunner.Interval::maxMs).toArray();
        int worst = 0;
        for (int k = 1; k < p99.length; k++) if (p99[k] > p99[worst]) worst = k;
        String latFinding = "Latency over time: the worst p99 is " + ms(p99[worst]) + " ms at " + num(t[worst]) + " s";
        List<List<String>> lrows = new ArrayList<>();
        for (int k = 0; k < t.length; k++) {
            var x = iv.get(k);
            lrows.add(List.of(num(t[k]), ms(p50[k]), ms(p99[k]), ms(max[k]), Long.toString(x.throttles()), Long.toString(x.errors())));
        }
        p.chart(latFinding, Charts.lines(latFinding, "seconds since the start", "latency from the intended start, ms", List.of(
                        new Charts.Curve("p50", t, p50, Charts.GREEN, false, false),
                        new Charts.Curve("p99", t, p99, Charts.ORANGE, false, false),
                        new Charts.Curve("max", t, max, Charts.PURPLE, true, false)), null),
                List.of("t (s)", "p50 ms", "p99 ms", "max ms", "throttles", "errors"), lrows, new boolean[] {true, true, true, true, true, true});
    }
}
