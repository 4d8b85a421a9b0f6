package dev.ddbr.failover;

import dev.ddbr.aws.AwsErrors;
import dev.ddbr.aws.ClientFactory;
import dev.ddbr.error.DdbrException;
import dev.ddbr.failover.ReadinessReport.DnsRecord;
import dev.ddbr.failover.ReadinessReport.Estimate;
import dev.ddbr.failover.ReadinessReport.HealthCheck;
import dev.ddbr.failover.ReadinessReport.Reason;
import dev.ddbr.failover.ReadinessReport.Replica;
import dev.ddbr.failover.ReadinessReport.Route53Info;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;

/** {@code ddbr failover check}: is every replica ready to take the traffic, within the objectives? */
public final class Readiness {
    /** Replica statuses that mean "not serving as a replica now". */
    static final Set<String> NOT_READY_STATUSES = Set.of("CREATION_FAILED", "DELETING", "REGION_DISABLED",
            "INACCESSIBLE_ENCRYPTION_CREDENTIALS", "ARCHIVING", "ARCHIVED", "REPLICATION_NOT_AUTHORIZED");
    /** Replica statuses that are transitional: it will likely serve, but not yet or not for sure. */
    static final Set<String> AT_RISK_STATUSES = Set.of("CREATING", "UPDATING");
    static final String UNKNOWN_RTO = "no Route 53 health check or app switch time configured";
    /** The start of an error for a Region whose table could not be described (unreachable, 5xx, access denied). */
    static final String UNREADABLE_TABLE = "cannot describe the table: ";
    static final Set<SnapshotPart> PARTS = EnumSet.of(SnapshotPart.PITR, SnapshotPart.TTL, SnapshotPart.KMS, SnapshotPart.AUTO_SCALING);

    private final ClientFactory aws;

    public Readiness(ClientFactory aws) {
        this.aws = aws;
    }

    /** Everything {@link #judge} needs, gathered from AWS. */
    public record Inputs(String table, List<String> regions, Map<String, TableSettings> snapshots,
                         Map<String, String> errors, Map<String, Metrics.Peak> peaks,
                         List<Metrics.Replication> replication, Route53Info route53, Optional<Integer> rpoSeconds,
                         Optional<Integer> rtoSeconds, int appSwitchSeconds, Duration window, Instant now) {}

    /** The Regions to check: the flag, then the profile, then the table's replicas as seen from the default Region. */
    public List<String> regions(String table, List<String> flag, Optional<TableProfile.Failover> fo) {
        if (flag != null && !flag.isEmpty()) return List.copyOf(RegionNames.require(flag, "--regions"));
        if (fo.isPresent()) return fo.get().regions();
        return GlobalTables.regions(new SnapshotReader(aws).read(table, EnumSet.noneOf(SnapshotPart.class)));
    }

    public Inputs gather(String table, List<String> regions, Optional<TableProfile.Failover> fo, Duration window,
                         Duration lookBack, Instant now) {
        if (regions.size() < 2) {
            throw DdbrException.invalid("a failover check needs at least two Regions, got " + regions,
                    "pass --regions A,B or set failover.regions in the profile");
        }
        SnapshotReader reader = new SnapshotReader(aws);
        Map<String, TableSettings> snaps = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, Metrics.Peak> peaks = new LinkedHashMap<>();
        Metrics metrics = new Metrics(aws, now);
        DdbrException firstUnreadable = null;
        for (String r : regions) {
            try {
                snaps.put(r, reader.read(table, r, PARTS));
            } catch (DdbrException e) {
                AwsErrors.Kind kind = e.getCause() == null ? AwsErrors.Kind.OTHER : AwsErrors.kind(e.getCause());
                if (kind == AwsErrors.Kind.NOT_FOUND) {
                    errors.put(r, "no table '" + table + "' in " + r);
                } else if (e.exitCode() == dev.ddbr.error.ExitCodes.AWS && kind != AwsErrors.Kind.BAD_CREDENTIALS) {
                    // a Region that cannot be reached (as in a Region that is failing) is a finding, not the end of the check
                    errors.put(r, UNREADABLE_TABLE + AwsErrors.describe(e.getCause() == null ? e : e.getCause()));
                    if (firstUnreadable == null) firstUnreadable = e;
                } else {
                    throw e;
                }
            }
            peaks.put(r, snaps.containsKey(r) ? metrics.peak(r, table, lookBack) : Metrics.Peak.NONE);
        }
        if (snaps.isEmpty()) {
            // the table could be described nowhere: no verdict to give
            if (firstUnreadable != null) throw firstUnreadable;
            // no replica anywhere: a missing table, not a readiness problem (like 'ddbr table describe')
            throw DdbrException.aws("table '" + table + "' not found in " + String.join(", ", regions),
                    "check the name and the Regions (--regions, failover.regions); 'ddbr table list' shows the tables there", null);
        }
        List<Metrics.Replication> repl = new ArrayList<>();
        for (String from : snaps.keySet()) {
            for (String to : snaps.keySet()) {
                if (!from.equals(to)) repl.add(metrics.replication(from, to, table, window));
            }
        }
        Route53Info r53 = fo.flatMap(TableProfile.Failover::route53).map(this::route53).orElse(null);
        return new Inputs(table, regions, snaps, errors, peaks, repl, r53, fo.flatMap(TableProfile.Failover::rpoSeconds),
                fo.flatMap(TableProfile.Failover::rtoSeconds), fo.map(TableProfile.Failover::appSwitchSeconds).orElse(0), window, now);
    }

    Route53Info route53(TableProfile.Route53 cfg) {
        Route53Client r53 = aws.route53();
        String zone = cfg.hostedZoneId().replaceFirst("^/hostedzone/", "");
        String name = cfg.recordName().endsWith(".") ? cfg.recordName() : cfg.recordName() + ".";
        List<HealthCheck> checks = new ArrayList<>();
        for (String id : cfg.healthCheckIds()) {
            try {
                var c = r53.getHealthCheck(b -> b.healthCheckId(id)).healthCheck().healthCheckConfig();
                checks.add(new HealthCheck(id, c.requestInterval(), c.failureThreshold(), null));
            } catch (SdkException e) {
                checks.add(new HealthCheck(id, null, null, AwsErrors.describe(e)));
            }
        }
        List<DnsRecord> records = new ArrayList<>();
        String error = null;
        try {
            var resp = r53.listResourceRecordSets(b -> b.hostedZoneId(zone).startRecordName(name));
            for (var rr : resp.resourceRecordSets()) {
                if (!name.equalsIgnoreCase(rr.name())) continue;
                records.add(new DnsRecord(rr.name(), rr.typeAsString(), rr.setIdentifier(), rr.failoverAsString(), rr.ttl(),
                        rr.healthCheckId(), rr.aliasTarget() != null));
            }
        } catch (SdkException e) {
            error = AwsErrors.describe(e);
        }
        return new Route53Info(zone, name, checks, records, error);
    }

    /** The verdict: pure, so every rule is unit-tested. */
    public static ReadinessReport judge(Inputs in) {
        List<Reason> reasons = new ArrayList<>();
        List<String> present = new ArrayList<>(in.snapshots().keySet());
        TableSettings primary = present.isEmpty() ? null : in.snapshots().get(present.get(0));
        List<Replica> rows = new ArrayList<>();
        List<ReadinessReport.Unavailable> unavailable = unavailable(in);
        for (String r : in.regions()) {
            if (in.errors().containsKey(r)) {
                reasons.add(new Reason(ReadinessReport.NOT_READY, r, in.errors().get(r)));
                rows.add(new Replica(r, null, null, null, null, null, null, null, null, List.of(), null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, in.errors().get(r)));
                continue;
            }
            TableSettings t = in.snapshots().get(r);
            rows.add(replica(in, t, reasons, primary));
        }
        // replication lag -> RPO
        Double worstMax = in.replication().stream().map(Metrics.Replication::maxMs).filter(Objects::nonNull).max(Double::compare).orElse(null);
        Double worstP99 = in.replication().stream().map(Metrics.Replication::p99Ms).filter(Objects::nonNull).max(Double::compare).orElse(null);
        Estimate rpo;
        List<Metrics.Replication> unreadRepl = in.replication().stream().filter(x -> x.unavailable() != null).toList();
        for (Metrics.Replication x : unreadRepl) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, x.from(), "replication metrics to " + x.to() + " unavailable ("
                    + x.unavailable() + "): replication lag is unknown"));
        }
        if (worstMax == null && !unreadRepl.isEmpty()) {
            rpo = new Estimate(null, in.rpoSeconds().orElse(null), "replication metrics unavailable");
        } else if (worstMax == null) {
            rpo = new Estimate(null, in.rpoSeconds().orElse(null), "no ReplicationLatency data in the last " + in.window().toMinutes() + "m");
            if (!in.replication().isEmpty()) reasons.add(new Reason(ReadinessReport.AT_RISK, null,
                    "no ReplicationLatency data in the last " + in.window().toMinutes() + "m: replication lag is unknown"));
        } else {
            rpo = new Estimate(worstMax / 1000.0, in.rpoSeconds().orElse(null),
                    "worst ReplicationLatency max over the window" + (worstP99 == null ? "" : String.format(java.util.Locale.ROOT, " (p99 %.0fms)", worstP99))
                            + (unreadRepl.isEmpty() ? "" : "; some Regions' metrics unavailable"));
            if (in.rpoSeconds().isPresent()) {
                int obj = in.rpoSeconds().get();
                if (worstP99 != null && worstP99 / 1000.0 > obj) {
                    reasons.add(new Reason(ReadinessReport.NOT_READY, null, String.format(java.util.Locale.ROOT,
                            "replication lag p99 %.1fs exceeds rpo_seconds %d", worstP99 / 1000.0, obj)));
                } else if (worstMax / 1000.0 > obj) {
                    reasons.add(new Reason(ReadinessReport.AT_RISK, null, String.format(java.util.Locale.ROOT,
                            "replication lag max %.1fs exceeds rpo_seconds %d", worstMax / 1000.0, obj)));
                }
            }
        }
        // detection + DNS + application -> RTO
        Estimate rto = rto(in, reasons);
        String verdict = reasons.stream().anyMatch(x -> x.severity().equals(ReadinessReport.NOT_READY)) ? ReadinessReport.NOT_READY
                : reasons.isEmpty() ? ReadinessReport.READY : ReadinessReport.AT_RISK;
        return new ReadinessReport(in.table(), in.regions(), in.now(), in.window().toSeconds(), rows, in.replication(),
                in.route53(), rpo, rto, verdict, List.copyOf(reasons), unavailable);
    }

    /** Every part that could not be read, in Region order: the table, its snapshot parts, capacity, replication, Route 53. */
    static List<ReadinessReport.Unavailable> unavailable(Inputs in) {
        List<ReadinessReport.Unavailable> out = new ArrayList<>();
        for (String r : in.regions()) {
            String e = in.errors().get(r);
            if (e != null && e.startsWith(UNREADABLE_TABLE)) {
                out.add(new ReadinessReport.Unavailable("table", r, "DescribeTable", e.substring(UNREADABLE_TABLE.length())));
            }
            TableSettings t = in.snapshots().get(r);
            if (t != null) {
                for (TableSettings.Unavailable u : t.unavailable()) {
                    out.add(new ReadinessReport.Unavailable(u.field(), r, u.api(),
                            u.detail() == null ? u.reason() : u.reason() + ": " + u.detail()));
                }
            }
            Metrics.Peak p = in.peaks().get(r);
            if (p != null && p.unavailable() != null) {
                out.add(new ReadinessReport.Unavailable("capacity", r, Metrics.API, p.unavailable()));
            }
        }
        for (Metrics.Replication x : in.replication()) {
            if (x.unavailable() != null) {
                out.add(new ReadinessReport.Unavailable("replication", x.from(), Metrics.API, "to " + x.to() + ": " + x.unavailable()));
            }
        }
        Route53Info r53 = in.route53();
        if (r53 != null) {
            if (r53.error() != null) {
                out.add(new ReadinessReport.Unavailable("route53", null, "route53:ListResourceRecordSets", r53.error()));
            }
            for (HealthCheck h : r53.healthChecks()) {
                if (h.error() != null) {
                    out.add(new ReadinessReport.Unavailable("route53", null, "route53:GetHealthCheck", "health check " + h.id() + ": " + h.error()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static Estimate rto(Inputs in, List<Reason> reasons) {
        Route53Info r53 = in.route53();
        if (r53 == null && in.appSwitchSeconds() <= 0) {
            // nothing to add up: 0s would read as "instant failover"
            if (in.rtoSeconds().isPresent()) {
                reasons.add(new Reason(ReadinessReport.AT_RISK, null, "RTO unknown: no Route 53 health check or app switch time "
                        + "configured, so rto_seconds " + in.rtoSeconds().get() + " cannot be shown to be met"));
            }
            return new Estimate(null, in.rtoSeconds().orElse(null), UNKNOWN_RTO);
        }
        if (r53 == null) {
            double s = in.appSwitchSeconds();
            Estimate e = new Estimate(s, in.rtoSeconds().orElse(null), "application switch " + in.appSwitchSeconds()
                    + "s only (no failover.route53 in the profile: detection and DNS TTL not counted)");
            if (in.rtoSeconds().isPresent() && s > in.rtoSeconds().get()) {
                reasons.add(new Reason(ReadinessReport.NOT_READY, null, "RTO estimate " + (int) s + "s exceeds rto_seconds " + in.rtoSeconds().get()));
            }
            return e;
        }
        if (r53.error() != null) reasons.add(new Reason(ReadinessReport.AT_RISK, null, "cannot read Route 53 record " + r53.recordName() + ": " + r53.error()));
        int detection = 0;
        for (HealthCheck h : r53.healthChecks()) {
            if (h.error() != null) {
                reasons.add(new Reason(ReadinessReport.AT_RISK, null, "health check " + h.id() + " unreadable: " + h.error()));
            } else {
                detection = Math.max(detection, (h.intervalSeconds() == null ? 30 : h.intervalSeconds())
                        * (h.failureThreshold() == null ? 3 : h.failureThreshold()));
            }
        }
        long ttl = r53.records().stream().map(DnsRecord::ttl).filter(Objects::nonNull).mapToLong(Long::longValue).max().orElse(0);
        if (r53.error() == null && r53.records().stream().noneMatch(d -> d.failover() != null)) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, null, "Route 53 record " + r53.recordName() + " has no failover routing"));
        }
        if (r53.healthChecks().isEmpty() && r53.records().stream().allMatch(d -> d.healthCheckId() == null)) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, null, "no Route 53 health check guards " + r53.recordName() + ": failover would be manual"));
        }
        double s = detection + ttl + in.appSwitchSeconds();
        Estimate e = new Estimate(s, in.rtoSeconds().orElse(null), "health-check detection " + detection + "s + DNS TTL " + ttl
                + "s + application switch " + in.appSwitchSeconds() + "s");
        if (in.rtoSeconds().isPresent() && s > in.rtoSeconds().get()) {
            reasons.add(new Reason(ReadinessReport.NOT_READY, null, "RTO estimate " + (long) s + "s exceeds rto_seconds " + in.rtoSeconds().get()));
        }
        return e;
    }

    private static Replica replica(Inputs in, TableSettings t, List<Reason> reasons, TableSettings primary) {
        String r = t.region();
        // status as the other Regions report it
        String replicaStatus = null;
        for (TableSettings other : in.snapshots().values()) {
            if (other == t) continue;
            String s = GlobalTables.statusOf(other, r);
            if (s != null) {
                replicaStatus = s;
                break;
            }
            if (!GlobalTables.regions(other).contains(r)) {
                reasons.add(new Reason(ReadinessReport.NOT_READY, r, "the replica in " + other.region() + " does not list " + r + " as a replica"));
            }
        }
        if (replicaStatus != null) {
            if (NOT_READY_STATUSES.contains(replicaStatus)) reasons.add(new Reason(ReadinessReport.NOT_READY, r, "replica status " + replicaStatus));
            else if (AT_RISK_STATUSES.contains(replicaStatus)) reasons.add(new Reason(ReadinessReport.AT_RISK, r, "replica status " + replicaStatus));
            else if (!"ACTIVE".equals(replicaStatus)) reasons.add(new Reason(ReadinessReport.AT_RISK, r, "unknown replica status " + replicaStatus));
        }
        if (!"ACTIVE".equals(t.status())) reasons.add(new Reason(ReadinessReport.AT_RISK, r, "table status " + t.status()));
        if (t.globalTableVersion() == null) {
            reasons.add(new Reason(ReadinessReport.NOT_READY, r, "not a global table (no GlobalTableVersion)"));
        } else if (!GlobalTables.CURRENT_VERSION.equals(t.globalTableVersion())) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "global table version " + t.globalTableVersion()
                    + " is legacy; upgrade to 2019.11.21"));
        }
        // encryption
        TableSettings.Encryption enc = t.encryption();
        if (enc != null && enc.keyState() != null && !"Enabled".equals(enc.keyState())) {
            reasons.add(new Reason(ReadinessReport.NOT_READY, r, "KMS key " + enc.kmsKeyArn() + " is " + enc.keyState()
                    + ": the replica becomes inaccessible"));
        } else if (enc != null && "KMS_UNRESOLVED".equals(enc.keyType())) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "KMS key " + enc.kmsKeyArn() + " could not be checked (kms:DescribeKey)"));
        }
        for (TableSettings.Unavailable u : t.unavailable()) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "cannot read " + u.field() + " (" + u.api() + ": " + u.reason().toLowerCase() + ")"));
        }
        // parity with the primary
        if (primary != null && primary != t) parity(primary, t, reasons);
        // capacity: can it take the traffic of the others?
        Metrics.Peak own = in.peaks().getOrDefault(r, Metrics.Peak.NONE);
        // a peak that could not be read leaves what a failover would bring unknown: never counted as enough
        List<String> unreadPeaks = in.peaks().entrySet().stream().filter(e -> e.getValue().unavailable() != null)
                .map(Map.Entry::getKey).toList();
        if (own.unavailable() != null) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "capacity unknown: consumed capacity unavailable (" + own.unavailable() + ")"));
        } else if (!unreadPeaks.isEmpty()) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "capacity unknown: the consumed capacity of "
                    + String.join(", ", unreadPeaks) + " is unavailable, so what a failover would bring here is not known"));
        }
        Double neededR = unreadPeaks.isEmpty() ? needed(in, r, true) : null;
        Double neededW = unreadPeaks.isEmpty() ? needed(in, r, false) : null;
        Integer asMaxR = asMax(t, "dynamodb:table:ReadCapacityUnits");
        Integer asMaxW = asMax(t, "dynamodb:table:WriteCapacityUnits");
        Double ceilR = ceiling(t, own.readUnitsPerSecond(), asMaxR, true);
        Double ceilW = ceiling(t, own.writeUnitsPerSecond(), asMaxW, false);
        if (neededR != null && ceilR != null && ceilR < neededR) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, String.format(java.util.Locale.ROOT,
                    "can take %.0f read units/s now, a failover would bring %.0f (raise %s)", ceilR, neededR, raise(t))));
        }
        if (neededW != null && ceilW != null && ceilW < neededW) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, String.format(java.util.Locale.ROOT,
                    "can take %.0f write units/s now, a failover would bring %.0f (raise %s)", ceilW, neededW, raise(t))));
        }
        return new Replica(r, t.status(), replicaStatus, t.globalTableVersion(), t.billingMode(),
                t.provisionedThroughput() == null ? null : t.provisionedThroughput().readCapacityUnits(),
                t.provisionedThroughput() == null ? null : t.provisionedThroughput().writeCapacityUnits(),
                asMaxR, asMaxW, t.globalSecondaryIndexes().stream().map(TableSettings.Gsi::name).sorted().toList(),
                t.pointInTimeRecovery() == null ? "unknown" : t.pointInTimeRecovery().status(), t.deletionProtection(),
                ttl(t), t.stream().enabled() ? t.stream().viewType() : "off",
                enc == null ? null : enc.keyType(), enc == null ? null : enc.keyState(),
                t.warmThroughput() == null ? null : t.warmThroughput().readUnitsPerSecond(),
                t.warmThroughput() == null ? null : t.warmThroughput().writeUnitsPerSecond(),
                own.readUnitsPerSecond(), own.writeUnitsPerSecond(), ceilR, ceilW, neededR, neededW, null);
    }

    private static String raise(TableSettings t) {
        return t.isProvisioned() ? "the auto scaling maximum" : "the warm throughput (UpdateTable WarmThroughput)";
    }

    static String ttl(TableSettings t) {
        if (t.ttl() == null) return "unknown";
        return "ENABLED".equals(t.ttl().status()) ? t.ttl().attributeName() : t.ttl().status().toLowerCase();
    }

    private static void parity(TableSettings p, TableSettings t, List<Reason> reasons) {
        String r = t.region();
        String pr = p.region();
        Set<String> pg = gsiShape(p);
        Set<String> tg = gsiShape(t);
        if (!pg.equals(tg)) {
            reasons.add(new Reason(ReadinessReport.NOT_READY, r, "GSIs differ from " + pr + ": " + tg + " vs " + pg
                    + " (queries on a missing index fail after failover)"));
        }
        if (!Objects.equals(p.billingMode(), t.billingMode())) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "billing mode " + t.billingMode() + " differs from " + pr + " (" + p.billingMode() + ")"));
        }
        if (p.pointInTimeRecovery() != null && t.pointInTimeRecovery() != null
                && p.pointInTimeRecovery().enabled() != t.pointInTimeRecovery().enabled()) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "PITR is " + t.pointInTimeRecovery().status() + " here but "
                    + p.pointInTimeRecovery().status() + " in " + pr));
        }
        if (!Objects.equals(p.deletionProtection(), t.deletionProtection())) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "deletion protection is " + (Boolean.TRUE.equals(t.deletionProtection()) ? "on" : "off")
                    + " here but " + (Boolean.TRUE.equals(p.deletionProtection()) ? "on" : "off") + " in " + pr));
        }
        if (p.ttl() != null && t.ttl() != null && !ttl(p).equals(ttl(t))) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "TTL is " + ttl(t) + " here but " + ttl(p) + " in " + pr));
        }
        if (p.stream().enabled() != t.stream().enabled() || !Objects.equals(p.stream().viewType(), t.stream().viewType())) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "stream differs from " + pr));
        }
        if (p.encryption() != null && t.encryption() != null && !Objects.equals(p.encryption().keyType(), t.encryption().keyType())) {
            reasons.add(new Reason(ReadinessReport.AT_RISK, r, "encryption key type " + t.encryption().keyType() + " differs from "
                    + pr + " (" + p.encryption().keyType() + ")"));
        }
        if (p.isProvisioned() && t.isProvisioned() && p.autoScaling() != null && t.autoScaling() != null) {
            boolean pa = !p.autoScaling().targets().isEmpty();
            boolean ta = !t.autoScaling().targets().isEmpty();
            if (pa && !ta) reasons.add(new Reason(ReadinessReport.AT_RISK, r, "no auto scaling here, but " + pr + " scales"));
            for (String dim : List.of("dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits")) {
                Integer pm = asMax(p, dim);
                Integer tm = asMax(t, dim);
                if (pm != null && tm != null && tm < pm) {
                    reasons.add(new Reason(ReadinessReport.AT_RISK, r, "auto scaling max " + dim.substring(dim.lastIndexOf(':') + 1)
                            + " " + tm + " is below " + pr + "'s " + pm));
                }
            }
        }
    }

    private static Set<String> gsiShape(TableSettings t) {
        return t.globalSecondaryIndexes().stream()
                .map(g -> g.name() + "(" + g.partitionKey().name() + (g.sortKey() == null ? "" : "," + g.sortKey().name()) + ")")
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    static Integer asMax(TableSettings t, String dimension) {
        if (t.autoScaling() == null) return null;
        return t.autoScaling().targets().stream().filter(s -> s.dimension().equals(dimension) && !s.resourceId().contains("/index/"))
                .map(TableSettings.ScalableTarget::maxCapacity).findFirst().orElse(null);
    }

    /** Own peak plus the largest peak of another Region: what it carries when that Region fails. */
    private static Double needed(Inputs in, String region, boolean read) {
        Double own = pick(in.peaks().get(region), read);
        Double other = null;
        for (Map.Entry<String, Metrics.Peak> e : in.peaks().entrySet()) {
            if (e.getKey().equals(region)) continue;
            Double v = pick(e.getValue(), read);
            if (v != null && (other == null || v > other)) other = v;
        }
        if (own == null && other == null) return null;
        return (own == null ? 0 : own) + (other == null ? 0 : other);
    }

    static Double pick(Metrics.Peak p, boolean read) {
        if (p == null) return null;
        return read ? p.readUnitsPerSecond() : p.writeUnitsPerSecond();
    }

    /**
     * What a replica can take at once: provisioned tables up to the auto scaling maximum (or the provisioned
     * capacity without auto scaling); on-demand tables twice their previous peak or the warm throughput,
     * whichever is higher, capped by the on-demand maximum.
     */
    static Double ceiling(TableSettings t, Double ownPeak, Integer asMax, boolean read) {
        if (t.isProvisioned()) {
            if (asMax != null) return asMax.doubleValue();
            if (t.provisionedThroughput() == null) return null;
            return (double) (read ? t.provisionedThroughput().readCapacityUnits() : t.provisionedThroughput().writeCapacityUnits());
        }
        Double warm = t.warmThroughput() == null ? null : toD(read ? t.warmThroughput().readUnitsPerSecond() : t.warmThroughput().writeUnitsPerSecond());
        Double twice = ownPeak == null ? null : 2 * ownPeak;
        Double c;
        if (warm == null) c = twice;
        else if (twice == null) c = warm;
        else c = Math.max(warm, twice);
        if (c == null) return null;
        if (t.onDemandThroughput() != null) {
            Long max = read ? t.onDemandThroughput().maxReadRequestUnits() : t.onDemandThroughput().maxWriteRequestUnits();
            if (max != null && max > 0) c = Math.min(c, max);
        }
        return c;
    }

    private static Double toD(Long l) { return l == null ? null : l.doubleValue(); }
}
