package dev.ddbr.report;

import dev.ddbr.capacity.Advice;
import dev.ddbr.capacity.CapacityReport;
import dev.ddbr.capacity.CapacityReport.Entry;
import dev.ddbr.capacity.CapacityReport.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report of {@code capacity advise}: per table and GSI, reads and writes over the analysed days, hourly peaks
 * of consumption against today's provisioned capacity and the simulated auto-scaling capacity; then the advice.
 */
final class CapacityPage {
    /** At most this many points per curve (63 days of hours is 1,512). */
    private static final int MAX_POINTS = 1_600;

    private CapacityPage() {}

    static String render(CapacityReport r, Map<String, Advice.Series> series, ReportMeta meta) {
        Page p = new Page("Capacity advice (" + r.region() + ")", meta);
        long changes = r.tables().stream().filter(e -> e.recommended().change()).count();
        p.verdict(changes == 0 ? Page.Tone.OK : Page.Tone.WARN, changes == 0
                ? "No change recommended for " + r.tables().size() + " table(s)/index(es)"
                : changes + " of " + r.tables().size() + " table(s)/index(es): a change is recommended");
        for (Entry e : r.tables()) {
            if (e.recommended().change()) p.verdictLine(e.label() + ": " + e.recommended().action() + " ("
                    + String.join("; ", e.recommended().reasons()) + ")");
        }
        for (Entry e : r.tables()) {
            Advice.Series s = series.get(e.label());
            if (s == null) continue;
            chart(p, e, "read", s.readConsumption(), s.readSimulated(), e.current().read());
            chart(p, e, "write", s.writeConsumption(), s.writeSimulated(), e.current().write());
        }
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : r.tables()) {
            rows.add(List.of(e.label(), e.current().mode(), e.recommended().mode(), e.recommended().action(),
                    num(e.usage().read().peak()), num(e.usage().write().peak()),
                    usd(e.monthlyCost().current()), usd(e.monthlyCost().onDemand()), usd(e.monthlyCost().provisionedAutoScaling()),
                    e.dataQuality().confidence(), String.join("; ", e.recommended().reasons())));
        }
        p.table("Advice per table and GSI (costs in USD per month)", List.of("table/index", "today", "recommended", "action",
                "peak reads/s", "peak writes/s", "cost today", "on-demand", "provisioned + auto scaling", "confidence", "why"),
                rows, new boolean[] {false, false, false, false, true, true, true, true, true, false, false});
        return p.render();
    }

    private static void chart(Page p, Entry e, String what, double[] used, double[] sim, Settings today) {
        int n = Math.min(MAX_POINTS, Math.max(used.length, sim.length));
        if (n == 0) {
            p.note(e.label() + " " + what + "s: no consumption in the analysed window (a table younger than its first minute of "
                    + "data, or no CloudWatch data), so no chart");
            return;
        }
        double[] x = new double[n];
        double[] u = new double[n];
        double[] s = new double[n];
        double peak = 0;
        double simPeak = 0;
        for (int i = 0; i < n; i++) {
            x[i] = i / 24.0;
            u[i] = i < used.length && !Double.isNaN(used[i]) ? used[i] : 0;
            s[i] = i < sim.length && !Double.isNaN(sim[i]) ? sim[i] : 0;
            peak = Math.max(peak, u[i]);
            simPeak = Math.max(simPeak, s[i]);
        }
        List<Charts.Curve> curves = new ArrayList<>();
        curves.add(new Charts.Curve("consumed (hourly peak)", x, u, Charts.BLUE, false, false));
        curves.add(new Charts.Curve("simulated auto scaling", x, s, Charts.GREEN, false, true));
        Integer prov = today == null ? null : today.capacity();
        if (prov != null && n > 0) {
            curves.add(new Charts.Curve("provisioned today", new double[] {0, x[n - 1]}, new double[] {prov, prov},
                    Charts.RED, true, false));
        }
        String finding = e.label() + " " + what + "s: peak " + num(peak) + " units/s"
                + (prov == null ? " on on-demand" : " against " + num(prov) + " provisioned ("
                + (peak > prov ? "above it: throttling" : percent(peak / Math.max(1, prov)) + " of it") + ")")
                + "; simulated auto scaling peaks at " + num(simPeak);
        List<List<String>> rows = new ArrayList<>();
        for (int day = 0; day * 24 < n; day++) {
            double du = 0;
            double ds = 0;
            for (int i = day * 24; i < Math.min(n, day * 24 + 24); i++) {
                du = Math.max(du, u[i]);
                ds = Math.max(ds, s[i]);
            }
            rows.add(List.of(String.valueOf(day + 1), num(du), num(ds), prov == null ? "" : num(prov)));
        }
        p.chart(finding, Charts.lines(finding, "days since the start of the analysed window",
                        what + " capacity units per second", curves, null),
                List.of("day", "consumed (peak)", "simulated (peak)", "provisioned today"), rows,
                new boolean[] {true, true, true, true});
    }

    private static String num(double d) { return String.format(Locale.ROOT, "%,.0f", d); }

    private static String usd(double d) { return String.format(Locale.ROOT, "%,.2f", d); }

    private static String percent(double d) { return String.format(Locale.ROOT, "%.0f%%", d * 100); }

}
