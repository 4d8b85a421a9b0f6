package dev.ddbr.skew;

import dev.ddbr.skew.PartitionModel.Capacity;
import dev.ddbr.skew.PartitionModel.Partitions;
import dev.ddbr.skew.SkewReport.Bound;
import dev.ddbr.skew.SkewReport.HotKeyLoad;
import dev.ddbr.skew.SkewReport.IndexSkew;
import dev.ddbr.skew.SkewReport.KeyVerdict;
import dev.ddbr.skew.SkewReport.Sample;
import dev.ddbr.skew.SkewReport.ThrottleEvents;
import dev.ddbr.skew.SkewReport.TopItem;
import dev.ddbr.skew.SkewReport.TopKey;
import java.util.ArrayList;
import java.util.List;

/** Turns per-target counts into a {@link SkewReport}: shares, verdict, advice. */
public final class SkewAssembler {
    private SkewAssembler() {}

    /**
     * One analysed target's figures.
     *
     * @param capacity  throughput figures for the hot-key load, or null
     * @param throttled most throttled keys (insights), or null
     * @param topItems  most accessed partition+sort keys (insights, with a sort-key rule), or null
     * @param throttledItems most throttled partition+sort keys (insights, with a sort-key rule), or null
     */
    public record Part(SkewTarget target, KeyStats.Summary summary, Capacity capacity, List<TopKey> throttled,
                       ThrottleEvents throttleEvents, Estimate estimate, List<TopItem> topItems,
                       List<TopItem> throttledItems) {
        public Part(SkewTarget target, KeyStats.Summary summary, Capacity capacity) {
            this(target, summary, capacity, null, null, null, null, null);
        }

        /** An insights target. */
        public Part(SkewTarget target, KeyStats.Summary summary, Capacity capacity, List<TopKey> throttled,
                    ThrottleEvents throttleEvents, List<TopItem> topItems, List<TopItem> throttledItems) {
            this(target, summary, capacity, throttled, throttleEvents, null, topItems, throttledItems);
        }

        public Part(SkewTarget target, KeyStats.Summary summary, Capacity capacity, Estimate estimate) {
            this(target, summary, capacity, null, null, estimate, null, null);
        }
    }

    /**
     * How a sampled target's figures are scaled up.
     *
     * @param relativeErrorBound 95% bound on the relative error of its totals and hottest share, or null
     * @param distinctRelativeErrorBound 95% relative bound of its scaled distinct keys, or null (then a
     *                           bound from the keys seen and the items not read is given)
     * @param keysSpanSegments   true for a GSI counted from sampled base items: a key's count is itself a
     *                           sample, so it is scaled and its distinct keys are not proportional to the sample
     */
    public record Estimate(Double relativeErrorBound, Double distinctRelativeErrorBound, boolean keysSpanSegments) {}

    /** Common inputs of a report. {@code scale} is 1 / sampled fraction (1 when everything was read). */
    public record Context(String source, String location, String table, String measure, double maxKeyShare,
                          double scale, Sample sample, Partitions partitions, boolean hasBytes) {
        /** storage (scan, export: items over keys) or traffic (insights: requests over keys). */
        public String measured() { return "insights".equals(source) ? "traffic" : "storage"; }
    }

    record Figures(long items, Long bytes, long distinct, boolean distinctExact, Bound bound, List<TopKey> top,
                   boolean topExact, Long topMaxError, double hottest, Double gini, boolean exceeds, HotKeyLoad load,
                   Double relativeErrorBound, KeyVerdict verdict) {}

    static Figures figures(Part p, Context c) {
        KeyStats.Summary s = p.summary();
        double scale = c.scale();
        long items = Math.round(s.items() * scale);
        Long bytes = c.hasBytes() ? Math.round(s.bytes() * scale) : null;
        boolean sampled = scale != 1.0;
        Estimate e = p.estimate();
        boolean spans = sampled && e != null && e.keysSpanSegments();
        long distinct;
        Bound bound = null;
        if (spans) {
            // keys seen are certain; each of the items not read could be a key not seen
            long seenLow = s.exact() ? s.distinctKeys() : s.distinctLow();
            long unread = Math.max(0, items - s.items());
            long high = (s.exact() ? s.distinctKeys() : s.distinctHigh()) + unread;
            long guess = Math.round(s.distinctKeys() * (s.exact() ? chao1Factor(s) : scale));
            distinct = Math.max(seenLow, Math.min(high, guess));
            bound = new Bound(seenLow, high);
        } else {
            distinct = Math.round(s.distinctKeys() * scale);
            if (!s.exact() && s.distinctLow() != null) {
                // no upper figure (insights: only a lower bound is known)
                bound = new Bound(Math.round(s.distinctLow() * scale),
                        s.distinctHigh() == null ? null : Long.valueOf(Math.round(s.distinctHigh() * scale)));
            } else if (sampled) {
                Double rel = e != null ? e.distinctRelativeErrorBound() : null;
                long seen = s.distinctKeys();
                bound = rel != null
                        ? new Bound(Math.max(seen, (long) Math.floor(distinct * (1 - rel))), (long) Math.ceil(distinct * (1 + rel)))
                        : new Bound(seen, Math.max(distinct, seen + Math.max(0, items - s.items())));
            }
        }
        List<TopKey> top = new ArrayList<>();
        for (KeyStats.Count k : s.top()) {
            long n = spans ? Math.round(k.items() * scale) : k.items();
            Long b = c.hasBytes() ? (spans ? Long.valueOf(Math.round(k.bytes() * scale)) : Long.valueOf(k.bytes())) : null;
            double share = spans ? (s.items() == 0 ? 0 : k.items() / (double) s.items()) : items == 0 ? 0 : k.items() / (double) items;
            top.add(new TopKey(k.key(), n, b, share));
        }
        double hottest = top.isEmpty() ? 0 : top.get(0).share();
        boolean exceeds = hottest > c.maxKeyShare();
        HotKeyLoad load = load(hottest, p.capacity());
        Long maxError = s.exact() ? null : spans ? Long.valueOf(Math.round(s.topItemsMaxError() * scale)) : s.topItemsMaxError();
        KeyVerdict verdict = judge(hottest, c, load, p.throttleEvents());
        return new Figures(items, bytes, distinct, s.exact() && !sampled, bound, List.copyOf(top), s.exact() && !spans,
                maxError, hottest, sampled ? null : s.gini(), exceeds, load, sampled && e != null ? e.relativeErrorBound() : null,
                verdict);
    }

    /**
     * What the hottest key's share means at this size. A key lives in one partition, and adaptive capacity gives a
     * busy partition up to the per-partition ceiling (3,000 RCU / 1,000 WCU) whatever the table's spread: so a key
     * above the share limit throttles only when its load passes that ceiling. With throughput figures, its load is
     * its share of them (requests assumed to follow items for a scan or an export); without, a key holding more
     * than one partition's even share (share × partitions > 1) of a table of several partitions is counted hot.
     * Over the ceiling is hot whatever the share; throttling seen (insights) on a key above the limit is hot.
     */
    static KeyVerdict judge(double share, Context c, HotKeyLoad load, ThrottleEvents throttles) {
        if (share <= 0) return new KeyVerdict("ok", "no keys", null, null, null);
        Double atR = (double) Math.round(PartitionModel.RCU_PER_PARTITION / share);
        Double atW = (double) Math.round(PartitionModel.WCU_PER_PARTITION / share);
        Long fromP = (long) Math.ceil(1 / share - 1e-9);
        long parts = c.partitions() == null ? 1 : c.partitions().estimated();
        String of = Units.percent(share) + " of " + c.measure();
        String later = String.format("it would matter from about %s RCU or %s WCU of throughput (%d partitions' worth) "
                + "if requests follow its share", Units.count(Math.round(atR)), Units.count(Math.round(atW)), fromP);
        if (load != null && load.overCeiling()) {
            return new KeyVerdict("hot", String.format("the hottest key holds %s; at the %s capacity it draws about %s, "
                    + "over a partition's 3,000 RCU / 1,000 WCU ceiling", of, load.capacity(), loadText(load)), atR, atW, fromP);
        }
        if (share <= c.maxKeyShare()) {
            return new KeyVerdict("ok", "the hottest key holds " + of + ", within the limit of "
                    + Units.percent(c.maxKeyShare()), atR, atW, fromP);
        }
        long te = throttles == null ? 0 : (throttles.read() == null ? 0 : throttles.read()) + (throttles.write() == null ? 0 : throttles.write());
        if (te > 0) {
            return new KeyVerdict("hot", String.format("the hottest key takes %s (limit %s) and the window has %s throttle "
                    + "events", of, Units.percent(c.maxKeyShare()), Units.count(te)), atR, atW, fromP);
        }
        String onParts = "about " + parts + (parts == 1 ? " partition" : " partitions") + " (estimate)";
        if (load != null) {
            return new KeyVerdict("skewed", String.format("the hottest key holds %s (limit %s), but at the %s capacity it "
                    + "draws about %s, under a partition's 3,000 RCU / 1,000 WCU, on %s: no throttling risk at this size; %s",
                    of, Units.percent(c.maxKeyShare()), load.capacity(), loadText(load), onParts, later), atR, atW, fromP);
        }
        if (parts >= 2 && share * parts > 1) {
            return new KeyVerdict("hot", String.format("the hottest key holds %s (limit %s) on %s: more than one "
                    + "partition's even share, and no throughput figures show it stays under a partition's ceiling",
                    of, Units.percent(c.maxKeyShare()), onParts), atR, atW, fromP);
        }
        return new KeyVerdict("skewed", String.format("the hottest key holds %s (limit %s) on %s, with no throughput "
                + "figures: no more than one partition's even share, so no throttling risk at this size; %s",
                of, Units.percent(c.maxKeyShare()), onParts, later), atR, atW, fromP);
    }

    private static String loadText(HotKeyLoad l) {
        List<String> p = new ArrayList<>();
        if (l.readUnits() != null) p.add(Units.count(Math.round(l.readUnits())) + " RCU");
        if (l.writeUnits() != null) p.add(Units.count(Math.round(l.writeUnits())) + " WCU");
        return String.join(" / ", p);
    }

    /** Chao1 (bias-corrected) over the keys seen, as a factor of them: the keys seen once and twice tell how many were missed. */
    static double chao1Factor(KeyStats.Summary s) {
        if (s.distinctKeys() == 0 || s.frequencyCounts() == null) return 1.0;
        long f1 = s.frequencyCounts()[0];
        long f2 = s.frequencyCounts()[1];
        double est = s.distinctKeys() + f1 * (f1 - 1) / (2.0 * (f2 + 1));
        return est / s.distinctKeys();
    }

    static HotKeyLoad load(double share, Capacity cap) {
        if (cap == null || !cap.known() || share == 0) return null;
        Double r = cap.readUnits() == null ? null : round1(share * cap.readUnits());
        Double w = cap.writeUnits() == null ? null : round1(share * cap.writeUnits());
        boolean over = (r != null && r > PartitionModel.RCU_PER_PARTITION) || (w != null && w > PartitionModel.WCU_PER_PARTITION);
        return new HotKeyLoad(cap.kind(), r, w, PartitionModel.RCU_PER_PARTITION, PartitionModel.WCU_PER_PARTITION, over);
    }

    private static double round1(double d) { return Math.round(d * 10) / 10.0; }

    public static SkewReport assemble(Context c, Part table, List<Part> indexes, List<String> notes) {
        Figures t = figures(table, c);
        List<IndexSkew> idx = new ArrayList<>();
        List<Figures> idxFigures = new ArrayList<>();
        for (Part p : indexes) {
            Figures f = figures(p, c);
            idxFigures.add(f);
            idx.add(new IndexSkew(p.target().index(), p.target().keyAttribute(), f.items, f.bytes, f.distinct,
                    f.distinctExact, f.bound, f.top, f.topExact, f.topMaxError, f.hottest, f.gini, f.exceeds, f.load,
                    f.verdict, p.throttled(), p.topItems(), p.throttledItems(), p.throttleEvents(), f.relativeErrorBound));
        }
        List<String> advice = new ArrayList<>();
        List<String> hot = new ArrayList<>();
        List<String> skewed = new ArrayList<>();
        String measure = c.measure();
        String tableName = c.table() == null ? "TABLE" : c.table();
        if (!t.top.isEmpty() && !"ok".equals(t.verdict.verdict())) {
            TopKey k = t.top.get(0);
            String what = String.format("table key '%s' holds %s of %s", k.key(), Units.percent(k.share()), measure);
            if ("hot".equals(t.verdict.verdict())) {
                hot.add(what + (t.load != null && t.load.overCeiling() ? " and would pass a partition's throughput ceiling" : ""));
                advice.add(String.format("table: spread writes to hot keys with write sharding (append a suffix #0..#N to "
                        + "'%s' and read all N shards back)%s", table.target().keyAttribute(), shards(t.load)));
                advice.add("table: cache hot reads with DAX or ElastiCache so repeated reads of one key stop reaching its partition");
            } else {
                skewed.add(what + "; " + matters(t.verdict));
            }
        }
        for (int i = 0; i < idx.size(); i++) {
            IndexSkew x = idx.get(i);
            if (x.topKeys().isEmpty() || "ok".equals(x.keyVerdict().verdict())) continue;
            TopKey k = x.topKeys().get(0);
            String what = String.format("index '%s' key '%s' holds %s of its %s", x.name(), k.key(), Units.percent(k.share()), measure);
            if ("hot".equals(x.keyVerdict().verdict())) {
                hot.add(what + (x.hotKeyLoad() != null && x.hotKeyLoad().overCeiling() ? " and would pass a partition's throughput ceiling" : ""));
                advice.add(String.format("index '%s': its partition key '%s' has %s distinct values; use a higher-cardinality "
                        + "key (combine it with a date, a tenant or a shard suffix) or a sparse index that only holds the "
                        + "rare values you query", x.name(), x.keyAttribute(), Units.count(x.distinctKeys())));
            } else {
                skewed.add(what + "; " + matters(x.keyVerdict()));
            }
        }
        boolean overCeiling = (t.load != null && t.load.overCeiling())
                || idx.stream().anyMatch(x -> x.hotKeyLoad() != null && x.hotKeyLoad().overCeiling());
        if (overCeiling) {
            advice.add("a single key above 3,000 RCU or 1,000 WCU throttles whatever the table's capacity: adaptive "
                    + "capacity cannot split one key's traffic past one partition's ceiling");
        }
        if (!skewed.isEmpty() && hot.isEmpty()) {
            advice.add("no change needed at this size; re-check as the table's throughput grows");
        }
        if ("storage".equals(c.measured()) && (!hot.isEmpty() || !skewed.isEmpty())) {
            advice.add("this measures how items spread over keys, not requests: for traffic run 'ddbr skew insights "
                    + tableName + "' (Contributor Insights) and watch the ReadKeyRangeThroughputThrottleEvents / "
                    + "WriteKeyRangeThroughputThrottleEvents metrics (throttling by hot partition)");
        }
        String verdict;
        String summary;
        if (t.items == 0 && idx.stream().allMatch(x -> x.items() == 0)) {
            verdict = "empty";
            summary = "EMPTY: nothing to analyse (no " + measure + ")";
        } else if (!hot.isEmpty()) {
            verdict = "hot";
            summary = "HOT: " + String.join("; ", hot) + " (limit " + Units.percent(c.maxKeyShare()) + ")";
        } else if (!skewed.isEmpty()) {
            verdict = "skewed";
            summary = "SKEWED, not hot: " + String.join("; ", skewed);
        } else {
            verdict = "ok";
            double worst = Math.max(t.hottest, idx.stream().mapToDouble(IndexSkew::hottestKeyShare).max().orElse(0));
            summary = "OK: no partition key above " + Units.percent(c.maxKeyShare()) + " of " + measure
                    + " (hottest " + Units.percent(worst) + ")";
        }
        List<String> allNotes = new ArrayList<>(notes);
        allNotes.add("storage".equals(c.measured())
                ? "measured: storage (how items spread over partition keys), not traffic; traffic comes from 'ddbr skew "
                    + "insights' (Contributor Insights) and the throttle metrics"
                : "measured: traffic (requests per partition key, as Contributor Insights counts them)");
        return new SkewReport(c.source(), c.location(), c.table(), table.target().keyAttribute(), c.measured(), measure, t.items,
                t.bytes, t.distinct, t.distinctExact, t.bound, t.top, t.topExact, t.topMaxError, t.hottest, t.gini,
                t.exceeds, t.load, t.verdict, table.throttled(), table.topItems(), table.throttledItems(), table.throttleEvents(),
                List.copyOf(idx), c.partitions(), c.maxKeyShare(), c.sample(), null, false, null, verdict, summary,
                List.copyOf(advice), List.copyOf(allNotes));
    }

    /** "would matter from about 8,571 RCU or 2,857 WCU (3 partitions' worth)" */
    static String matters(KeyVerdict v) {
        if (v.mattersAtReadUnits() == null) return v.reason();
        return String.format("not a throttling risk at this size; would matter from about %s RCU or %s WCU (%d partitions' worth)",
                Units.count(Math.round(v.mattersAtReadUnits())), Units.count(Math.round(v.mattersAtWriteUnits())),
                v.mattersFromPartitions());
    }

    private static String shards(HotKeyLoad load) {
        if (load == null || load.writeUnits() == null || load.writeUnits() <= PartitionModel.WCU_PER_PARTITION) return "";
        long n = (long) Math.ceil(load.writeUnits() / PartitionModel.WCU_PER_PARTITION) * 2;
        return "; at " + Units.count(Math.round(load.writeUnits())) + " WCU on the hot key, about " + n + " shards";
    }
}
