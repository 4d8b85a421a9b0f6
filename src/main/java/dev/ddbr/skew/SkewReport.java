package dev.ddbr.skew;

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
 * @param verdict            ok, hot or empty
 */
@JsonPropertyOrder({"source", "location", "table", "keyAttribute", "measure", "items", "bytes", "distinctKeys",
        "distinctKeysExact", "distinctKeysBound", "topKeys", "topKeysExact", "topKeysMaxError", "hottestKeyShare",
        "gini", "exceedsMaxKeyShare", "hotKeyLoad", "throttledKeys", "topItems", "throttledItems", "throttleEvents", "indexes", "partitions",
        "maxKeyShare", "sample", "verdict", "summary", "advice", "notes"})
public record SkewReport(
        String source,
        String location,
        String table,
        String keyAttribute,
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
        List<TopKey> throttledKeys,
        List<TopItem> topItems,
        List<TopItem> throttledItems,
        ThrottleEvents throttleEvents,
        List<IndexSkew> indexes,
        Partitions partitions,
        double maxKeyShare,
        Sample sample,
        String verdict,
        String summary,
        List<String> advice,
        List<String> notes) implements TextRenderable {

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
            "exceedsMaxKeyShare", "hotKeyLoad", "throttledKeys", "topItems", "throttledItems", "throttleEvents",
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
            List<TopKey> throttledKeys,
            List<TopItem> topItems,
            List<TopItem> throttledItems,
            ThrottleEvents throttleEvents,
            Double relativeErrorBound) {}

    public boolean anyExceeds() {
        return exceedsMaxKeyShare || indexes.stream().anyMatch(IndexSkew::exceedsMaxKeyShare);
    }

    @Override
    public void renderText(TextWriter out) { SkewText.render(this, out); }
}
