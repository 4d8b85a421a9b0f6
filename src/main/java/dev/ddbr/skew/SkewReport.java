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
 * @param distinctKeys       distinct partition keys (exact, or an estimate with {@code distinctKeysBound})
 * @param topKeys            the heaviest keys, heaviest first
 * @param hottestKeyShare    the heaviest key's share of {@code items}
 * @param gini               Gini coefficient of items per key (0 even, towards 1 concentrated); null when sketched
 * @param indexes            the same figures for each GSI
 * @param partitions         estimated physical partitions and the basis
 * @param verdict            ok, hot or empty
 */
@JsonPropertyOrder({"source", "location", "table", "keyAttribute", "measure", "items", "bytes", "distinctKeys",
        "distinctKeysExact", "distinctKeysBound", "topKeys", "topKeysExact", "topKeysMaxError", "hottestKeyShare",
        "gini", "exceedsMaxKeyShare", "hotKeyLoad", "throttledKeys", "throttleEvents", "indexes", "partitions",
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

    /** A 95% confidence interval. */
    public record Bound(long low, long high) {}

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
            "exceedsMaxKeyShare", "hotKeyLoad", "throttledKeys", "throttleEvents", "relativeErrorBound"})
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
            ThrottleEvents throttleEvents,
            Double relativeErrorBound) {}

    public boolean anyExceeds() {
        return exceedsMaxKeyShare || indexes.stream().anyMatch(IndexSkew::exceedsMaxKeyShare);
    }

    @Override
    public void renderText(TextWriter out) { SkewText.render(this, out); }
}
