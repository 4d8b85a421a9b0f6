package dev.ddbr.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbr.table.TableSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftTest {
    static TableSettings settings(String name, Map<String, String> tags, boolean stream, boolean dp, String key,
                                  List<TableSettings.ScalableTarget> targets, List<TableSettings.Unavailable> unavailable) {
        String arn = "arn:aws:dynamodb:us-east-1:1:table/" + name;
        return new TableSettings(name, arn, "us-east-1", "ACTIVE", null,
                new TableSettings.KeyAttr("pk", "S"), null, "PROVISIONED", new TableSettings.Throughput(5, 5), null, null,
                List.of(), List.of(), new TableSettings.Stream(stream, stream ? "NEW_IMAGE" : null, stream ? arn + "/stream/x" : null),
                new TableSettings.Ttl("ENABLED", "exp"), new TableSettings.Pitr("ENABLED", 7, null, null),
                key == null ? new TableSettings.Encryption("AWS_OWNED", null, null, null, "AWS", null, null)
                        : new TableSettings.Encryption("CUSTOMER_MANAGED", "KMS", "ENABLED", key, "CUSTOMER", "Enabled", true),
                dp, "STANDARD", null, List.of(), tags, 0L, 0L,
                new TableSettings.AutoScaling(targets, List.of()), "DISABLED",
                new TableSettings.ResourcePolicy("{\"Statement\":[{\"Sid\":\"a\",\"Resource\":\"" + arn + "\"}]}", "1"),
                List.of(), List.of(), unavailable);
    }

    @Test
    void aFaithfulRestoreHasNoDriftDespiteNewNamesArnsAndDdbrTags() {
        var src = settings("orders", Map.of("team", "x"), true, true, "k1",
                List.of(new TableSettings.ScalableTarget("table/orders", "dynamodb:table:ReadCapacityUnits", 5, 50, false)), List.of());
        var tgt = settings("orders-r", Map.of("team", "x", "ddbr:created-by", "ddbr", "ddbr:restore-of", "orders"), true, true, "k1",
                List.of(new TableSettings.ScalableTarget("table/orders-r", "dynamodb:table:ReadCapacityUnits", 5, 50, false)), List.of());
        Drift.Result r = Drift.compare(src, tgt);
        assertThat(r.items()).isEmpty();
        assertThat(r.unverified()).isEmpty();
    }

    @Test
    void reportsEachDifferenceAndWhatCouldNotBeRead() {
        var src = settings("orders", Map.of("team", "x"), true, true, "k1",
                List.of(new TableSettings.ScalableTarget("table/orders", "dynamodb:table:ReadCapacityUnits", 5, 50, false)), List.of());
        var tgt = settings("orders-r", Map.of(), false, false, null, List.of(),
                List.of(new TableSettings.Unavailable("ttl", "DescribeTimeToLive", "ERROR", "HTTP 500")));
        Drift.Result r = Drift.compare(src, tgt);
        assertThat(r.items()).extracting(DriftItem::field).containsExactlyInAnyOrder("stream", "encryption.keyType",
                "encryption.kmsKeyArn", "deletionProtection", "tags.team", "autoScaling.targets");
        assertThat(r.unverified()).containsExactly("ttl");
    }

    @Test
    void planRewritesNamesAndKeepsTheKeyExplicit() {
        var src = settings("orders", Map.of(), true, true, "k1", List.of(), List.of());
        RestoreRequest req = RestorePlanner.pitrRequest(src, "orders-r", null, false);
        assertThat(req.sseSpecificationOverride()).isEqualTo(new RestoreRequest.Sse(true, "KMS", "k1"));
        assertThat(req.useLatestRestorableTime()).isTrue();
        assertThat(RestorePlanner.rewriteResource("table/orders/index/by-g", "orders", "orders-r")).isEqualTo("table/orders-r/index/by-g");
        assertThat(RestorePlanner.rewriteResource("table/orders-archive", "orders", "x")).isEqualTo("table/orders-archive");
        assertThat(RestorePlanner.alarmName("orders-throttles", "orders", "orders-r")).isEqualTo("orders-r-throttles");
        assertThat(RestorePlanner.alarmName("high reads", "orders", "orders-r")).isEqualTo("high reads (orders-r)");
        assertThat(RestorePlanner.isAutoScalingAlarm("TargetTracking-table/orders-AlarmHigh-1")).isTrue();
        var plan = RestorePlanner.fixUps(src, "orders-r");
        assertThat(plan).extracting(PlannedFixUp::name).isEqualTo(RestorePlanner.FIX_UPS);
        assertThat(plan.stream().filter(p -> p.name().equals("tableClass")).findFirst().orElseThrow().skip()).isNotNull();
    }

    @Test
    void aRestoreTargetNeverGetsTheTagThatLetsDdbrDeleteIt() {
        // the source itself carries created-by (say, an old restore): it is not carried over either
        var src = settings("orders", Map.of("team", "x", "ddbr:created-by", "ddbr"), true, true, "k1", List.of(), List.of());
        assertThat(RestorePlanner.targetTags(src).tags()).containsEntry("team", "x").containsEntry("ddbr:restore-of", "orders")
                .containsEntry("ddbr:restored-by", "ddbr").doesNotContainKey("ddbr:created-by");
        var tags = RestorePlanner.plan("tags", src, "orders-r");
        assertThat(tags.action()).contains("ddbr:restore-of=orders", "ddbr:restored-by=ddbr", "not copied: ddbr:created-by (it would let ddbr delete the new table)")
                .doesNotContain("ddbr:created-by=ddbr");
    }

    @Test
    void driftValuesAreReadableAndAFixUpTheTableContradictsIsFailed() {
        var src = settings("orders", Map.of(), true, true, "k1", List.of(), List.of());
        var tgt = new TableSettings("orders-r", "arn:aws:dynamodb:us-east-1:1:table/orders-r", "us-east-1", "ACTIVE", null,
                src.partitionKey(), null, "PROVISIONED", new TableSettings.Throughput(0, 0), null, null, List.of(), List.of(),
                src.stream(), src.ttl(), src.pointInTimeRecovery(), new TableSettings.Encryption("AWS_OWNED", null, null, null, "AWS", null, null),
                true, "STANDARD", null, List.of(), Map.of(), 0L, 0L, src.autoScaling(), "DISABLED",
                new TableSettings.ResourcePolicy(src.resourcePolicy().policy().replace("table/orders", "table/orders-r"), "1"),
                List.of(), List.of(), List.of());
        Drift.Result r = Drift.compare(src, tgt);
        assertThat(r.items()).filteredOn(i -> i.field().equals("provisionedThroughput")).singleElement()
                .satisfies(i -> {
                    assertThat(i.source()).isEqualTo("5 RCU / 5 WCU");
                    assertThat(i.target()).isEqualTo("0 RCU / 0 WCU");
                });
        assertThat(Drift.show(new TableSettings.OnDemand(100L, null))).isEqualTo("max 100 RRU / max unlimited WRU");

        FixUpResult enc = Drift.verify(FixUpResult.applied("encryption", "UpdateTable SSESpecification"), r.items());
        assertThat(enc.status()).isEqualTo(FixUpResult.FAILED);
        assertThat(enc.detail()).startsWith("requested, but the table still shows encryption.keyType AWS_OWNED (source: CUSTOMER_MANAGED)");
        FixUpResult kept = Drift.verify(FixUpResult.skipped("encryption", "kept by the restore (KMS k1)"), r.items());
        assertThat(kept.status()).isEqualTo(FixUpResult.FAILED);
        // a setting the drift check agrees with, and an honest skip, stay as they were
        assertThat(Drift.verify(FixUpResult.applied("stream", "StreamViewType=NEW_IMAGE"), r.items()).status()).isEqualTo(FixUpResult.APPLIED);
        assertThat(Drift.verify(FixUpResult.skipped("ttl", "TTL is off on the source"), r.items()).status()).isEqualTo(FixUpResult.SKIPPED);
    }

    static TableSettings withAlarms(TableSettings t, List<TableSettings.Alarm> alarms) {
        return new TableSettings(t.name(), t.arn(), t.region(), t.status(), t.creationTime(), t.partitionKey(), t.sortKey(),
                t.billingMode(), t.provisionedThroughput(), t.onDemandThroughput(), t.warmThroughput(), t.globalSecondaryIndexes(),
                t.localSecondaryIndexes(), t.stream(), t.ttl(), t.pointInTimeRecovery(), t.encryption(), t.deletionProtection(),
                t.tableClass(), t.globalTableVersion(), t.replicas(), t.tags(), t.itemCount(), t.sizeBytes(), t.autoScaling(),
                t.contributorInsights(), t.resourcePolicy(), t.kinesisDestinations(), alarms, t.unavailable());
    }

    static TableSettings.Alarm p99(String table, String ext, Integer datapoints) {
        return new TableSettings.Alarm(table + "-p99", "SuccessfulRequestLatency", "AWS/DynamoDB", null, 25.0, "GreaterThanThreshold",
                5, 60, Map.of("TableName", table), List.of("arn:sns"), List.of(), List.of(), null, "notBreaching", ext, datapoints,
                "Milliseconds", false, "ignore", null, List.of(), "arn:aws:cloudwatch:us-east-1:1:alarm:" + table + "-p99", Map.of("team", "db"));
    }

    @Test
    void alarmsAreComparedFieldByFieldWithTheirNamesAndDimensionsRewritten() {
        var src = withAlarms(settings("orders", Map.of(), false, false, null, List.of(), List.of()), List.of(p99("orders", "p99", 3)));
        var same = withAlarms(settings("orders-r", Map.of(), false, false, null, List.of(), List.of()), List.of(p99("orders-r", "p99", 3)));
        assertThat(Drift.compare(src, same).items()).isEmpty();

        var lost = withAlarms(settings("orders-r", Map.of(), false, false, null, List.of(), List.of()), List.of(p99("orders-r", null, null)));
        assertThat(Drift.compare(src, lost).items()).extracting(DriftItem::field, DriftItem::source, DriftItem::target).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alarms.orders-r-p99.extendedStatistic", "p99", null),
                org.assertj.core.groups.Tuple.tuple("alarms.orders-r-p99.datapointsToAlarm", "3", null));
        FixUpResult claimed = Drift.verify(FixUpResult.applied("alarms", "1 alarm(s)"), Drift.compare(src, lost).items());
        assertThat(claimed.status()).isEqualTo("FAILED");

        var none = withAlarms(settings("orders-r", Map.of(), false, false, null, List.of(), List.of()), List.of());
        assertThat(Drift.compare(src, none).items()).extracting(DriftItem::field).containsExactly("alarms.orders-r-p99");
    }
}
