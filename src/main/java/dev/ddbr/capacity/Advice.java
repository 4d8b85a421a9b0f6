package dev.ddbr.capacity;

import dev.ddbr.output.TerminalChart;
import dev.ddbr.capacity.CapacityReport.Basis;
import dev.ddbr.capacity.CapacityReport.Ceiling;
import dev.ddbr.capacity.CapacityReport.Current;
import dev.ddbr.capacity.CapacityReport.DataQuality;
import dev.ddbr.capacity.CapacityReport.DimUsage;
import dev.ddbr.capacity.CapacityReport.Entry;
import dev.ddbr.capacity.CapacityReport.Missing;
import dev.ddbr.capacity.CapacityReport.MonthlyCost;
import dev.ddbr.capacity.CapacityReport.Recommended;
import dev.ddbr.capacity.CapacityReport.Settings;
import dev.ddbr.capacity.CapacityReport.Simulation;
import dev.ddbr.capacity.CapacityReport.Usage;
import dev.ddbr.capacity.MetricHistory.Key;
import dev.ddbr.capacity.TableShape.Dim;
import dev.ddbr.capacity.TableShape.Part;
import dev.ddbr.profile.CapacitySettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The advice for one table and its GSIs from their consumption history: pure, no I/O.
 *
 * <ul>
 *   <li><b>on-demand</b> cost: every consumed unit at the on-demand price;</li>
 *   <li><b>provisioned with auto scaling</b>: the {@link Simulator} replays the history with the recommended
 *       settings (target from the profile, min = the 5th percentile of consumption / target, max = 1.5 x peak /
 *       target, at least 5); billed per clock hour at the highest capacity;</li>
 *   <li><b>current</b>: on-demand tables cost their on-demand figure; provisioned ones are simulated with today's
 *       auto scaling (min, max, target), or at today's fixed capacity without auto scaling;</li>
 *   <li>monthly: on-demand = units consumed x price x 730 h / hours analysed; provisioned = the billed
 *       unit-hours of the clock hours touched / their number x 730 x price; plus storage (size x price per GB-month);</li>
 *   <li>the billing mode covers the table and its GSIs, so the mode is decided on their sum: a change is
 *       recommended only when it saves at least {@code min_monthly_saving_usd} and {@code min_saving_share} of
 *       today's cost, or when today's settings throttle more than {@code max_throttled_minutes} (a risk);</li>
 *   <li>table class: Standard-IA when its storage saving outweighs its dearer throughput, by the same thresholds.</li>
 * </ul>
 */
public final class Advice {
    /**
     * The default per-table throughput quota of an account (DynamoDB service quotas), units per second: used when
     * DescribeLimits cannot be read.
     */
    public static final long ACCOUNT_TABLE_LIMIT = 40_000;

    /**
     * The account's per-table quotas in the Region (DescribeLimits' TableMaxReadCapacityUnits and
     * TableMaxWriteCapacityUnits), units per second.
     */
    public record TableLimits(long read, long write) {
        /** The default quotas, when DescribeLimits cannot be read. */
        public static final TableLimits DEFAULT = new TableLimits(ACCOUNT_TABLE_LIMIT, ACCOUNT_TABLE_LIMIT);

        /** From DescribeLimits' answer (nulls: the default). */
        public static TableLimits of(Long read, Long write) {
            return new TableLimits(read == null || read <= 0 ? ACCOUNT_TABLE_LIMIT : read, write == null || write <= 0 ? ACCOUNT_TABLE_LIMIT : write);
        }
    }
    /** Minutes of history below which no change is recommended for cost alone. */
    public static final int MIN_MINUTES_FOR_COST = 60;
    static final double GB = 1024.0 * 1024 * 1024;

    private Advice() {}

    /** The outcome for one table: its entries, and per entry label the chart lines (text on a terminal only). */
    public record Result(List<Entry> entries, Map<String, List<String>> charts, Map<String, Series> series) {}

    /**
     * One entry's consumption and simulated auto-scaling capacity, as hourly peaks from {@code from} (units per
     * second), for the HTML report's charts.
     */
    public record Series(Instant from, double[] readConsumption, double[] readSimulated, double[] writeConsumption,
                         double[] writeSimulated) {}

    /**
     * @param series        consumption per key over the window (NaN where CloudWatch had nothing)
     * @param windowStart   first minute of the window
     * @param oneMinuteFrom where 1-minute data starts (5-minute before it)
     */
    public static Result analyse(TableShape t, Map<Key, double[]> series, Instant windowStart, Instant oneMinuteFrom,
                                 CapacitySettings s, Prices prices, int chartWidth) {
        return analyse(t, series, windowStart, oneMinuteFrom, s, prices, TableLimits.DEFAULT, chartWidth);
    }

    /** With the account's per-table quotas (headroom, and the cap of the recommended auto scaling maximum). */
    public static Result analyse(TableShape t, Map<Key, double[]> series, Instant windowStart, Instant oneMinuteFrom,
                                 CapacitySettings s, Prices prices, TableLimits limits, int chartWidth) {
        int total = series.values().stream().findFirst().map(a -> a.length).orElse(0);
        // a table younger than the window is analysed from its creation
        int skip = 0;
        if (t.created() != null && t.created().isAfter(windowStart)) {
            skip = (int) Math.min(total, Duration.between(windowStart, t.created()).toMinutes() + 1);
        }
        Instant from = windowStart.plus(Duration.ofMinutes(skip));
        int minutes = total - skip;
        int startMinuteOfDay = (int) ((from.getEpochSecond() / 60) % 1440);
        double monthFactor = minutes == 0 ? 0 : Prices.HOURS_PER_MONTH * 60 / minutes;
        double days = minutes / 1440.0;
        String resolution = oneMinuteFrom.isAfter(from)
                ? "5 minutes before " + oneMinuteFrom.truncatedTo(ChronoUnit.MINUTES) + ", 1 minute after (CloudWatch keeps 1-minute data 15 days)"
                : "1 minute";
        Simulation sim = new Simulation(s.targetUtilization(), 2, 15, 0.20, 4, "per clock hour at the highest capacity");
        Basis basis = new Basis(round(days, 2), resolution, sim, prices.asMap(), prices.source(), prices.asOf());
        boolean ia = t.isIa();

        List<PartCalc> calcs = new ArrayList<>();
        for (Part p : t.parts()) {
            double[] r = slice(series.get(new Key(t.name(), p.index(), true)), skip, minutes);
            double[] w = slice(series.get(new Key(t.name(), p.index(), false)), skip, minutes);
            calcs.add(new PartCalc(p, dim(t, p.read(), r, true, ia, s, prices, limits.read(), startMinuteOfDay, monthFactor),
                    dim(t, p.write(), w, false, ia, s, prices, limits.write(), startMinuteOfDay, monthFactor),
                    quality(t, p, r, w, from, minutes)));
        }

        // the mode and the class are decided for the table and its GSIs together
        double cur = 0, od = 0, prov = 0, storageStd = 0, storageIa = 0, odIa = 0, provIa = 0, odStd = 0, provStd = 0;
        int curThrottled = 0, provThrottled = 0;
        for (PartCalc c : calcs) {
            double gb = c.part.sizeBytes() == null ? 0 : c.part.sizeBytes() / GB;
            storageStd += gb * prices.storage(false);
            storageIa += gb * prices.storage(true);
            cur += c.read.current + c.write.current;
            od += c.read.onDemand + c.write.onDemand;
            prov += c.read.prov + c.write.prov;
            odStd += c.read.onDemandStd + c.write.onDemandStd;
            odIa += c.read.onDemandIa + c.write.onDemandIa;
            provStd += c.read.provStd + c.write.provStd;
            provIa += c.read.provIa + c.write.provIa;
            curThrottled += nz(c.read.curThrottled) + nz(c.write.curThrottled);
            provThrottled += c.read.sim.throttledMinutes() + c.write.sim.throttledMinutes();
        }
        double storage = ia ? storageIa : storageStd;
        cur += storage;
        od += storage;
        prov += storage;

        String currentMode = t.provisioned() ? CapacityReport.PROVISIONED : CapacityReport.ON_DEMAND;
        String mode = currentMode;
        String action = "keep";
        List<String> reasons = new ArrayList<>();
        String scope = t.parts().size() > 1 ? " (table and " + (t.parts().size() - 1) + " GSI(s))" : "";
        boolean provRisky = provThrottled > s.maxThrottledMinutes();
        // cost advice needs some history: under an hour, a month extrapolated from it says nothing
        boolean enough = minutes >= MIN_MINUTES_FOR_COST;
        if (!enough) {
            reasons.add("only " + minutes + " minute(s) of history: no change is recommended for cost before "
                    + MIN_MINUTES_FOR_COST + " minutes (throttling risk still counts)");
        }
        String money = "on-demand $" + usd(od) + "/month, provisioned with auto scaling $" + usd(prov) + "/month, today $" + usd(cur) + "/month" + scope;
        if (!t.provisioned()) {
            double saving = od - prov;
            if (saving > 0 && enough && material(saving, cur, s) && !provRisky) {
                mode = CapacityReport.PROVISIONED;
                action = "switch-to-provisioned";
                reasons.add("provisioned with auto scaling saves $" + usd(saving) + "/month (" + pct(saving / cur) + "): " + money);
                reasons.add("simulated auto scaling would have throttled " + provThrottled + " minute(s)");
            } else if (saving > 0 && provRisky) {
                reasons.add("stay on-demand: provisioned would save $" + usd(saving) + "/month but simulated auto scaling throttles "
                        + provThrottled + " minute(s) (spikes faster than the 2-minute scale-out), above capacity.max_throttled_minutes "
                        + s.maxThrottledMinutes());
            } else if (saving > 0 && enough) {
                reasons.add("stay on-demand: provisioned would save only $" + usd(saving) + "/month, below the thresholds ($"
                        + usd(s.minMonthlySavingUsd()) + " and " + pct(s.minSavingShare()) + "); " + money);
            } else {
                reasons.add("on-demand costs least: " + money);
            }
        } else {
            boolean curRisky = curThrottled > s.maxThrottledMinutes();
            if (curRisky) {
                if (!provRisky && prov <= od) {
                    action = "change-auto-scaling";
                    reasons.add("today's capacity settings would have throttled " + curThrottled + " minute(s) over the window (simulated); "
                            + "the recommended auto scaling throttles " + provThrottled + " and costs $" + usd(prov) + "/month");
                } else {
                    mode = CapacityReport.ON_DEMAND;
                    action = "switch-to-on-demand";
                    reasons.add("today's capacity settings would have throttled " + curThrottled + " minute(s) and auto scaling "
                            + provThrottled + " (spikes faster than the 2-minute scale-out): on-demand absorbs them; " + money);
                }
            } else if (od < prov && enough && material(cur - od, cur, s)) {
                mode = CapacityReport.ON_DEMAND;
                action = "switch-to-on-demand";
                reasons.add("on-demand saves $" + usd(cur - od) + "/month (" + pct((cur - od) / cur) + "): " + money);
            } else if (prov < cur && enough && material(cur - prov, cur, s) && !provRisky) {
                action = "change-auto-scaling";
                reasons.add("the recommended auto scaling saves $" + usd(cur - prov) + "/month (" + pct((cur - prov) / cur) + "): " + money);
            } else if (!enough) {
                reasons.add(money);
            } else {
                reasons.add("today's settings are within the thresholds ($" + usd(s.minMonthlySavingUsd()) + " and "
                        + pct(s.minSavingShare()) + " of today's cost): " + money);
            }
        }
        // table class, with the recommended mode's throughput
        boolean odMode = CapacityReport.ON_DEMAND.equals(mode);
        double std = (odMode ? odStd : provStd) + storageStd;
        double inf = (odMode ? odIa : provIa) + storageIa;
        String tableClass = t.tableClass();
        if (!ia && std - inf > 0 && enough && material(std - inf, std, s)) {
            tableClass = "STANDARD_INFREQUENT_ACCESS";
            if ("keep".equals(action)) action = "change-table-class";
            reasons.add("Standard-IA saves $" + usd(std - inf) + "/month: storage is the larger cost (storage $" + usd(storageStd)
                    + "/month on Standard, $" + usd(storageIa) + " on Standard-IA)");
        } else if (ia && inf - std > 0 && enough && material(inf - std, inf, s)) {
            tableClass = "STANDARD";
            if ("keep".equals(action)) action = "change-table-class";
            reasons.add("Standard saves $" + usd(inf - std) + "/month: throughput is the larger cost");
        }

        List<Entry> entries = new ArrayList<>();
        Map<String, List<String>> charts = new LinkedHashMap<>();
        Map<String, Series> hourly = new LinkedHashMap<>();
        boolean first = true;
        for (PartCalc c : calcs) {
            Part p = c.part;
            Current current = new Current(currentMode, t.tableClass(), settings(p.read()), settings(p.write()));
            boolean provMode = CapacityReport.PROVISIONED.equals(mode);
            List<String> rs = first ? reasons : List.of("billing mode and table class follow the table " + t.name());
            Recommended rec = new Recommended(mode, action, tableClass, rs,
                    provMode ? c.read.recommended : null, provMode ? c.write.recommended : null);
            double gb = p.sizeBytes() == null ? 0 : p.sizeBytes() / GB;
            double st = gb * prices.storage(ia);
            MonthlyCost mc = new MonthlyCost(cents(c.read.current + c.write.current + st), cents(c.read.onDemand + c.write.onDemand + st),
                    cents(c.read.prov + c.write.prov + st), cents(st),
                    cents((odMode ? c.read.onDemandIa + c.write.onDemandIa : c.read.provIa + c.write.provIa) + gb * prices.storage(true)), "USD");
            Usage u = new Usage(c.read.usage, c.write.usage);
            List<Ceiling> head = new ArrayList<>();
            ceilings(t, p.read(), "read", c.read.usage.peak(), limits.read(), head);
            ceilings(t, p.write(), "write", c.write.usage.peak(), limits.write(), head);
            Entry e = new Entry(t.name(), p.index(), current, rec, mc, u, head, null, null, c.quality, basis);
            entries.add(e);
            if (chartWidth > 0) {
                charts.put(e.label(), List.of(
                        "reads   " + TerminalChart.sparkline(c.read.consumption, chartWidth) + "  peak " + CapacityReport.num(c.read.usage.peak()),
                        "  sim   " + TerminalChart.sparkline(toDouble(c.read.sim.capacity()), chartWidth, max(c.read.consumption, c.read.sim.capacity())),
                        "writes  " + TerminalChart.sparkline(c.write.consumption, chartWidth) + "  peak " + CapacityReport.num(c.write.usage.peak()),
                        "  sim   " + TerminalChart.sparkline(toDouble(c.write.sim.capacity()), chartWidth, max(c.write.consumption, c.write.sim.capacity()))));
            }
            hourly.put(e.label(), new Series(from, hourly(c.read.consumption), hourly(toDouble(c.read.sim.capacity())),
                    hourly(c.write.consumption), hourly(toDouble(c.write.sim.capacity()))));
            first = false;
        }
        return new Result(entries, charts, hourly);
    }

    // ------------------------------------------------------------------ per dimension

    private record PartCalc(Part part, DimCalc read, DimCalc write, DataQuality quality) {}

    private record DimCalc(double[] consumption, Simulator.Result sim, Settings recommended, DimUsage usage,
                           double current, double onDemand, double prov, double onDemandStd, double onDemandIa,
                           double provStd, double provIa, Integer curThrottled) {}

    private static DimCalc dim(TableShape t, Dim d, double[] c, boolean read, boolean ia, CapacitySettings s, Prices p,
                               long tableLimit, int startMinuteOfDay, double monthFactor) {
        double[] v = new double[c.length];
        double sum = 0, peak = 0;
        for (int i = 0; i < c.length; i++) {
            v[i] = Double.isNaN(c[i]) ? 0 : c[i];
            sum += v[i];
            peak = Math.max(peak, v[i]);
        }
        double target = s.targetUtilization();
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double p05 = sorted.length == 0 ? 0 : sorted[(int) Math.floor(0.05 * (sorted.length - 1))];
        int min = Math.max(1, Simulator.units(p05 / target));
        int max = (int) Math.min(tableLimit, Math.max(Math.max(5, min), Simulator.units(1.5 * peak / target)));
        Settings recommended = new Settings(null, min, max, target);
        Simulator.Result sim = Simulator.run(v, Simulator.Params.dynamodb(target, min, max, startMinuteOfDay));
        // units consumed over the window = per-second rate x 60 per minute
        double unitsMillions = sum * 60 / 1e6;
        double odStd = unitsMillions * p.onDemandPerMillion(read, false) * monthFactor;
        double odIa = unitsMillions * p.onDemandPerMillion(read, true) * monthFactor;
        double provStd = sim.unitsPerHour() * p.unitHour(read, false) * Prices.HOURS_PER_MONTH;
        double provIa = sim.unitsPerHour() * p.unitHour(read, true) * Prices.HOURS_PER_MONTH;
        double od = ia ? odIa : odStd;
        double prov = ia ? provIa : provStd;
        double current;
        Integer curThrottled = null;
        if (!t.provisioned()) {
            current = od;
        } else {
            Simulator.Result now;
            if (d.autoScaled()) {
                double tgt = d.asTarget() != null ? d.asTarget() : 0.70;
                tgt = Math.max(0.2, Math.min(0.9, tgt));
                now = Simulator.run(v, Simulator.Params.dynamodb(tgt, Math.max(1, d.asMin()), Math.max(Math.max(1, d.asMin()), d.asMax()), startMinuteOfDay));
            } else {
                int cap = d.provisioned() == null ? 1 : Math.max(1, d.provisioned());
                now = Simulator.run(v, Simulator.Params.fixed(cap, startMinuteOfDay));
            }
            current = now.unitsPerHour() * p.unitHour(read, ia) * Prices.HOURS_PER_MONTH;
            curThrottled = now.throttledMinutes();
        }
        DimUsage usage = new DimUsage(round(peak, 3), round(c.length == 0 ? 0 : sum / c.length, 3), curThrottled, sim.throttledMinutes());
        return new DimCalc(v, sim, recommended, usage, current, od, prov, odStd, odIa, provStd, provIa, curThrottled);
    }

    private static Settings settings(Dim d) {
        return new Settings(d.provisioned(), d.asMin(), d.asMax(), d.autoScaled() ? (d.asTarget() == null ? null : d.asTarget()) : null);
    }

    private static void ceilings(TableShape t, Dim d, String dim, double peak, long tableLimit, List<Ceiling> out) {
        if (t.provisioned()) {
            if (d.autoScaled()) out.add(ceiling(dim, "auto-scaling-max", d.asMax(), peak));
            else if (d.provisioned() != null) out.add(ceiling(dim, "provisioned", d.provisioned(), peak));
        }
        if (d.onDemandMax() != null) out.add(ceiling(dim, "on-demand-max", d.onDemandMax(), peak));
        if (d.warm() != null && d.warm() > 0) out.add(ceiling(dim, "warm-throughput", d.warm(), peak));
        out.add(ceiling(dim, "account-table-limit", tableLimit, peak));
    }

    private static Ceiling ceiling(String dim, String kind, double limit, double peak) {
        return new Ceiling(dim, kind, limit, round(peak, 3), limit <= 0 ? 0 : round(peak / limit, 4));
    }

    // ------------------------------------------------------------------ data quality

    private static DataQuality quality(TableShape t, Part p, double[] r, double[] w, Instant from, int minutes) {
        List<Missing> missing = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int days = (int) Math.ceil(minutes / 1440.0);
        boolean[] anyDay = new boolean[days];
        for (double[] a : List.of(r, w)) {
            List<String> empty = new ArrayList<>();
            boolean[] has = new boolean[days];
            for (int i = 0; i < a.length; i++) if (!Double.isNaN(a[i])) has[i / 1440] = true;
            for (int d = 0; d < days; d++) {
                anyDay[d] |= has[d];
                if (!has[d]) empty.add(LocalDate.ofInstant(from.plus(Duration.ofMinutes(d * 1440L)), ZoneOffset.UTC).toString());
            }
            if (!empty.isEmpty()) missing.add(new Missing(a == r ? "ConsumedReadCapacityUnits" : "ConsumedWriteCapacityUnits", empty));
        }
        int emptyDays = 0;
        for (boolean b : anyDay) if (!b) emptyDays++;
        double analysed = minutes / 1440.0;
        if (t.created() != null && !t.created().isBefore(from.minusSeconds(60))) {
            notes.add("created " + t.created().truncatedTo(ChronoUnit.SECONDS) + ", younger than the window: analysed over "
                    + round(analysed, 2) + " day(s)");
        }
        if (emptyDays > 0) {
            notes.add(emptyDays + " of " + days + " day(s) without any data point (the table idle, or metrics missing)");
        }
        String confidence;
        double emptyShare = days == 0 ? 1 : emptyDays / (double) days;
        if (analysed < 3 || emptyShare > 0.25) confidence = "low";
        else if (analysed < 7 || emptyShare > 0 || !missing.isEmpty()) confidence = "medium";
        else confidence = "high";
        if (!"high".equals(confidence)) notes.add("confidence " + confidence + ": " + (analysed < 7 ? "less than 7 days of history" : "days without data"));
        return new DataQuality(confidence, from, round(analysed, 2), missing, notes);
    }

    // ------------------------------------------------------------------ helpers

    private static boolean material(double saving, double base, CapacitySettings s) {
        return saving >= s.minMonthlySavingUsd() && (base <= 0 || saving / base >= s.minSavingShare());
    }

    private static double[] slice(double[] a, int skip, int n) {
        if (a == null) {
            double[] z = new double[n];
            Arrays.fill(z, Double.NaN);
            return z;
        }
        return Arrays.copyOfRange(a, skip, skip + n);
    }

    /** The peak of each hour (NaN for an hour with no data). */
    static double[] hourly(double[] perMinute) {
        double[] h = new double[(perMinute.length + 59) / 60];
        for (int i = 0; i < h.length; i++) {
            double m = Double.NaN;
            for (int j = i * 60; j < Math.min(perMinute.length, i * 60 + 60); j++) {
                if (!Double.isNaN(perMinute[j])) m = Double.isNaN(m) ? perMinute[j] : Math.max(m, perMinute[j]);
            }
            h[i] = m;
        }
        return h;
    }

    private static double[] toDouble(int[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    private static double max(double[] c, int[] cap) {
        double m = 0;
        for (double v : c) m = Math.max(m, v);
        for (int v : cap) m = Math.max(m, v);
        return m;
    }

    private static int nz(Integer i) { return i == null ? 0 : i; }

    static double cents(double d) { return Math.round(d * 100) / 100.0; }

    static double round(double d, int places) {
        double f = Math.pow(10, places);
        return Math.round(d * f) / f;
    }

    static String usd(double d) { return String.format(Locale.ROOT, "%.2f", d); }

    static String pct(double d) { return String.format(Locale.ROOT, "%.0f%%", d * 100); }
}
