package dev.ddbr.failover;

import static dev.ddbr.output.TextWriter.row;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.output.Style;
import dev.ddbr.output.TextRenderable;
import dev.ddbr.output.TextWriter;
import dev.ddbr.profile.Profile;
import dev.ddbr.profile.TableProfile;
import dev.ddbr.table.SnapshotPart;
import dev.ddbr.table.SnapshotReader;
import dev.ddbr.table.TableSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/** {@code ddbr failover what-if TABLE --lose REGION}: can the survivors carry the lost Region's traffic? */
public final class WhatIf {
    private final ClientFactory aws;

    public WhatIf(ClientFactory aws) {
        this.aws = aws;
    }

    /**
     * One surviving replica.
     *
     * @param loadRead    its own peak plus its share of the lost Region's peak (units/s)
     * @param ceilingRead the most it can take at once (auto scaling max / provisioned; on-demand: the higher of
     *                    warm throughput and twice its previous peak), capped by the table and account quotas
     */
    public record Survivor(String region, String billingMode, Double ownPeakRead, Double ownPeakWrite, Double loadRead,
                           Double loadWrite, Double ceilingRead, Double ceilingWrite, Long quotaTableRead,
                           Long quotaTableWrite, boolean overloaded, String note) {}

    /** A profile table whose only replica is in the lost Region: its data is then reachable only through backups. */
    public record Stranded(String table, String pitr, List<String> copies, boolean copyOutside) {}

    public record Result(String table, String lost, Double lostPeakRead, Double lostPeakWrite, List<Survivor> survivors,
                         List<Stranded> stranded, List<String> notes, String verdict) implements TextRenderable {
        public boolean ok() { return "OK".equals(verdict); }

        @Override
        public void renderText(TextWriter out) {
            out.heading("What if " + lost + " disappears: " + table + " (its peak " + ReadinessReport.num(lostPeakRead) + " reads/s, "
                    + ReadinessReport.num(lostPeakWrite) + " writes/s)");
            List<List<String>> rows = new ArrayList<>();
            for (Survivor s : survivors) {
                rows.add(row(s.region(), s.billingMode(), ReadinessReport.num(s.loadRead()) + " / " + ReadinessReport.num(s.ceilingRead()),
                        ReadinessReport.num(s.loadWrite()) + " / " + ReadinessReport.num(s.ceilingWrite()),
                        s.overloaded() ? "OVERLOADED" : "ok", s.note()));
            }
            out.table(List.of("survivor", "billing", "reads load / ceiling", "writes load / ceiling", "", "note"), rows);
            if (!stranded.isEmpty()) {
                out.blank();
                List<List<String>> sr = new ArrayList<>();
                for (Stranded s : stranded) {
                    sr.add(row(s.table(), s.pitr(), s.copies().isEmpty() ? "none" : String.join(", ", s.copies()),
                            s.copyOutside() ? "restore from the copy" : "DATA LOST"));
                }
                out.table(List.of("no replica outside " + lost, "pitr", "copies", "outcome"), sr);
            }
            for (String n : notes) out.line("note: " + n);
            out.blank();
            out.verdict(ok() ? Style.Tone.GOOD : Style.Tone.BAD, ok() ? "OK: the survivors can carry " + lost + "'s traffic"
                    : "AT RISK: " + (survivors.stream().anyMatch(Survivor::overloaded) ? "survivors would be overloaded" : "")
                    + (survivors.stream().anyMatch(Survivor::overloaded) && !stranded.isEmpty() ? "; " : "")
                    + (stranded.isEmpty() ? "" : stranded.size() + " table(s) would be reachable only through backups"));
        }
    }

    public Result run(String table, String lost, Profile profile, Duration lookBack, Instant now) {
        Optional<TableProfile.Failover> fo = profile.tableOrDefaults(table).failover();
        SnapshotReader reader = new SnapshotReader(aws);
        List<String> regions = fo.map(TableProfile.Failover::regions)
                .orElseGet(() -> GlobalTables.regions(reader.read(table, EnumSet.noneOf(SnapshotPart.class))));
        if (!regions.contains(lost)) {
            throw DdbrException.invalid("'" + table + "' has no replica in " + lost + " (its Regions: " + String.join(", ", regions) + ")",
                    "pass one of its Regions to --lose");
        }
        Metrics metrics = new Metrics(aws, now);
        List<String> notes = new ArrayList<>();
        Metrics.Peak lostPeak = metrics.peak(lost, table, lookBack);
        List<String> survivorsRegions = regions.stream().filter(r -> !r.equals(lost)).toList();
        List<Survivor> survivors = new ArrayList<>();
        for (String r : survivorsRegions) {
            TableSettings t = reader.read(table, r, EnumSet.of(SnapshotPart.AUTO_SCALING));
            Metrics.Peak own = metrics.peak(r, table, lookBack);
            Double loadR = add(own.readUnitsPerSecond(), share(lostPeak.readUnitsPerSecond(), survivorsRegions.size()));
            Double loadW = add(own.writeUnitsPerSecond(), share(lostPeak.writeUnitsPerSecond(), survivorsRegions.size()));
            Double ceilR = Readiness.ceiling(t, own.readUnitsPerSecond(), Readiness.asMax(t, "dynamodb:table:ReadCapacityUnits"), true);
            Double ceilW = Readiness.ceiling(t, own.writeUnitsPerSecond(), Readiness.asMax(t, "dynamodb:table:WriteCapacityUnits"), false);
            Long[] quota = limits(r, notes);
            if (quota[0] != null && ceilR != null) ceilR = Math.min(ceilR, quota[0]);
            if (quota[1] != null && ceilW != null) ceilW = Math.min(ceilW, quota[1]);
            boolean over = loadR != null && ceilR != null && loadR > ceilR || loadW != null && ceilW != null && loadW > ceilW;
            String note = loadR == null && loadW == null ? "no CloudWatch data" : ceilR == null && ceilW == null
                    ? "ceiling unknown (on-demand without peak or warm throughput)" : "";
            survivors.add(new Survivor(r, t.billingMode(), own.readUnitsPerSecond(), own.writeUnitsPerSecond(), loadR, loadW,
                    ceilR, ceilW, quota[0], quota[1], over, note));
        }
        List<Stranded> stranded = stranded(profile, lost, notes);
        boolean bad = survivors.stream().anyMatch(Survivor::overloaded) || !stranded.isEmpty();
        return new Result(table, lost, lostPeak.readUnitsPerSecond(), lostPeak.writeUnitsPerSecond(), survivors, stranded,
                notes, bad ? "AT_RISK" : "OK");
    }

    /** Per-table quotas in a Region (DescribeLimits), or nulls when the endpoint lacks the API. */
    private Long[] limits(String region, List<String> notes) {
        try {
            var l = aws.dynamodb(region).describeLimits();
            return new Long[] {l.tableMaxReadCapacityUnits(), l.tableMaxWriteCapacityUnits()};
        } catch (SdkException e) {
            notes.add("account and table quotas in " + region + " unknown: " + AwsErrors.describe(e));
            return new Long[] {null, null};
        }
    }

    /** Tables of the profile that live in {@code lost} and nowhere else. */
    private List<Stranded> stranded(Profile profile, String lost, List<String> notes) {
        List<Stranded> out = new ArrayList<>();
        SnapshotReader reader = new SnapshotReader(aws);
        Map<String, TableSettings> seen = new LinkedHashMap<>();
        for (TableProfile tp : profile.tables()) {
            TableSettings t;
            try {
                t = reader.read(tp.name(), lost, EnumSet.of(SnapshotPart.PITR));
            } catch (DdbrException e) {
                continue; // not in the lost Region: unaffected
            }
            seen.put(tp.name(), t);
            List<String> regions = GlobalTables.regions(t);
            if (regions.stream().anyMatch(r -> !r.equals(lost))) continue;
            List<String> copies = new ArrayList<>();
            boolean outside = false;
            if (tp.backup().copyTo().isPresent()) {
                String vault = tp.backup().copyTo().get().vaultArn();
                String[] p = vault.split(":");
                String vaultRegion = p.length > 3 ? p[3] : "?";
                copies.add("AWS Backup copies in " + vault);
                outside = !vaultRegion.equals(lost);
            }
            String pitr = t.pointInTimeRecovery() == null ? "unknown" : t.pointInTimeRecovery().status();
            if (t.pointInTimeRecovery() != null && t.pointInTimeRecovery().enabled()) copies.add("PITR in " + lost + " (lost with it)");
            out.add(new Stranded(tp.name(), pitr, copies, outside));
        }
        if (profile.tables().isEmpty()) notes.add("the profile lists no tables: only " + "the named table was considered");
        return out;
    }

    private static Double share(Double v, int n) { return v == null ? null : v / n; }

    private static Double add(Double a, Double b) {
        if (a == null && b == null) return null;
        return (a == null ? 0 : a) + (b == null ? 0 : b);
    }
}
