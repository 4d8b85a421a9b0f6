package dev.ddbr.failover;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one computation of what each surviving Region of a global table must carry when another Region's traffic moves
 * to it, shared by {@code ddbr failover what-if} and {@code ddbr capacity advise}.
 *
 * <ul>
 *   <li><b>load</b> of a survivor = its own peak + the lost Region's peak / the number of survivors (the traffic is
 *       spread evenly over them), reads and writes apart, units per second;</li>
 *   <li><b>ceiling</b> = what it can take at once ({@link Readiness#ceiling}: the auto scaling maximum or provisioned
 *       capacity; on-demand the higher of warm throughput and twice its previous peak, at most the on-demand maximum),
 *       capped by the account's per-table quota of that Region (DescribeLimits);</li>
 *   <li><b>overloaded</b> when the load passes the ceiling in either dimension.</li>
 * </ul>
 */
public final class SurvivorCapacity {
    private SurvivorCapacity() {}

    /**
     * One Region's replica as a failover sees it.
     *
     * @param table     its settings (read with the AUTO_SCALING part)
     * @param peak      its own peak consumption (or why it could not be read)
     * @param quotaRead the account's per-table read quota there (DescribeLimits), null when unknown
     */
    public record Replica(String region, TableSettings table, Metrics.Peak peak, Long quotaRead, Long quotaWrite) {}

    /** Reads one Region's replica: settings, peak over {@code lookBack}, per-table quotas; notes say what was unknown. */
    public static Replica read(ClientFactory aws, Metrics metrics, String table, String region, Duration lookBack, List<String> notes) {
        TableSettings t = new SnapshotReader(aws).read(table, region, EnumSet.of(SnapshotPart.AUTO_SCALING));
        return read(aws, metrics, t, lookBack, notes);
    }

    /** The same from settings already read. */
    public static Replica read(ClientFactory aws, Metrics metrics, TableSettings t, Duration lookBack, List<String> notes) {
        Long[] quota = tableQuotas(aws, t.region(), notes);
        return new Replica(t.region(), t, metrics.peak(t.region(), t.name(), lookBack), quota[0], quota[1]);
    }

    /** The account's per-table quotas in a Region (DescribeLimits), or nulls, with a note, when the endpoint lacks the API. */
    public static Long[] tableQuotas(ClientFactory aws, String region, List<String> notes) {
        try {
            var l = aws.dynamodb(region).describeLimits();
            return new Long[] {l.tableMaxReadCapacityUnits(), l.tableMaxWriteCapacityUnits()};
        } catch (SdkException e) {
            String why = AwsErrors.kind(e) == AwsErrors.Kind.UNSUPPORTED
                    ? "the endpoint has no DescribeLimits (" + AwsErrors.describe(e) + ")" : AwsErrors.describe(e);
            notes.add("account and table quotas in " + region + " unknown: " + why);
            return new Long[] {null, null};
        }
    }

    /** What {@code own} carries when {@code lostPeak}'s Region fails and {@code survivors} Regions share its traffic. Pure. */
    public static WhatIf.Survivor survivor(Replica own, Metrics.Peak lostPeak, String lost, int survivors) {
        TableSettings t = own.table();
        Metrics.Peak p = own.peak();
        Double loadR = add(p.readUnitsPerSecond(), share(lostPeak.readUnitsPerSecond(), survivors));
        Double loadW = add(p.writeUnitsPerSecond(), share(lostPeak.writeUnitsPerSecond(), survivors));
        Double ceilR = Readiness.ceiling(t, p.readUnitsPerSecond(), Readiness.asMax(t, "dynamodb:table:ReadCapacityUnits"), true);
        Double ceilW = Readiness.ceiling(t, p.writeUnitsPerSecond(), Readiness.asMax(t, "dynamodb:table:WriteCapacityUnits"), false);
        if (own.quotaRead() != null && ceilR != null) ceilR = Math.min(ceilR, own.quotaRead());
        if (own.quotaWrite() != null && ceilW != null) ceilW = Math.min(ceilW, own.quotaWrite());
        boolean over = loadR != null && ceilR != null && loadR > ceilR || loadW != null && ceilW != null && loadW > ceilW;
        String note = p.unavailable() != null || lostPeak.unavailable() != null
                ? "load unknown: consumed capacity unavailable" + (p.unavailable() != null ? " here" : " in " + lost)
                : loadR == null && loadW == null ? "no CloudWatch data" : ceilR == null && ceilW == null
                ? "ceiling unknown (on-demand without peak or warm throughput)" : "";
        return new WhatIf.Survivor(own.region(), t.billingMode(), p.readUnitsPerSecond(), p.writeUnitsPerSecond(), loadR, loadW,
                ceilR, ceilW, own.quotaRead(), own.quotaWrite(), over, note);
    }

    /**
     * For each Region of {@code replicas} lost in turn, what every other one carries. Pure.
     *
     * @param replicas every Region's replica, by Region
     */
    public static List<Loss> everyLoss(Map<String, Replica> replicas) {
        List<Loss> out = new ArrayList<>();
        for (Replica lost : replicas.values()) {
            List<Replica> others = replicas.values().stream().filter(r -> !r.region().equals(lost.region())).toList();
            List<WhatIf.Survivor> s = new ArrayList<>();
            for (Replica r : others) s.add(survivor(r, lost.peak(), lost.region(), others.size()));
            out.add(new Loss(lost.region(), lost.peak().readUnitsPerSecond(), lost.peak().writeUnitsPerSecond(), s));
        }
        return out;
    }

    /**
     * One Region lost: its peaks and what each survivor then carries.
     *
     * @param lost          the Region lost
     * @param lostPeakRead  its peak reads (units/s), null without data
     * @param survivors     each other Region: own peak, load, ceiling, overloaded
     */
    public record Loss(String lost, Double lostPeakRead, Double lostPeakWrite, List<WhatIf.Survivor> survivors) {
        public boolean overloaded() { return survivors.stream().anyMatch(WhatIf.Survivor::overloaded); }
    }

    static Double share(Double v, int n) { return v == null || n <= 0 ? null : v / n; }

    static Double add(Double a, Double b) {
        if (a == null && b == null) return null;
        return (a == null ? 0 : a) + (b == null ? 0 : b);
    }
}
