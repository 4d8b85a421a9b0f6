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
}
