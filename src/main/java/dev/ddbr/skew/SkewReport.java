package dev.ddbr.skew;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.skew.PartitionModel.Partitions;
import java.util.List;

/**
 * The skew report, the same shape from every source (scan, export, insights). JSON field names are a
 * documented contract: docs/skew.md.
 *
 * @param source             scan, export or insights
 * @param location           what was read: the table name, the export path, or the insights window
 * @param table              the table name (from the export manifest's table ARN for exports)
 * @param measured           what the figures show: "storage" (scan, export: how items spread over keys) or
 *                           "traffic" (insights: how requests spread over keys)
 * @param measure            what {@code items} counts: "items" (scan, export) or "requests" (insights)
 * @param items              items analysed (estimated total when sampled)
 * @param bytes              their size by DynamoDB's rules (null for insights)
 * @param distinctKeys       distinct partition keys (exact, or an estimate with {@code distinctKeysBound}; for
 *                           insights Contributor Insights' approximate unique count, with only a lower bound)
 * @param topKeys            the heaviest keys, heaviest first
 * @param hottestKeyShare    the heaviest key's share of {@code items}
 * @param gini               Gini coefficient of items per key (0 even, towards 1 concentrated); null when sketched
 * @param topItems           insights: the most accessed partition+sort keys (null without a sort-key rule)
 * @param throttledItems     insights: the most throttled partition+sort keys (null without a sort-key rule)
 * @param indexes            the same figures for each GSI
 * @param partitions         estimated physical partitions and the basis
 * @param keyVerdict         what the hottest key's share means at this table's size and throughput
 * @param readBudget         scan: the read capacity each scanned target was allowed and what it used; else null
 * @param partial            true when interrupted: the figures are of what was read before the interrupt
 * @param coverage           what was read, per target, when partial; else null
 * @param verdict            ok, skewed, hot or empty
 * @param athena             skew export --engine athena: where the queries ran, what they scanned; absent otherwise
 */
@JsonPropertyOrder({"source", "location", "table", "keyAttribute", "measured", "measure", "items", "bytes", "distinctKeys",
        "distinctKeysExact", "distinctKeysBound", "topKeys", "topKeysExact", "topKeysMaxError", "hottestKeyShare",
        "gini", "exceedsMaxKeyShare", "hotKeyLoad", "keyVerdict", "throttledKeys", "topItems", "throttledItems", "throttleEvents",
        "indexes", "partitions", "maxKeyShare", "sample", "readBudget", "partial", "coverage", "verdict", "summary", "advice", "notes", "athena"})
public record SkewReport(
        String source,
        String location,
        String table,
        String keyAttribute,
        String measured,
        String measure,
        long items,
        Long bytes,
        long distinctKeys,
        boolean distinctKeysExact,
        Bound distinctKeysBound,
        List<TopKey> topKeys,
        boolean topKeysExact,
        Long topKeysMaxError,
        double hottestKeyShare,
        Double gini,
        boolean exceedsMaxKeyShare,
        HotKeyLoad hotKeyLoad,
        KeyVerdict keyVerdict,
        List<TopKey> throttledKeys,
        List<TopItem> topItems,
        List<TopItem> throttledItems,
        ThrottleEvents throttleEvents,
        List<IndexSkew> indexes,
        Partitions partitions,
        double maxKeyShare,
        Sample sample,
        List<ReadBudget> readBudget,
        boolean partial,
        List<Coverage> coverage,
        String verdict,
        String summary,
        List<String> advice,
        List<String> notes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Athena athena) implements TextRenderable {

    /** Without the Athena part (every source but skew export --engine athena). */
    public SkewReport(String source, String location, String table, String keyAttribute, String measured, String measure,
                      long items, Long bytes, long distinctKeys, boolean distinctKeysExact, Bound distinctKeysBound,
                      List<TopKey> topKeys, boolean topKeysExact, Long topKeysMaxError, double hottestKeyShare, Double gini,
                      boolean exceedsMaxKeyShare, HotKeyLoad hotKeyLoad, KeyVerdict keyVerdict, List<TopKey> throttledKeys,
                      List<TopItem> topItems, List<TopItem> throttledItems, ThrottleEvents throttleEvents,
                      List<IndexSkew> indexes, Partitions partitions, double maxKeyShare, Sample sample,
                      List<ReadBudget> readBudget, boolean partial, List<Coverage> coverage, String verdict, String summary,
                      List<String> advice, List<String> notes) {
        this(source, location, table, keyAttribute, measured, measure, items, bytes, distinctKeys, distinctKeysExact,
                distinctKeysBound, topKeys, topKeysExact, topKeysMaxError, hottestKeyShare, gini, exceedsMaxKeyShare,
                hotKeyLoad, keyVerdict, throttledKeys, topItems, throttledItems, throttleEvents, indexes, partitions,
                maxKeyShare, sample, readBudget, partial, coverage, verdict, summary, advice, notes, null);
    }

    /**
     * Where skew export --engine athena ran its queries.
     *
     * @param workgroup    the Athena workgroup
     * @param database     the Glue database of the temporary table
     * @param table        the temporary table (ddbr_skew_<export id>_<random>)
     * @param bytesScanned data the queries scanned (what Athena bills), summed
     * @param queryIds     every query run, in order: CREATE, totals, top keys, DROP
     * @param tableDropped true when the DROP succeeded
     */
    @JsonPropertyOrder({"workgroup", "database", "table", "bytesScanned", "queryIds", "tableDropped"})
    public record Athena(String workgroup, String database, String table, long bytesScanned, List<String> queryIds,
                         boolean tableDropped) {}

    /**
     * The same report with the top-key counts marked exact (topKeysExact true, topKeysMaxError null) for the table and
     * every index, the distinct counts left as they are: the Athena engine counts keys exactly but distinct keys
     * approximately.
     */
    public SkewReport withExactTopKeys() {
        List<IndexSkew> ix = indexes.stream().map(x -> new IndexSkew(x.name(), x.keyAttribute(), x.items(), x.bytes(),
                x.distinctKeys(), x.distinctKeysExact(), x.distinctKeysBound(), x.topKeys(), true, null, x.hottestKeyShare(),
                x.gini(), x.exceedsMaxKeyShare(), x.hotKeyLoad(), x.keyVerdict(), x.throttledKeys(), x.topItems(),
                x.throttledItems(), x.throttleEvents(), x.relativeErrorBound())).toList();
        return new SkewReport(source, location, table, keyAttribute, measured, measure, items, bytes, distinctKeys,
                distinctKeysExact, distinctKeysBound, topKeys, true, null, hottestKeyShare, gini,
                exceedsMaxKeyShare, hotKeyLoad, keyVerdict, throttledKeys, topItems, throttledItems, throttleEvents, ix,
                partitions, maxKeyShare, sample, readBudget, partial, coverage, verdict, summary, advice, notes, athena);
    }

    /** The same report with the Athena part and more notes. */
    public SkewReport withAthena(Athena a, List<String> moreNotes) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.addAll(0, moreNotes);
        return new SkewReport(source, location, table, keyAttribute, measured, measure, items, bytes, distinctKeys,
                distinctKeysExact, distinctKeysBound, topKeys, topKeysExact, topKeysMaxError, hottestKeyShare, gini,
                exceedsMaxKeyShare, hotKeyLoad, keyVerdict, throttledKeys, topItems, throttledItems, throttleEvents, indexes,
                partitions, maxKeyShare, sample, readBudget, partial, coverage, verdict, summary, advice, List.copyOf(n), a);
    }

    /** A key with its items (or requests), bytes and share of the total. Key rendering: see KeyText. */
    public record TopKey(String key, long items, Long bytes, double share) {}

    /**
     * A partition+sort key (an item's primary key) from a Contributor Insights item rule, with its requests
     * (or throttled requests) and share of the rule's total.
     */
    public record TopItem(String partitionKey, String sortKey, long count, double share) {}

    /**
     * An interval on the distinct keys: 95% when sketched or sampled by segment; keys seen to keys seen plus
     * items not read for a GSI counted from sampled table items; for insights {@code low} is the keys the
     * rule listed and {@code high} is null (Contributor Insights gives no upper bound).
     */
    public record Bound(long low, Long high) {}

    /**
     * What the hottest key draws if requests follow its share, against the per-partition ceilings.
     *
     * @param capacity       where the throughput figures come from: provisioned, warm, on-demand maximum, observed
     */
    public record HotKeyLoad(String capacity, Double readUnits, Double writeUnits, long readCeiling,
                             long writeCeiling, boolean overCeiling) {}

    /**
     * What the hottest key's share means here: {@code ok} (within the limit), {@code skewed} (above the limit, but
     * not a throttling risk at the table's size and throughput), {@code hot} (its load would pass a partition's
     * ceiling, or it is on a partition holding more than its even share, or throttling was seen).
     *
     * @param mattersAtReadUnits  the table (or index) throughput at which the key alone would reach a partition's
     *                            3,000 RCU, if requests follow its share (3,000 / share); null when no key
     * @param mattersAtWriteUnits the same for 1,000 WCU (1,000 / share)
     * @param mattersFromPartitions partitions' worth of throughput from which that happens (ceil(1 / share))
     */
    public record KeyVerdict(String verdict, String reason, Double mattersAtReadUnits, Double mattersAtWriteUnits,
                             Long mattersFromPartitions) {}

    /**
     * The read budget of one scanned target.
     *
     * @param unitsPerSecond the cap in read capacity units per second; null when unlimited
     * @param basis          how it was set: "default: 25% of 500 provisioned RCU", "--max-rcu 100", "unlimited"...
     * @param consumedUnits  read capacity the scan consumed (the responses' ConsumedCapacity)
     * @param seconds        how long the scan of this target took
     */
    public record ReadBudget(String target, Double unitsPerSecond, String basis, double consumedUnits, double seconds) {}

    /**
     * What an interrupted run read of one target.
     *
     * @param unit      segments (scan), data files (export), targets (insights)
     * @param done      units read to their end
     * @param partly    units of which a part was read (counted)
     * @param total     units the run was to read
     * @param itemsRead items (or requests) counted
     */
    public record Coverage(String target, String unit, long done, long partly, long total, long itemsRead) {}

    /** Throttle events in the insights window (CloudWatch ReadThrottleEvents / WriteThrottleEvents, Sum). */
    public record ThrottleEvents(Long read, Long write) {}

    /**
     * A sample of the key space: whole Scan segments, so every key read is counted completely.
     *
     * @param relativeErrorBound 95% bound on the relative error of the estimated totals (items, bytes, shares)
     */
    public record Sample(double fraction, int segmentsRead, int totalSegments, long itemsRead,
                         Double relativeErrorBound) {}

    @JsonPropertyOrder({"name", "keyAttribute", "items", "bytes", "distinctKeys", "distinctKeysExact",
            "distinctKeysBound", "topKeys", "topKeysExact", "topKeysMaxError", "hottestKeyShare", "gini",
            "exceedsMaxKeyShare", "hotKeyLoad", "keyVerdict", "throttledKeys", "topItems", "throttledItems", "throttleEvents",
            "relativeErrorBound"})
    public record IndexSkew(
            String name,
            String keyAttribute,
            long items,
            Long bytes,
            long distinctKeys,
            boolean distinctKeysExact,
            Bound distinctKeysBound,
            List<TopKey> topKeys,
            boolean topKeysExact,
            Long topKeysMaxError,
            double hottestKeyShare,
            Double gini,
            boolean exceedsMaxKeyShare,
            HotKeyLoad hotKeyLoad,
            KeyVerdict keyVerdict,
            List<TopKey> throttledKeys,
            List<TopItem> topItems,
            List<TopItem> throttledItems,
            ThrottleEvents throttleEvents,
            Double relativeErrorBound) {}

    public boolean anyExceeds() {
        return exceedsMaxKeyShare || indexes.stream().anyMatch(IndexSkew::exceedsMaxKeyShare);
    }

    /** Exit 1: the table or a GSI has a hot key (not merely a skewed one). */
    public boolean hot() { return "hot".equals(verdict); }

    /** The same report marked partial, with what was read. */
    public SkewReport asPartial(List<Coverage> covered) {
        return new SkewReport(source, location, table, keyAttribute, measured, measure, items, bytes, distinctKeys,
                distinctKeysExact, distinctKeysBound, topKeys, topKeysExact, topKeysMaxError, hottestKeyShare, gini,
                exceedsMaxKeyShare, hotKeyLoad, keyVerdict, throttledKeys, topItems, throttledItems, throttleEvents, indexes,
                partitions, maxKeyShare, sample, readBudget, true, List.copyOf(covered), verdict,
                "PARTIAL (interrupted; figures are of what was read): " + summary, advice, notes, athena);
    }

    /** The same report with the read budget of each scanned target. */
    public SkewReport withReadBudget(List<ReadBudget> budgets) {
        return new SkewReport(source, location, table, keyAttribute, measured, measure, items, bytes, distinctKeys,
                distinctKeysExact, distinctKeysBound, topKeys, topKeysExact, topKeysMaxError, hottestKeyShare, gini,
                exceedsMaxKeyShare, hotKeyLoad, keyVerdict, throttledKeys, topItems, throttledItems, throttleEvents, indexes,
                partitions, maxKeyShare, sample, List.copyOf(budgets), partial, coverage, verdict, summary, advice, notes, athena);
    }

    @Override
    public void renderText(TextWriter out) { SkewText.render(this, out); }
}
