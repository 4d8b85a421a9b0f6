package dev.ddbr.skew;

import dev.ddbr.output.Style;
import dev.ddbr.output.TextWriter;
import dev.ddbr.output.TerminalChart;
import dev.ddbr.skew.SkewReport.HotKeyLoad;
import dev.ddbr.skew.SkewReport.ThrottleEvents;
import dev.ddbr.skew.SkewReport.TopItem;
import dev.ddbr.skew.SkewReport.TopKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text form of a skew report: figures, a bar chart of the top keys, partitions, verdict and advice. */
final class SkewText {
    static final int BAR = 30;

    private SkewText() {}

    static void render(SkewReport r, TextWriter out) {
        out.heading("Partition-key skew of '" + r.table() + "' (" + r.source() + ": " + r.location() + ")");
        out.line("storage".equals(r.measured())
                ? "Measured: storage (how items spread over keys), not traffic; for traffic: ddbr skew insights " + r.table()
                : "Measured: traffic (requests per key, from Contributor Insights)");
        if (r.partial()) {
            out.line("PARTIAL: interrupted; the figures are of what was read:");
            for (var c : r.coverage()) {
                out.line(String.format(Locale.ROOT, "  %s: %s of %s %s read%s, %s %s counted", c.target(), Units.count(c.done()),
                        Units.count(c.total()), c.unit(), c.partly() > 0 ? " (" + Units.count(c.partly()) + " more in part)" : "",
                        Units.count(c.itemsRead()), r.measure()));
            }
        }
        if (r.readBudget() != null) {
            for (var b : r.readBudget()) {
                out.line(String.format(Locale.ROOT, "Read budget (%s): %s; %.1f RCU consumed in %.1f s", b.target(),
                        b.unitsPerSecond() == null ? "unlimited" : Units.count(Math.round(b.unitsPerSecond())) + " RCU/s",
                        b.consumedUnits(), b.seconds()) + " (" + b.basis() + ")");
            }
        }
        if (r.sample() != null) {
            var s = r.sample();
            out.line(String.format(Locale.ROOT, "Sample: %d of %d scan segments (%s of the key space), %s items read%s",
                    s.segmentsRead(), s.totalSegments(), Units.percent(s.fraction()), Units.count(s.itemsRead()),
                    s.relativeErrorBound() == null ? "" : "; totals and shares within ±" + Units.percent(s.relativeErrorBound()) + " (95%)"));
        }
        out.blank();
        section(out, "Table", r.table(), r.keyAttribute(), r.measure(), r.items(), r.bytes(), r.distinctKeys(),
                r.distinctKeysExact(), r.distinctKeysBound(), r.topKeys(), r.topKeysExact(), r.topKeysMaxError(),
                r.hottestKeyShare(), r.gini(), r.exceedsMaxKeyShare(), r.hotKeyLoad(), r.keyVerdict(), r.throttledKeys(), r.throttleEvents());
        items(out, r.topItems(), r.throttledItems(), r.measure());
        for (var x : r.indexes()) {
            out.blank();
            section(out, "Index", x.name(), x.keyAttribute(), r.measure(), x.items(), x.bytes(), x.distinctKeys(),
                    x.distinctKeysExact(), x.distinctKeysBound(), x.topKeys(), x.topKeysExact(), x.topKeysMaxError(),
                    x.hottestKeyShare(), x.gini(), x.exceedsMaxKeyShare(), x.hotKeyLoad(), x.keyVerdict(), x.throttledKeys(), x.throttleEvents());
            items(out, x.topItems(), x.throttledItems(), r.measure());
            if (r.sample() != null) {
                out.line("Estimated from the sampled table items" + (x.relativeErrorBound() == null ? " (bound unknown)"
                        : "; totals and shares within ±" + Units.percent(x.relativeErrorBound()) + " (95%)"));
            }
        }
        out.blank();
        out.line("Partitions: about " + r.partitions().estimated() + " (estimate)");
        for (String b : r.partitions().basis()) out.line("  " + b);
        for (String n : r.notes()) out.line("Note: " + n);
        out.blank();
        out.verdict(switch (r.verdict()) {
            case "ok" -> Style.Tone.GOOD;
            case "hot" -> Style.Tone.BAD;
            default -> Style.Tone.WARN;
        }, r.summary());
        if (!r.advice().isEmpty()) {
            out.line("Advice:");
            for (String a : r.advice()) out.line("  - " + a);
        }
    }

    @SuppressWarnings("checkstyle:ParameterNumber")
    private static void section(TextWriter out, String kind, String name, String keyAttr, String measure, long items,
                                Long bytes, long distinct, boolean distinctExact, SkewReport.Bound bound,
                                List<TopKey> top, boolean topExact, Long maxError, double hottest, Double gini,
                                boolean exceeds, HotKeyLoad load, SkewReport.KeyVerdict verdict, List<TopKey> throttled,
                                ThrottleEvents throttles) {
        out.heading(kind + " " + name + " (partition key " + keyAttr + ")");
        List<String[]> kv = new ArrayList<>();
        kv.add(TextWriter.kv(cap(measure), Units.count(items)));
        if (bytes != null) kv.add(TextWriter.kv("Bytes", Units.bytes(bytes) + " (" + Units.count(bytes) + ")"));
        String d = Units.count(distinct) + (distinctExact ? " (exact)" : bound == null ? " (estimate)"
                : bound.high() == null
                ? " (Contributor Insights' approximate unique count; at least " + Units.count(bound.low()) + " seen, no upper bound)"
                : " (estimate, 95% between " + Units.count(bound.low()) + " and " + Units.count(bound.high()) + ")");
        kv.add(TextWriter.kv("Distinct keys", d));
        kv.add(TextWriter.kv("Hottest key", Units.percent(hottest) + (exceeds ? " (over the limit)" : "")));
        if (gini != null) {
            kv.add(TextWriter.kv("Gini", String.format(Locale.ROOT, "%.3f (0: every key holds as many %s; towards 1: one key holds them all)", gini, measure)));
        }
        if (!topExact && maxError != null) kv.add(TextWriter.kv("Top counts", "estimates, each within ±" + Units.count(maxError)));
        if (load != null) {
            kv.add(TextWriter.kv("Hottest key load", String.format(Locale.ROOT, "%s%s%s against 3,000 RCU / 1,000 WCU per partition (%s capacity)%s",
                    load.readUnits() == null ? "" : Units.count(Math.round(load.readUnits())) + " RCU",
                    load.readUnits() != null && load.writeUnits() != null ? ", " : "",
                    load.writeUnits() == null ? "" : Units.count(Math.round(load.writeUnits())) + " WCU",
                    load.capacity(), load.overCeiling() ? ": WILL THROTTLE" : "")));
        }
        if (verdict != null && !"ok".equals(verdict.verdict()) && items > 0) {
            kv.add(TextWriter.kv("Verdict", verdict.verdict().toUpperCase(Locale.ROOT) + ": " + verdict.reason()));
        }
        if (throttles != null) {
            kv.add(TextWriter.kv("Throttle events", "read " + (throttles.read() == null ? "-" : Units.count(throttles.read()))
                    + ", write " + (throttles.write() == null ? "-" : Units.count(throttles.write()))));
        }
        out.keyValues(kv);
        if (!top.isEmpty()) {
            out.blank();
            chart(out, top, bytes != null, measure, out.style().charts());
        }
        if (throttled != null && !throttled.isEmpty()) {
            out.blank();
            out.line("Most throttled keys:");
            chart(out, throttled, false, "throttles", out.style().charts());
        }
    }

    /** The partition+sort keys of the insights item rules, as small tables under the keys. */
    static void items(TextWriter out, List<TopItem> top, List<TopItem> throttled, String measure) {
        if (top != null && !top.isEmpty()) {
            out.blank();
            out.line("Most accessed items (partition+sort key):");
            itemTable(out, top, measure);
        }
        if (throttled != null && !throttled.isEmpty()) {
            out.blank();
            out.line("Most throttled items (partition+sort key):");
            itemTable(out, throttled, "throttles");
        }
    }

    private static void itemTable(TextWriter out, List<TopItem> items, String measure) {
        List<List<String>> rows = new ArrayList<>();
        for (TopItem i : items) {
            rows.add(TextWriter.row(shorten(i.partitionKey()), i.sortKey() == null ? "-" : shorten(i.sortKey()),
                    Units.count(i.count()), Units.percent(i.share())));
        }
        out.table(List.of("partition key", "sort key", measure, "share"), rows);
    }

    /** The hottest keys as a table; with {@code bars} (a UTF-8 terminal, or --chart) each share also as a bar. */
    static void chart(TextWriter out, List<TopKey> top, boolean withBytes, String measure, boolean bars) {
        double max = top.stream().mapToDouble(TopKey::share).max().orElse(0);
        List<List<String>> rows = new ArrayList<>();
        for (TopKey k : top) {
            List<String> row = withBytes
                    ? TextWriter.row(shorten(k.key()), Units.count(k.items()), Units.bytes(k.bytes()), Units.percent(k.share()))
                    : TextWriter.row(shorten(k.key()), Units.count(k.items()), Units.percent(k.share()));
            if (bars) row.add(TerminalChart.bar(k.share(), max, BAR));
            rows.add(row);
        }
        List<String> headers = new ArrayList<>(withBytes ? List.of("key", measure, "bytes", "share") : List.of("key", measure, "share"));
        if (bars) headers.add("");
        out.table(headers, rows);
    }

    static String shorten(String key) {
        String k = key.replace("\n", "\\n").replace("\t", "\\t");
        return k.length() > 48 ? k.substring(0, 45) + "..." : k;
    }

    private static String cap(String s) { return Character.toUpperCase(s.charAt(0)) + s.substring(1); }
}
