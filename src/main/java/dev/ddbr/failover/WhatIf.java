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
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /**
     * A table whose only replica is in the lost Region: its data is then reachable only through backups.
     *
     * @param status                SAFE (a usable copy exists outside the lost Region) or AT_RISK
     * @param reason                the verdict in plain words
     * @param pitr                  PITR status in the lost Region (ENABLED, DISABLED, unknown)
     * @param copies                one line per copy that was found, where it lives
     * @param copyOutside           a usable copy exists outside the lost Region
     * @param restoreFrom           the newest usable copy outside the lost Region (recovery point ARN), or null
     * @param restoreFromAt         its creation time
     * @param restoreFromAgeSeconds its age: the data a restore from it would miss
     * @param sources               every place looked at, with what was found
     */
    public record Stranded(String table, String status, String reason, String pitr, List<String> copies, boolean copyOutside,
                           String restoreFrom, Instant restoreFromAt, Long restoreFromAgeSeconds,
                           List<BackupCopies.Source> sources) {
        public boolean safe() { return "SAFE".equals(status); }
    }

    /**
     * @param unavailable the parts that could not be read (CloudWatch peaks, the table in the lost Region); any of
     *                    them makes the verdict AT_RISK: what could not be read is never counted as good
     */
    public record Result(String table, String lost, Double lostPeakRead, Double lostPeakWrite, List<Survivor> survivors,
                         List<Stranded> stranded, List<String> notes, List<ReadinessReport.Unavailable> unavailable,
                         String verdict) implements TextRenderable {
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
            if (survivors.isEmpty()) out.line("no replica outside " + lost + ": no survivor carries its traffic");
            else out.table(List.of("survivor", "billing", "reads load / ceiling", "writes load / ceiling", "", "note"), rows);
            if (!stranded.isEmpty()) {
                out.blank();
                out.heading("Tables with no replica outside " + lost + " (reachable only through backups)");
                for (Stranded s : stranded) {
                    out.line(s.table() + ": " + (s.safe() ? "SAFE" : "AT RISK") + " - " + s.reason());
                    List<String[]> kv = new ArrayList<>();
                    for (BackupCopies.Source src : s.sources()) kv.add(TextWriter.kv("  " + label(src), describe(src)));
                    out.keyValues(kv);
                }
            }
            for (String n : notes) out.line("note: " + n);
            if (!unavailable.isEmpty()) {
                out.blank();
                out.line("Unavailable (could not be read; never counted as good):");
                for (ReadinessReport.Unavailable u : unavailable) {
                    out.line("  " + (u.region() == null ? "" : u.region() + " ") + u.part() + " (" + u.api() + "): " + u.reason());
                }
            }
            out.blank();
            long atRisk = stranded.stream().filter(s -> !s.safe()).count();
            long safe = stranded.size() - atRisk;
            boolean over = survivors.stream().anyMatch(Survivor::overloaded);
            List<String> bad = new ArrayList<>();
            if (over) bad.add("survivors would be overloaded");
            if (!unavailable.isEmpty()) bad.add(unavailable.size() + " part(s) could not be read");
            if (atRisk > 0) bad.add(atRisk + " table(s) would be lost: no copy outside " + lost);
            Long oldest = stranded.stream().filter(Stranded::safe).map(Stranded::restoreFromAgeSeconds)
                    .filter(java.util.Objects::nonNull).max(Long::compare).orElse(null);
            String restore = safe > 0 ? safe + " table(s) must be restored from a copy outside " + lost
                    + (oldest == null ? "" : " (up to " + BackupCopies.ageText(oldest) + " of writes lost)") : "";
            List<String> good = new ArrayList<>();
            if (!survivors.isEmpty()) good.add("the survivors can carry " + lost + "'s traffic");
            if (!restore.isEmpty()) good.add(restore);
            if (good.isEmpty()) good.add("nothing depends on " + lost + " alone");
            if (!restore.isEmpty()) bad.add(restore);
            out.verdict(ok() ? Style.Tone.GOOD : Style.Tone.BAD, ok() ? "OK: " + String.join("; ", good) : "AT RISK: " + String.join("; ", bad));
        }

        private static String label(BackupCopies.Source s) {
            return switch (s.kind()) {
                case "pitr" -> "PITR";
                case "dynamodb-backup" -> "DynamoDB backups";
                case "aws-backup" -> "AWS Backup (" + s.region() + ")";
                case "copy-vault" -> "copy_to vault" + (s.region() == null ? "" : " (" + s.region() + ")");
                default -> s.kind();
            };
        }

        private static String describe(BackupCopies.Source s) {
            if (!s.usable()) return s.detail() + (s.kind().equals("copy-vault") ? " [" + s.location() + "]" : "");
            String newest = s.newestAt() == null ? "" : (s.kind().equals("pitr") ? "latest restorable " : "newest ")
                    + s.newestAt() + " (" + BackupCopies.ageText(s.ageSeconds()) + " old)";
            String count = s.kind().equals("pitr") ? "" : s.count() + ", ";
            return count + newest + (s.newestArn() == null ? "" : " " + s.newestArn()) + " - " + s.detail();
        }
    }

    public Result run(String table, String lost, Profile profile, Duration lookBack, Instant now) {
        RegionNames.require(lost, "--lose");
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
        List<ReadinessReport.Unavailable> unavailable = new ArrayList<>();
        Metrics.Peak lostPeak = metrics.peak(lost, table, lookBack);
        if (lostPeak.unavailable() != null) {
            unavailable.add(new ReadinessReport.Unavailable("capacity", lost, Metrics.API, lostPeak.unavailable()));
        }
        List<String> survivorsRegions = regions.stream().filter(r -> !r.equals(lost)).toList();
        List<Survivor> survivors = new ArrayList<>();
        for (String r : survivorsRegions) {
            SurvivorCapacity.Replica own = SurvivorCapacity.read(aws, metrics, table, r, lookBack, notes);
            if (own.peak().unavailable() != null) {
                unavailable.add(new ReadinessReport.Unavailable("capacity", r, Metrics.API, own.peak().unavailable()));
            }
            survivors.add(SurvivorCapacity.survivor(own, lostPeak, lost, survivorsRegions.size()));
        }
        List<Stranded> stranded = stranded(table, profile, lost, now, notes, !survivors.isEmpty(), unavailable);
        if (survivors.isEmpty() && stranded.stream().noneMatch(x -> x.table().equals(table))) {
            // never "OK" for a table with no replica outside the lost Region that could not be evaluated
            throw DdbrException.aws("table '" + table + "' not found in " + lost + ", its only Region",
                    "check the name and the Region; 'ddbr table list --region " + lost + "' shows the tables there", null);
        }
        boolean bad = survivors.stream().anyMatch(Survivor::overloaded) || stranded.stream().anyMatch(s -> !s.safe())
                || !unavailable.isEmpty();
        return new Result(table, lost, lostPeak.readUnitsPerSecond(), lostPeak.writeUnitsPerSecond(), survivors, stranded,
                notes, List.copyOf(unavailable), bad ? "AT_RISK" : "OK");
    }

    /** The named table and the profile's tables that live in {@code lost} and nowhere else, with where copies exist. */
    private List<Stranded> stranded(String table, Profile profile, String lost, Instant now, List<String> notes,
                                    boolean hasSurvivors, List<ReadinessReport.Unavailable> unavailable) {
        List<Stranded> out = new ArrayList<>();
        SnapshotReader reader = new SnapshotReader(aws);
        BackupCopies copies = new BackupCopies(aws, now);
        Set<String> names = new LinkedHashSet<>();
        names.add(table);
        for (TableProfile tp : profile.tables()) names.add(tp.name());
        for (String name : names) {
            TableSettings t;
            try {
                t = reader.read(name, lost, EnumSet.of(SnapshotPart.PITR));
            } catch (DdbrException e) {
                boolean notFound = e.getCause() != null && AwsErrors.kind(e.getCause()) == AwsErrors.Kind.NOT_FOUND;
                // the named table is the subject: if it cannot be read in the lost Region (as when that Region is
                // failing), the survivors still carry a verdict; with none, there is no verdict to give
                if (name.equals(table) && !notFound) {
                    if (!hasSurvivors || e.exitCode() != dev.ddbr.error.ExitCodes.AWS) throw e;
                    unavailable.add(new ReadinessReport.Unavailable("table", lost, "DescribeTable",
                            AwsErrors.describe(e.getCause() == null ? e : e.getCause())));
                    continue;
                }
                if (!notFound) {
                    notes.add("'" + name + "' not checked in " + lost + ": " + e.getMessage());
                }
                continue; // not in the lost Region: unaffected
            }
            List<String> regions = GlobalTables.regions(t);
            if (regions.stream().anyMatch(r -> !r.equals(lost))) continue;
            TableProfile tp = profile.tableOrDefaults(name);
            List<BackupCopies.Source> sources = copies.find(t, lost, tp.backup().copyTo());
            out.add(classify(name, lost, t, sources));
        }
        if (profile.tables().isEmpty()) notes.add("the profile lists no tables: only " + table + " was considered");
        return out;
    }

    static Stranded classify(String name, String lost, TableSettings t, List<BackupCopies.Source> sources) {
        String pitr = t.pointInTimeRecovery() == null ? "unknown" : t.pointInTimeRecovery().status();
        List<String> copies = new ArrayList<>();
        for (BackupCopies.Source s : sources) {
            if (!s.usable()) continue;
            copies.add(switch (s.kind()) {
                case "pitr" -> "PITR in " + lost + " (lost with it)";
                case "dynamodb-backup" -> s.count() + " DynamoDB backup(s) in " + lost + " (lost with it)";
                case "aws-backup" -> s.count() + " AWS Backup recovery point(s) in " + lost + " (lost with it)";
                default -> s.count() + " recovery point(s) in " + s.location()
                        + (s.outsideLostRegion() ? "" : " (lost with " + lost + ")");
            });
        }
        BackupCopies.Source best = sources.stream().filter(s -> s.usable() && s.outsideLostRegion())
                .max(Comparator.comparing(BackupCopies.Source::newestAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .orElse(null);
        if (best != null) {
            return new Stranded(name, "SAFE", "restore from the copy in " + best.location() + ", "
                    + BackupCopies.ageText(best.ageSeconds()) + " old (writes since then would be lost)", pitr, copies, true,
                    best.newestArn(), best.newestAt(), best.ageSeconds(), sources);
        }
        List<String> unknown = sources.stream().filter(s -> BackupCopies.UNKNOWN.equals(s.state()) && s.outsideLostRegion())
                .map(s -> s.location() + ": " + s.detail().replaceFirst("^unknown: ", "")).toList();
        String reason = copies.isEmpty() ? "no copy found anywhere: DATA LOST with " + lost
                : "copies only inside " + lost + ": DATA LOST with the Region";
        if (!unknown.isEmpty()) reason += " (could not read " + String.join("; ", unknown) + ")";
        return new Stranded(name, "AT_RISK", reason, pitr, copies, false, null, null, null, sources);
    }
}
