package dev.ddbr.report;

import dev.ddbr.skew.SkewReport;
import dev.ddbr.skew.SkewReport.TopKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HTML report of a skew result (scan, export or insights): per table and GSI, key shares and the cumulative curve. */
final class SkewPage {
    /** Bars drawn per chart; every listed key is in the tables. */
    static final int CHART_KEYS = 20;

    private SkewPage() {}

    static String render(SkewReport r, ReportMeta meta) {
        Page p = new Page("Key skew: " + r.table() + " (" + r.source() + ")", meta);
        Page.Tone tone = switch (r.verdict()) {
            case "hot" -> Page.Tone.BAD;
            case "skewed" -> Page.Tone.WARN;
            default -> Page.Tone.OK;
        };
        String word = r.verdict().toUpperCase(Locale.ROOT);
        p.verdict(tone, r.summary().toUpperCase(Locale.ROOT).startsWith(word) ? r.summary() : word + ": " + r.summary());
        if (r.keyVerdict() != null) p.verdictLine(r.keyVerdict().reason());
        if (r.advice() != null) r.advice().forEach(p::verdictLine);

        String unit = r.measure(); // items or requests
        target(p, "Table " + r.table(), r.keyAttribute(), unit, r.items(), r.distinctKeys(), r.topKeys(), r.maxKeyShare(),
                r.topKeysExact());
        for (SkewReport.IndexSkew ix : r.indexes()) {
            target(p, "GSI " + ix.name(), ix.keyAttribute(), unit, ix.items(), ix.distinctKeys(), ix.topKeys(), r.maxKeyShare(),
                    ix.topKeysExact());
        }

        List<List<String>> summary = new ArrayList<>();
        summary.add(row("table " + r.table(), r.keyAttribute(), r.items(), r.distinctKeys(), r.hottestKeyShare(), r.gini(),
                r.exceedsMaxKeyShare(), r.keyVerdict() == null ? "" : r.keyVerdict().verdict()));
        for (SkewReport.IndexSkew ix : r.indexes()) {
            summary.add(row("GSI " + ix.name(), ix.keyAttribute(), ix.items(), ix.distinctKeys(), ix.hottestKeyShare(), ix.gini(),
                    ix.exceedsMaxKeyShare(), ix.keyVerdict() == null ? "" : ix.keyVerdict().verdict()));
        }
        p.table("Targets", List.of("target", "key attribute", unit, "distinct keys", "hottest key", "Gini",
                "over max_key_share", "verdict"), summary, new boolean[] {false, false, true, true, true, true, false, false});
        keyTable(p, "Top keys of table " + r.table(), r.topKeys(), unit);
        for (SkewReport.IndexSkew ix : r.indexes()) keyTable(p, "Top keys of GSI " + ix.name(), ix.topKeys(), unit);
        if (r.partitions() != null) {
            p.note("Partitions: about " + r.partitions().estimated() + " (estimate; " + String.join("; ", r.partitions().basis()) + ")");
        }
        if (r.sample() != null) {
            p.note("Sample: " + pct(r.sample().fraction()) + " of the key space (" + r.sample().segmentsRead() + " of "
                    + r.sample().totalSegments() + " segments, " + r.sample().itemsRead() + " items read)");
        }
        if (r.partial()) p.note("PARTIAL: interrupted; the figures are of what was read.");
        if (r.notes() != null) r.notes().forEach(p::note);
        p.note("Read: " + r.location() + " (measured: " + r.measured() + ")");
        return p.render();
    }

    private static void target(Page p, String name, String keyAttr, String unit, long total, long distinct, List<TopKey> keys,
                               double maxShare, boolean exact) {
        if (keys == null || keys.isEmpty() || total <= 0) return;
        p.chartHeading(name + " (partition key " + keyAttr + ")");
        List<TopKey> shown = keys.subList(0, Math.min(CHART_KEYS, keys.size()));
        List<String> cats = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            TopKey k = shown.get(i);
            cats.add("#" + (i + 1) + " " + Reports.clip(k.key(), 18));
            shares.add(k.share() * 100);
            rows.add(List.of(String.valueOf(i + 1), k.key(), String.valueOf(k.items()), pct(k.share())));
        }
        double even = distinct > 0 ? 100.0 / distinct : 0;
        TopKey hottest = keys.get(0);
        String finding = "The hottest key holds " + pct(hottest.share()) + " of the " + unit + " ("
                + (hottest.share() > maxShare ? "over" : "within") + " the " + pct(maxShare) + " limit; an even spread is "
                + pct(even / 100) + " per key)";
        p.chart(finding, Charts.bars(finding, "key (rank, value)", "share of " + unit + " (%)",
                        List.of(new Charts.Bars("share of " + unit, cats, shares, Charts.BLUE)),
                        List.of(new Charts.Line("max_key_share " + pct(maxShare), maxShare * 100, Charts.RED),
                                new Charts.Line("even spread " + pct(even / 100), even, Charts.GREEN)), false),
                List.of("rank", "key", unit, "share"), rows, new boolean[] {true, false, true, true});

        // cumulative share over the listed keys
        int n = keys.size();
        double[] x = new double[n + 1];
        double[] y = new double[n + 1];
        double cum = 0;
        int[] reach = {-1, -1, -1};
        double[] marks = {0.5, 0.9, 0.99};
        List<List<String>> crow = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cum += keys.get(i).share();
            x[i + 1] = i + 1;
            y[i + 1] = Math.min(100, cum * 100);
            for (int m = 0; m < 3; m++) if (reach[m] < 0 && cum + 1e-12 >= marks[m]) reach[m] = i + 1;
            boolean mark = reach[0] == i + 1 || reach[1] == i + 1 || reach[2] == i + 1;
            if (i < 20 || i == n - 1 || mark || Integer.bitCount(i + 1) == 1) crow.add(List.of(String.valueOf(i + 1), pct(cum)));
        }
        StringBuilder f = new StringBuilder();
        for (int m = 0; m < 3; m++) {
            if (f.length() > 0) f.append("; ");
            String of = pct(marks[m]);
            f.append(reach[m] > 0 ? of + " of the " + unit + " sit in " + keys(reach[m])
                    : of + " need more than the " + keys(n) + " listed" + (exact ? "" : " (estimated)"));
        }
        String curve = f + " (of " + distinct + " distinct keys)";
        double[] ex = {0, n};
        double[] ey = {0, distinct > 0 ? Math.min(100, 100.0 * n / distinct) : 0};
        p.chart(curve, Charts.lines(curve, "keys, hottest first (count)", "cumulative share of " + unit + " (%)",
                        List.of(new Charts.Curve("listed keys", thin(x, CURVE_POINTS), thin(y, CURVE_POINTS), Charts.BLUE, false, false),
                                new Charts.Curve("even spread", ex, ey, Charts.GREEN, true, false)), 100.0),
                List.of("keys", "cumulative share"), crow, new boolean[] {true, true});
    }

    /** Points drawn on a curve: past that, evenly spaced ones (first and last kept); the page stays small. */
    static final int CURVE_POINTS = 400;

    static double[] thin(double[] v, int max) {
        if (v.length <= max) return v;
        double[] o = new double[max];
        for (int i = 0; i < max; i++) o[i] = v[(int) Math.round((double) i * (v.length - 1) / (max - 1))];
        return o;
    }

    private static String keys(int n) { return n == 1 ? "1 key" : n + " keys"; }

    private static void keyTable(Page p, String caption, List<TopKey> keys, String unit) {
        if (keys == null || keys.isEmpty()) return;
        List<List<String>> rows = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            TopKey k = keys.get(i);
            rows.add(List.of(String.valueOf(i + 1), k.key(), String.valueOf(k.items()),
                    k.bytes() == null ? "" : String.valueOf(k.bytes()), pct(k.share())));
        }
        p.table(caption, List.of("rank", "key", unit, "bytes", "share"), rows, new boolean[] {true, false, true, true, true});
    }

    private static List<String> row(String target, String attr, long items, long distinct, double hottest, Double gini,
                                    boolean over, String verdict) {
        return List.of(target, attr == null ? "" : attr, String.valueOf(items), String.valueOf(distinct), pct(hottest),
                gini == null ? "" : String.format(Locale.ROOT, "%.3f", gini), over ? "yes" : "no", verdict);
    }

    static String pct(double share) { return Reports.pct(share); }
}
