package dev.ddbr.report;

import dev.ddbr.audit.AuditReport;
import dev.ddbr.audit.Finding;
import dev.ddbr.profile.AuditSettings.Severity;
import dev.ddbr.skew.PartitionModel.Partitions;
import dev.ddbr.skew.SkewReport;
import dev.ddbr.skew.SkewReport.TopKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fixed, realistic results to render, with the hostile text the escaping must survive. */
final class ReportFixtures {
    static final String HOSTILE_KEY = "tenant#<script>alert('x')</script>";
    static final String QUOTED_KEY = "tenant#\"quoted\" & 'single'";
    static final String NON_ASCII_KEY = "tenant#Zürich-€-日本";
    static final String HOSTILE_TABLE = "orders<b>bold</b>";

    private ReportFixtures() {}

    static ReportMeta meta() {
        return new ReportMeta("ddbr -p prod skew scan orders --report \"<r>.html\"", "prod", Instant.parse("2026-12-08T00:30:00Z"),
                "111111111111", "eu-west-1", "0.1.0");
    }

    /** A scan of 1,000,000 items: one hostile hot key at 24%, then {@code listed} keys in a long tail; one GSI. */
    static SkewReport skew(int listed) {
        long items = 1_000_000;
        List<TopKey> keys = new ArrayList<>();
        keys.add(new TopKey(HOSTILE_KEY, 240_000, 24_000_000L, 0.24));
        keys.add(new TopKey(QUOTED_KEY, 90_000, 9_000_000L, 0.09));
        keys.add(new TopKey(NON_ASCII_KEY, 50_000, 5_000_000L, 0.05));
        long left = items - 380_000;
        for (int i = 3; i < listed; i++) {
            long n = Math.max(1, left / (i * 4L));
            keys.add(new TopKey("tenant#" + i, n, n * 100, (double) n / items));
        }
        List<TopKey> gsi = List.of(new TopKey("PENDING", 600_000, null, 0.6), new TopKey("DONE", 390_000, null, 0.39),
                new TopKey("FAILED", 10_000, null, 0.01));
        var gv = new SkewReport.KeyVerdict("hot", "status 'PENDING' holds 60% of the index's items", 5000.0, 1666.7, 2L);
        var index = new SkewReport.IndexSkew("by-status", "status", 1_000_000, null, 3, true, null, gsi, true, null, 0.6, 0.4,
                true, null, gv, null, null, null, null, null);
        var kv = new SkewReport.KeyVerdict("hot", "the hottest key holds 24% of items on a partition holding more than its "
                + "even share", 12500.0, 4166.7, 5L);
        return new SkewReport("scan", HOSTILE_TABLE, HOSTILE_TABLE, "tenant", "storage", "items", items, 100_000_000L,
                41_250, true, null, List.copyOf(keys), true, null, 0.24, 0.71, true, null, kv, null, null, null, null,
                List.of(index), new Partitions(10, List.of("size: 100 MB / 10 GB per partition = 1", "throughput: 10 partitions")),
                0.10, null, null, false, null, "hot", "HOT: table key '" + HOSTILE_KEY + "' holds 24.0% of items",
                List.of("spread writes of '" + HOSTILE_KEY + "' over N suffixes (write sharding)"),
                List.of("note with <i>markup</i> & \"quotes\""));
    }

    /** orders loses eu-west-1: us-east-1 carries it, ap-south-1 would pass its write ceiling; one table stranded. */
    static dev.ddbr.failover.WhatIf.Result whatIf() {
        var survivors = List.of(
                new dev.ddbr.failover.WhatIf.Survivor("us-east-1", "PROVISIONED", 1200.0, 400.0, 2100.0, 700.0, 4000.0, 1500.0,
                        40000L, 40000L, false, null),
                new dev.ddbr.failover.WhatIf.Survivor("ap-south-1", "PAY_PER_REQUEST", 800.0, 500.0, 1700.0, 800.0, 3000.0, 600.0,
                        40000L, 40000L, true, "write ceiling: twice the previous peak <b>600</b>"));
        var stranded = List.of(new dev.ddbr.failover.WhatIf.Stranded(HOSTILE_TABLE, "AT_RISK", "no copy outside eu-west-1",
                "ENABLED", List.of("eu-west-1: 3 backups"), false, null, null, null, List.of()));
        return new dev.ddbr.failover.WhatIf.Result("orders", "eu-west-1", 1800.0, 600.0, survivors, stranded,
                List.of("peaks over 14 days"), List.of(), "OVERLOADED");
    }

    /** capacity advise over 14 days: orders provisioned at 1,000 reads and peaking above it; a hostile-named GSI on on-demand. */
    static dev.ddbr.capacity.Advisor.Run capacity() {
        java.time.Instant from = java.time.Instant.parse("2026-11-20T00:00:00Z");
        var basis = new dev.ddbr.capacity.CapacityReport.Basis(14, "5 minutes, then 1 minute",
                new dev.ddbr.capacity.CapacityReport.Simulation(0.7, 2, 15, 0.2, 4, "per clock hour at the highest capacity"),
                java.util.Map.of("readUnitHour", 0.00013), "us-east-1 list prices", "2026-11");
        var quality = new dev.ddbr.capacity.CapacityReport.DataQuality("high", from, 14, List.of(), List.of());
        var orders = new dev.ddbr.capacity.CapacityReport.Entry("orders", null,
                new dev.ddbr.capacity.CapacityReport.Current("provisioned", "STANDARD",
                        new dev.ddbr.capacity.CapacityReport.Settings(1000, null, null, null),
                        new dev.ddbr.capacity.CapacityReport.Settings(400, null, null, null)),
                new dev.ddbr.capacity.CapacityReport.Recommended("provisioned", "enable-auto-scaling", "STANDARD",
                        List.of("today's settings throttle 42 minutes <over> the limit"),
                        new dev.ddbr.capacity.CapacityReport.Settings(700, 300, 1800, 0.7),
                        new dev.ddbr.capacity.CapacityReport.Settings(300, 100, 500, 0.7)),
                new dev.ddbr.capacity.CapacityReport.MonthlyCost(140.2, 212.9, 98.4, 3.1, 120.0, "USD"),
                new dev.ddbr.capacity.CapacityReport.Usage(new dev.ddbr.capacity.CapacityReport.DimUsage(1200, 520, 42, 0),
                        new dev.ddbr.capacity.CapacityReport.DimUsage(330, 150, 0, 0)),
                List.of(), null, null, quality, basis);
        var gsi = new dev.ddbr.capacity.CapacityReport.Entry(HOSTILE_TABLE, "by-status",
                new dev.ddbr.capacity.CapacityReport.Current("on-demand", "STANDARD", null, null),
                new dev.ddbr.capacity.CapacityReport.Recommended("on-demand", "keep", "STANDARD", List.of("spiky: on-demand is cheaper"),
                        null, null),
                new dev.ddbr.capacity.CapacityReport.MonthlyCost(20.5, 20.5, 31.0, 0.4, 18.0, "USD"),
                new dev.ddbr.capacity.CapacityReport.Usage(new dev.ddbr.capacity.CapacityReport.DimUsage(90, 12, null, 0),
                        new dev.ddbr.capacity.CapacityReport.DimUsage(60, 8, null, 0)),
                List.of(), null, null, quality, basis);
        var report = new dev.ddbr.capacity.CapacityReport("us-east-1", from, from.plus(java.time.Duration.ofDays(14)), 12,
                List.of(orders, gsi), true);
        java.util.Map<String, dev.ddbr.capacity.Advice.Series> series = new java.util.LinkedHashMap<>();
        series.put("orders", new dev.ddbr.capacity.Advice.Series(from, daily(336, 520, 1200), daily(336, 760, 1700),
                daily(336, 150, 330), daily(336, 220, 470)));
        series.put(HOSTILE_TABLE + "/by-status", new dev.ddbr.capacity.Advice.Series(from, daily(336, 12, 90), daily(336, 20, 130),
                daily(336, 8, 60), daily(336, 12, 86)));
        return new dev.ddbr.capacity.Advisor.Run(report, java.util.Map.of(), series);
    }

    /** Hourly values with a daily peak: {@code base} at night up to {@code peak} at 14:00, the last day's peak the highest. */
    private static double[] daily(int hours, double base, double peak) {
        double[] v = new double[hours];
        for (int h = 0; h < hours; h++) {
            double day = Math.max(0, Math.sin(Math.PI * ((h % 24) - 6) / 16.0));
            double scale = h / 24 == hours / 24 - 1 ? 1.0 : 0.85;
            v[h] = Math.round(base * 0.4 + (peak * scale - base * 0.4) * day);
        }
        return v;
    }

    /** load run: 2,000 ops/s offered, 1,820 achieved; puts throttled on the table's write capacity; p99 SLO breached. */
    static dev.ddbr.load.LoadReport load() {
        var L = new Object() {
            dev.ddbr.load.LoadReport.OpReport op(String name, long n, double rate, double p50, double p99, double max,
                                                 java.util.Map<String, Long> throttles) {
                long t = throttles.values().stream().mapToLong(Long::longValue).sum();
                return new dev.ddbr.load.LoadReport.OpReport(name, n, rate,
                        new dev.ddbr.load.LoadReport.Latency(p50, p50 * 2, p99, p99 * 1.8, max),
                        new dev.ddbr.load.LoadReport.Throttles(t, throttles, java.util.Map.of()),
                        new dev.ddbr.load.LoadReport.Errors(0, java.util.Map.of()), t);
            }
        };
        var get = L.op("get", 72_800, 1213.3, 3.1, 12.4, 48.0, java.util.Map.of());
        var put = L.op("put", 36_400, 606.7, 5.2, 41.9, 230.5,
                java.util.Map.of("TableWriteProvisionedThroughputExceeded", 412L, "<KeyRangeThroughputExceeded>", 37L));
        var total = L.op("total", 109_200, 1820.0, 3.6, 30.2, 230.5,
                java.util.Map.of("TableWriteProvisionedThroughputExceeded", 412L, "<KeyRangeThroughputExceeded>", 37L));
        var slo = List.of(new dev.ddbr.load.Slo.Result("p99 < 25ms", false, 30.2, 25, "ms", "p99 was 30.2 ms"),
                new dev.ddbr.load.Slo.Result("throttles < 1%", true, 0.4, 1, "%", "0.4% throttled"));
        return new dev.ddbr.load.LoadReport(HOSTILE_TABLE, "steady", 64, null, java.time.Instant.parse("2026-12-08T00:00:00Z"),
                "2000/s for 60s", 60, 60, 2000, 1820, 120_000, 109_200, 10_800, false, List.of(get, put), total,
                new dev.ddbr.load.LoadReport.Client(false, "ok", "kept up", 64, 180, 2, 0.01, 4.0, 3.0, 28.0),
                java.util.Map.of(), slo, null, loadSeries());
    }

    /** 60 seconds at 2,000 ops/s offered; writes throttled from 20 s to 35 s, when achieved drops and p99 climbs. */
    static List<dev.ddbr.load.LoadRunner.Interval> loadSeries() {
        List<dev.ddbr.load.LoadRunner.Interval> out = new ArrayList<>();
        for (int i = 1; i <= 60; i++) {
            boolean hot = i >= 20 && i <= 35;
            double rate = hot ? 1_400 + (i % 3) * 40 : 1_950 + (i % 4) * 10;
            out.add(new dev.ddbr.load.LoadRunner.Interval(i, (long) rate, rate, 2_000.0 / 64, hot ? 5.1 : 3.4, hot ? 48.0 + i % 5 : 11.0 + i % 3,
                    hot ? 230.5 : 25.0 + i % 7, hot ? 28 : 0, 0));
        }
        return out;
    }

    static AuditReport audit() {
        List<Finding> f = new ArrayList<>();
        f.add(new Finding("pitr-disabled", "DynamoDB.2", Severity.HIGH, "arn:aws:dynamodb:eu-west-1:111111111111:table/orders",
                "orders", "point-in-time recovery is off", "ddbr pitr enable orders"));
        f.add(new Finding("pitr-disabled", "DynamoDB.2", Severity.HIGH, "arn:aws:dynamodb:eu-west-1:111111111111:table/" + HOSTILE_TABLE,
                HOSTILE_TABLE, "point-in-time recovery is off <script>alert(1)</script>", null));
        f.add(new Finding("deletion-protection", "DynamoDB.6", Severity.MEDIUM, null, "orders", "deletion protection is off",
                "aws dynamodb update-table --table-name orders --deletion-protection-enabled"));
        f.add(new Finding("kms-customer-key", null, Severity.CRITICAL, null, "payments", "the key is disabled: Zürich team's key",
                null));
        f.add(new Finding("alarms", null, Severity.LOW, null, "payments", "no throttling alarm", "ddbr alarms apply"));
        f.add(new Finding("iam-delete-table", null, Severity.INFO, null, null, "role \"ci\" can delete every table", null));
        return AuditReport.of("111111111111", "eu-west-1", List.of("orders", "payments", HOSTILE_TABLE), 12, f, Severity.HIGH);
    }

    /**
     * A point-in-time restore of the hostile-named table that took 14m 52s: the call, 13 minutes of waiting, nine
     * fix-ups (one failed, with a hostile AWS message), the drift check and the item count.
     */
    static dev.ddbr.restore.RestoreReport restore() {
        Instant t0 = Instant.parse("2026-12-08T00:10:00Z");
        List<dev.ddbr.restore.StepTime> steps = new ArrayList<>();
        steps.add(new dev.ddbr.restore.StepTime("restore call", t0, t0.plusMillis(840)));
        steps.add(new dev.ddbr.restore.StepTime("wait for ACTIVE", t0.plusMillis(840), t0.plusSeconds(781)));
        Instant t = t0.plusSeconds(781);
        String[] fix = {"tags", "stream", "ttl", "pitr", "deletionProtection", "autoScalingTargets", "autoScalingPolicies",
            "contributorInsights", "resourcePolicy"};
        int[] ms = {420, 6_300, 2_100, 31_000, 900, 1_800, 1_200, 3_400, 700};
        for (int i = 0; i < fix.length; i++) {
            steps.add(new dev.ddbr.restore.StepTime("fix-up " + fix[i], t, t.plusMillis(ms[i])));
            t = t.plusMillis(ms[i]);
        }
        steps.add(new dev.ddbr.restore.StepTime("drift check", t, t.plusMillis(2_600)));
        t = t.plusMillis(2_600);
        steps.add(new dev.ddbr.restore.StepTime("item count", t, t0.plusSeconds(892)));
        List<dev.ddbr.restore.FixUpResult> fixUps = new ArrayList<>();
        for (String f : fix) {
            fixUps.add("resourcePolicy".equals(f)
                    ? dev.ddbr.restore.FixUpResult.failed(f, "AccessDeniedException: not allowed <script>alert(1)</script>")
                    : dev.ddbr.restore.FixUpResult.applied(f, "as on '" + HOSTILE_TABLE + "'"));
        }
        return new dev.ddbr.restore.RestoreReport("pitr", "COMPLETE_WITH_PROBLEMS", HOSTILE_TABLE,
                "arn:aws:dynamodb:eu-west-1:111111111111:table/orders", "orders-restored-Zürich",
                "arn:aws:dynamodb:eu-west-1:111111111111:table/orders-restored", "eu-west-1", null,
                Instant.parse("2026-12-07T23:58:00Z"), t0, t0.plusSeconds(781), t0.plusSeconds(892), 781L, 892L, fixUps,
                List.of(new dev.ddbr.restore.DriftItem("resourcePolicy", "{\"Statement\":[\"<allow>\"]}", "(none)")), List.of("alarms"),
                null, null, null, null, List.of(), null,
                new dev.ddbr.restore.RestoreReport.Items(1_204_332L, 1_204_100L, "the backup's ItemCount (approximate)", null),
                "fix what failed or differs by hand (the detail column has the AWS error), then check with: ddbr table describe orders-restored",
                "/home/ops/.local/state/ddbr/restores/eu-west-1/orders-restored.json", List.copyOf(steps));
    }

    /** A passing restore drill whose restore took 6m 40s. */
    static dev.ddbr.backup.verify.DrillReport drill() {
        Instant t0 = Instant.parse("2026-12-08T00:10:00Z");
        List<dev.ddbr.restore.StepTime> steps = List.of(
                new dev.ddbr.restore.StepTime("restore call", t0, t0.plusMillis(650)),
                new dev.ddbr.restore.StepTime("wait for ACTIVE", t0.plusMillis(650), t0.plusSeconds(400)),
                new dev.ddbr.restore.StepTime("item count (source and restored)", t0.plusSeconds(400), t0.plusSeconds(431)),
                new dev.ddbr.restore.StepTime("sample compare (100 items)", t0.plusSeconds(431), t0.plusSeconds(433)),
                new dev.ddbr.restore.StepTime("delete the scratch table", t0.plusSeconds(433), t0.plusSeconds(434)));
        return new dev.ddbr.backup.verify.DrillReport(HOSTILE_TABLE, "arn:aws:dynamodb:eu-west-1:111111111111:table/orders/backup/01765152000000-abcdef12",
                "ddbr-orders-2026-12-08 <nightly>", Instant.parse("2026-12-08T00:00:00Z"), "orders-ddbr-drill-20261208T001000000Z-a1b2c3",
                400.0, 52_000, 52_000, true, 100, 100, List.of(), true, null, "PASS", List.of("backup named by \"ops\" & Zürich"), steps);
    }

    /** A readiness check of three Regions: one cannot be described, one is short of write capacity, Route 53 unreadable. */
    static dev.ddbr.failover.ReadinessReport readiness() {
        var eu = new dev.ddbr.failover.ReadinessReport.Replica("eu-west-1", "ACTIVE", "ACTIVE", "2019.11.21", "PROVISIONED", 1000L, 400L,
                4000, 800, List.of("by-status"), "ENABLED", true, "ENABLED expires", "NEW_AND_OLD_IMAGES", "CUSTOMER_MANAGED", "Enabled",
                null, null, 900.0, 350.0, 4000.0, 800.0, 1700.0, 700.0, null);
        var us = new dev.ddbr.failover.ReadinessReport.Replica("us-east-1", "ACTIVE", "ACTIVE", "2019.11.21", "PROVISIONED", 1000L, 300L,
                2000, 500, List.of("by-status"), "ENABLED", true, "ENABLED expires", "NEW_AND_OLD_IMAGES", "CUSTOMER_MANAGED", "Enabled",
                null, null, 800.0, 300.0, 2000.0, 500.0, 1700.0, 650.0, null);
        var ap = new dev.ddbr.failover.ReadinessReport.Replica("ap-southeast-2", null, "ACTIVE", null, null, null, null, null, null,
                List.of(), null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                "cannot describe the table: AccessDeniedException <script>alert(1)</script>");
        return new dev.ddbr.failover.ReadinessReport(HOSTILE_TABLE, List.of("eu-west-1", "us-east-1", "ap-southeast-2"),
                Instant.parse("2026-12-08T00:30:00Z"), 3600, List.of(eu, us, ap),
                List.of(new dev.ddbr.failover.Metrics.Replication("eu-west-1", "us-east-1", 820.0, 2400.0, 12.0),
                        new dev.ddbr.failover.Metrics.Replication("us-east-1", "eu-west-1", 760.0, 1900.0, 8.0),
                        new dev.ddbr.failover.Metrics.Replication("eu-west-1", "ap-southeast-2", null, null, null, "GetMetricData: throttled")),
                new dev.ddbr.failover.ReadinessReport.Route53Info("Z123", "api.example.com", List.of(), List.of(), "AccessDenied: route53:ListResourceRecordSets"),
                new dev.ddbr.failover.ReadinessReport.Estimate(2.4, 5, "the worst replication latency (max over 1h)"),
                new dev.ddbr.failover.ReadinessReport.Estimate(null, 300, "no Route 53 record or app switch time configured"),
                "NOT_READY",
                List.of(new dev.ddbr.failover.ReadinessReport.Reason("NOT_READY", "ap-southeast-2", "the table cannot be described"),
                        new dev.ddbr.failover.ReadinessReport.Reason("NOT_READY", "us-east-1", "write ceiling 500 < needed 650 <b>units</b>")),
                List.of(new dev.ddbr.failover.ReadinessReport.Unavailable("table", "ap-southeast-2", "DescribeTable", "AccessDeniedException"),
                        new dev.ddbr.failover.ReadinessReport.Unavailable("route53", null, "route53:ListResourceRecordSets", "AccessDenied")));
    }

    /** A failover drill with 10 RPO canaries (one never arrived), a 60 s pause with 10 canaries, and load around the switch. */
    static dev.ddbr.failover.DrillReport failoverDrill() {
        List<dev.ddbr.failover.DrillReport.Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long w = 1_000 + i * 200L;
            Long lag = i == 7 ? null : 600L + (i * 137L) % 900;
            arrivals.add(new dev.ddbr.failover.DrillReport.Arrival("c" + i, "baseline", w, lag == null ? null : w + lag, lag));
        }
        for (int i = 0; i < 10; i++) {
            long w = 9_000 + i * 200L;
            long seen = 69_500 + i * 40L;
            arrivals.add(new dev.ddbr.failover.DrillReport.Arrival("p" + i, "pause", w, seen, seen - w));
        }
        var none = new dev.ddbr.load.LoadReport.Errors(0, java.util.Map.of());
        var noThrottle = new dev.ddbr.load.LoadReport.Throttles(0, java.util.Map.of(), java.util.Map.of());
        var load = new dev.ddbr.failover.DrillReport.Load("checkout-peak", "constant 200/s for 2m", List.of(
                new dev.ddbr.failover.DrillReport.LoadPhase("before", "eu-west-1", 4.2, 840, 200, new dev.ddbr.failover.DrillReport.PhaseLatency(4.1, 11.8, 32.0), none, noThrottle,
                        phaseSeries(4, 4.0, 11.0, 0)),
                new dev.ddbr.failover.DrillReport.LoadPhase("during", "us-east-1", 1.1, 210, 190.9, new dev.ddbr.failover.DrillReport.PhaseLatency(6.3, 88.5, 240.0),
                        new dev.ddbr.load.LoadReport.Errors(3, java.util.Map.of("<timeout>", 3L)), noThrottle, phaseSeries(1, 6.3, 88.5, 3)),
                new dev.ddbr.failover.DrillReport.LoadPhase("after", "us-east-1", 120, 24_000, 200, new dev.ddbr.failover.DrillReport.PhaseLatency(4.4, 13.2, 45.0), none, noThrottle,
                        phaseSeries(120, 4.4, 13.0, 0))));
        return new dev.ddbr.failover.DrillReport("r20261208a", HOSTILE_TABLE, "eu-west-1", "us-east-1", false,
                Instant.parse("2026-12-08T00:10:00Z"), Instant.parse("2026-12-08T00:12:30Z"),
                new dev.ddbr.failover.DrillReport.Plan(10, "pk", "ddbr-canary#r20261208a#", "expires", 60, "resource-policy", 60L, List.of()),
                new dev.ddbr.failover.DrillReport.Canaries(10, 9, 1), new dev.ddbr.failover.DrillReport.Lag(9, 1100, 1450, 1470, 1050),
                new dev.ddbr.failover.DrillReport.Rpo(1.47, 5, true, "1 of 10 canaries never reached us-east-1 within 1m"),
                new dev.ddbr.failover.DrillReport.Probe(true, 0.84, 2, null), new dev.ddbr.failover.DrillReport.Rto(30.84, 300, 30, false),
                new dev.ddbr.failover.DrillReport.Pause("resource-policy", "DdbrPause<r>", 60, 10, 0, 0.46, 0, true, 0, 0, 300, false),
                new dev.ddbr.failover.DrillReport.Cleanup(20, 0), load,
                List.of(new dev.ddbr.failover.DrillReport.Event(0, "drill r20261208a started: " + HOSTILE_TABLE + " eu-west-1 -> us-east-1"),
                        new dev.ddbr.failover.DrillReport.Event(1_000, "first canary written in eu-west-1"),
                        new dev.ddbr.failover.DrillReport.Event(7_100, "load switched to us-east-1"),
                        new dev.ddbr.failover.DrillReport.Event(8_800, "replication into us-east-1 paused (statement DdbrPause<r>)"),
                        new dev.ddbr.failover.DrillReport.Event(68_800, "replication into us-east-1 resumed (pause removed)"),
                        new dev.ddbr.failover.DrillReport.Event(69_900, "all pause canaries caught up in us-east-1"),
                        new dev.ddbr.failover.DrillReport.Event(150_000, "drill finished")),
                "FAILED", List.of("RPO breached: 1 of 10 canaries never reached us-east-1 within 1m"), List.copyOf(arrivals));
    }

    /** {@code seconds} one-second intervals at 200 ops/s with the given p50 and p99; errors in the first second. */
    static List<dev.ddbr.load.LoadRunner.Interval> phaseSeries(int seconds, double p50, double p99, long errors) {
        List<dev.ddbr.load.LoadRunner.Interval> out = new ArrayList<>();
        for (int i = 1; i <= seconds; i++) {
            out.add(new dev.ddbr.load.LoadRunner.Interval(i, 200, 200, 200, p50, p99 + i % 3, p99 * 2, 0, i == 1 ? errors : 0));
        }
        return out;
    }
}
