package dev.ddbr.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbr.capacity.CapacityReport.Entry;
import dev.ddbr.error.DdbrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per-partition headroom from a {@code ddbr skew} JSON report ({@code --skew report.json}): the hottest key's
 * share, applied to the table's (or GSI's) peak and average consumption, against DynamoDB's per-partition limits
 * of 3,000 read and 1,000 write units per second, and the reads a cache (DAX or ElastiCache) in front of that key
 * would take off the table.
 */
public final class PartitionHeadroom {
    public static final double PARTITION_READ_LIMIT = 3000;
    public static final double PARTITION_WRITE_LIMIT = 1000;

    private PartitionHeadroom() {}

    /**
     * @param source              the report file
     * @param measured            what the share measures: "requests" (skew insights) or "storage" (scan, export: a
     *                            proxy for traffic)
     * @param hotKey              the hottest partition key, as the report prints it
     * @param share               its share
     * @param readUnits           its estimated read units per second at the peak (share x peak)
     * @param writeUnits          the same for writes
     * @param readLimitShare      readUnits / 3,000
     * @param writeLimitShare     writeUnits / 1,000
     * @param overLimit           the key alone would pass a partition's limit at the peak: it throttles whatever the
     *                            table's capacity
     * @param cacheOffloadReadUnits reads per second on average a cache in front of the key would serve
     * @param cacheOffloadMonthlyUsd what those reads cost a month on the table in the recommended mode
     */
    public record Partitions(String source, String measured, String hotKey, double share, double readUnits, double writeUnits,
                             double readLimitShare, double writeLimitShare, boolean overLimit, double cacheOffloadReadUnits,
                             double cacheOffloadMonthlyUsd) {}

    /** The report's figures for the table ({@code index} null) or a GSI, or null when the report lacks it. */
    static JsonNode target(JsonNode report, String table, String index) {
        if (!table.equals(report.path("table").asText())) return null;
        if (index == null) return report;
        for (JsonNode i : report.path("indexes")) if (index.equals(i.path("name").asText())) return i;
        return null;
    }

    public static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw DdbrException.invalid("--skew: cannot read '" + file + "' as a ddbr skew JSON report: " + e.getMessage(),
                    "write one with: ddbr skew scan TABLE -o json > report.json");
        }
    }

    /** The entries with their {@code partitions} filled in where the report covers them; reasons added to the table's entry. */
    public static List<Entry> apply(List<Entry> entries, JsonNode report, String source) {
        List<Entry> out = new ArrayList<>();
        String measured = report.path("measured").asText("storage");
        for (Entry e : entries) {
            JsonNode t = target(report, e.name(), e.index());
            if (t == null) {
                out.add(e);
                continue;
            }
            double share = t.path("hottestKeyShare").asDouble(0);
            JsonNode top = t.path("topKeys").path(0);
            String key = top.path("key").asText("?");
            double read = share * e.usage().read().peak();
            double write = share * e.usage().write().peak();
            boolean over = read > PARTITION_READ_LIMIT || write > PARTITION_WRITE_LIMIT;
            double offload = share * e.usage().read().average();
            boolean od = CapacityReport.ON_DEMAND.equals(e.recommended().mode());
            double readCost = od ? e.monthlyCost().onDemand() : e.monthlyCost().provisionedAutoScaling();
            // the read part of the cost, in proportion of units: on-demand per unit, provisioned per unit-hour
            double readShareOfUnits = e.usage().read().average() + e.usage().write().average() == 0 ? 0
                    : e.usage().read().average() / (e.usage().read().average() + 5 * e.usage().write().average());
            double offloadUsd = Advice.cents(Math.max(0, readCost - e.monthlyCost().storage()) * readShareOfUnits * share);
            Partitions p = new Partitions(source, measured, key, share, Advice.round(read, 2), Advice.round(write, 2),
                    Advice.round(read / PARTITION_READ_LIMIT, 4), Advice.round(write / PARTITION_WRITE_LIMIT, 4), over,
                    Advice.round(offload, 2), offloadUsd);
            List<String> reasons = new ArrayList<>(e.recommended().reasons());
            if (over) {
                reasons.add(String.format(Locale.ROOT, "hot key %s (%.0f%% of %s) would need %.0f read and %.0f write units/s at the "
                        + "peak, above a partition's 3,000 RCU / 1,000 WCU: it throttles whatever the capacity; spread the key or cache it",
                        key, share * 100, measured, read, write));
            } else if (read > PARTITION_READ_LIMIT / 2) {
                reasons.add(String.format(Locale.ROOT, "hot key %s takes %.0f read units/s at the peak (%.0f%% of a partition's 3,000): "
                        + "a cache (DAX or ElastiCache) in front of it would serve about %.0f reads/s on average ($%.2f/month of read cost)",
                        key, read, read / PARTITION_READ_LIMIT * 100, offload, offloadUsd));
            }
            CapacityReport.Recommended r = e.recommended();
            out.add(new Entry(e.name(), e.index(), e.current(), new CapacityReport.Recommended(r.mode(), r.action(), r.tableClass(),
                    List.copyOf(reasons), r.read(), r.write()), e.monthlyCost(), e.usage(), e.headroom(), p, e.failover(), e.dataQuality(), e.basis()));
        }
        return out;
    }
}
