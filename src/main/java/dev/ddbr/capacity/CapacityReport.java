package dev.ddbr.capacity;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@code ddbr capacity advise}. JSON field names are a documented contract (docs/capacity.md).
 *
 * @param region             the Region
 * @param from               start of the window read
 * @param to                 end of the window read
 * @param getMetricDataCalls GetMetricData calls made
 * @param tables             one entry per table and per GSI, the table first
 * @param changeRecommended  some entry recommends a change (exit 1)
 * @param notes              plain words about the run as a whole (quotas that could not be read, prices' origin)
 */
public record CapacityReport(String region, Instant from, Instant to, int getMetricDataCalls, List<Entry> tables,
                             boolean changeRecommended, List<String> notes) implements TextRenderable {

    public CapacityReport(String region, Instant from, Instant to, int getMetricDataCalls, List<Entry> tables, boolean changeRecommended) {
        this(region, from, to, getMetricDataCalls, tables, changeRecommended, List.of());
    }

    public static final String PROVISIONED = "provisioned";
    public static final String ON_DEMAND = "on-demand";

    /**
     * @param name        table name
     * @param index       GSI name, null for the table itself
     * @param current     what runs today
     * @param recommended what should run
     * @param monthlyCost costs per month in USD of today's settings, of on-demand and of provisioned with the
     *                    recommended auto scaling as simulated, storage included in each
     * @param usage       consumption seen and throttling simulated
     * @param headroom    peak consumption against each ceiling
     * @param partitions  per-partition headroom from a skew report (--skew), null without one
     * @param failover    global tables, on the table's entry: for each Region lost in turn, what each surviving Region
     *                    must carry and can take ({@link dev.ddbr.failover.SurvivorCapacity}, shared with
     *                    {@code failover what-if}); null for a single-Region table and for GSIs
     * @param dataQuality missing data and confidence
     * @param basis       what the figures rest on
     */
    public record Entry(String name, String index, Current current, Recommended recommended, MonthlyCost monthlyCost,
                        Usage usage, List<Ceiling> headroom, PartitionHeadroom.Partitions partitions,
                        List<dev.ddbr.failover.SurvivorCapacity.Loss> failover, DataQuality dataQuality, Basis basis) {
        public String label() { return index == null ? name : name + "/" + index; }

        /** The same entry with {@code reasons} added and the failover losses set. */
        public Entry withFailover(List<dev.ddbr.failover.SurvivorCapacity.Loss> losses, List<String> moreReasons) {
            List<String> rs = new ArrayList<>(recommended.reasons());
            rs.addAll(moreReasons);
            Recommended r = new Recommended(recommended.mode(), recommended.action(), recommended.tableClass(), List.copyOf(rs),
                    recommended.read(), recommended.write());
            return new Entry(name, index, current, r, monthlyCost, usage, headroom, partitions, losses, dataQuality, basis);
        }
    }

    /** @param mode provisioned or on-demand; tableClass STANDARD or STANDARD_INFREQUENT_ACCESS */
    public record Current(String mode, String tableClass, Settings read, Settings write) {}

    /**
     * Capacity settings of one dimension.
     *
     * @param capacity    provisioned units (fixed capacity, or today's with auto scaling), null on on-demand
     * @param min         auto scaling minimum, null without auto scaling
     * @param max         auto scaling maximum
     * @param target      target utilisation as a share (0.70)
     */
    public record Settings(Integer capacity, Integer min, Integer max, Double target) {}

    /**
     * @param mode       provisioned or on-demand (the table's billing mode covers its GSIs)
     * @param action     keep, switch-to-on-demand, switch-to-provisioned, change-auto-scaling, change-table-class
     * @param tableClass the table class that costs least
     * @param reasons    why, in words with the figures
     * @param read       recommended auto scaling for reads (null when the mode is on-demand)
     * @param write      recommended auto scaling for writes
     */
    public record Recommended(String mode, String action, String tableClass, List<String> reasons, Settings read, Settings write) {
        public boolean change() { return !"keep".equals(action); }
    }

    /** USD per month (730 hours): throughput extrapolated from the window, plus storage. */
    public record MonthlyCost(double current, double onDemand, double provisionedAutoScaling, double storage,
                              double standardInfrequentAccess, String currency) {}

    /** @param read reads; write writes */
    public record Usage(DimUsage read, DimUsage write) {}

    /**
     * @param peak                      highest minute, units per second
     * @param average                   average over the analysed minutes, units per second
     * @param throttledMinutesCurrent   minutes today's provisioned settings would have throttled (simulated), null on on-demand
     * @param throttledMinutesSimulated minutes the recommended auto scaling would have throttled (simulated)
     */
    public record DimUsage(double peak, double average, Integer throttledMinutesCurrent, int throttledMinutesSimulated) {}

    /**
     * @param dimension read or write
     * @param kind      provisioned, auto-scaling-max, on-demand-max, warm-throughput, account-table-limit (DescribeLimits'
     *                  TableMaxRead/WriteCapacityUnits, else the 40,000 default quota: see the report's notes)
     * @param limit     units per second
     * @param peak      peak consumption, units per second
     * @param share     peak / limit
     */
    public record Ceiling(String dimension, String kind, double limit, double peak, double share) {}

    /**
     * @param confidence    high, medium or low
     * @param analysedFrom  where the analysis starts: the window start, or the table's creation when younger
     * @param analysedDays  days analysed
     * @param missing       metrics with UTC days without any data point
     * @param notes         plain words about the data
     */
    public record DataQuality(String confidence, Instant analysedFrom, double analysedDays, List<Missing> missing, List<String> notes) {}

    /** @param metric the CloudWatch metric; days the UTC dates (yyyy-mm-dd) with no data point */
    public record Missing(String metric, List<String> days) {}

    /**
     * @param days            days of data the figures rest on
     * @param resolution      "1 minute", or "5 minutes before ..., 1 minute after"
     * @param simulation      the auto scaling rules simulated
     * @param prices          the prices used (USD)
     * @param pricesSource    where they come from
     * @param pricesAsOf      their date
     */
    public record Basis(double days, String resolution, Simulation simulation, java.util.Map<String, Double> prices,
                        String pricesSource, String pricesAsOf) {}

    /** The simulated auto scaling rules. */
    public record Simulation(double target, int scaleOutMinutes, int scaleInMinutes, double scaleInHeadroom,
                             int freeDecreasesPerDay, String billing) {}

    @Override
    public void renderText(TextWriter out) { renderText(out, java.util.Map.of()); }

    /** Text, with a chart line per entry from {@code charts} (label to lines) when given. */
    public void renderText(TextWriter out, java.util.Map<String, List<String>> charts) {
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : tables) {
            rows.add(TextWriter.row(e.label(), e.current().mode(), e.recommended().mode(), usd(e.monthlyCost().current()),
                    usd(e.monthlyCost().onDemand()), usd(e.monthlyCost().provisionedAutoScaling()),
                    peak(e.usage()), throttled(e.usage()), e.dataQuality().confidence(), e.recommended().action()));
        }
        out.table(List.of("table", "mode", "advice", "$/mo now", "$/mo on-demand", "$/mo auto scaling", "peak r/w u/s",
                "throttled min", "confidence", "action"), rows);
        for (Entry e : tables) {
            boolean show = e.recommended().change() || !e.dataQuality().missing().isEmpty() || !e.dataQuality().notes().isEmpty()
                    || e.failover() != null;
            List<String> chart = charts.get(e.label());
            if (!show && chart == null) continue;
            out.blank();
            out.heading(e.label());
            if (chart != null) chart.forEach(l -> out.line("  " + l));
            for (String r : e.recommended().reasons()) out.line("  - " + r);
            for (String n : e.dataQuality().notes()) out.line("  ! " + n);
            if (e.failover() != null) {
                for (dev.ddbr.failover.SurvivorCapacity.Loss l : e.failover()) {
                    for (dev.ddbr.failover.WhatIf.Survivor s : l.survivors()) {
                        out.line("  failover: " + l.lost() + " lost -> " + s.region() + " carries " + opt(s.loadRead()) + "/" + opt(s.loadWrite())
                                + " u/s, can take " + opt(s.ceilingRead()) + "/" + opt(s.ceilingWrite()) + (s.overloaded() ? "  OVERLOADED" : "  ok")
                                + (s.note() == null || s.note().isEmpty() ? "" : " (" + s.note() + ")"));
                    }
                }
            }
            for (Missing m : e.dataQuality().missing()) {
                out.line("  ! no data points for " + m.metric() + " on " + days(m.days()));
            }
        }
        if (!tables.isEmpty()) {
            Basis b = tables.get(0).basis();
            out.blank();
            out.line(out.style().dim("basis: " + b.resolution() + "; auto scaling at " + pct(b.simulation().target())
                    + " target, scale-out after " + b.simulation().scaleOutMinutes() + " min, scale-in after "
                    + b.simulation().scaleInMinutes() + " min at " + pct(b.simulation().scaleInHeadroom()) + " below, "
                    + b.simulation().freeDecreasesPerDay() + " decreases a day then 1 an hour; prices: " + b.pricesSource()
                    + "; " + getMetricDataCalls + " GetMetricData call(s)"));
        }
        for (String n : notes) out.line(out.style().dim("note: " + n));
        out.blank();
        long changes = tables.stream().filter(e -> e.recommended().change()).count();
        if (tables.isEmpty()) out.verdict(Style.Tone.NEUTRAL, "no tables to advise on");
        else if (changes == 0) out.verdict(Style.Tone.GOOD, "every table runs the capacity it should (" + tables.size() + " checked)");
        else out.verdict(Style.Tone.WARN, changes + " of " + tables.size() + " table(s)/index(es): a change is recommended");
    }

    private static String days(List<String> d) {
        if (d.size() <= 4) return String.join(", ", d);
        return d.get(0) + " .. " + d.get(d.size() - 1) + " (" + d.size() + " days)";
    }

    static String usd(double d) { return String.format(Locale.ROOT, "%.2f", d); }

    private static String opt(Double d) { return d == null ? "?" : num(d); }

    static String pct(double d) { return String.format(Locale.ROOT, "%.0f%%", d * 100); }

    private static String peak(Usage u) {
        return String.format(Locale.ROOT, "%s/%s", num(u.read().peak()), num(u.write().peak()));
    }

    private static String throttled(Usage u) {
        return (u.read().throttledMinutesSimulated() + u.write().throttledMinutesSimulated()) + "";
    }

    static String num(double d) {
        if (d == Math.rint(d)) return String.valueOf((long) d);
        return String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.1f", d);
    }
}
